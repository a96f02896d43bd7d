#pragma once
// Reads single members out of server frames without building a JSON tree, so the hot path does
// not allocate. Not a parser: it finds the first `"key":` in the text. That is sound for the
// frames it is used on (event, ack, caught_up, error) because PROTOCOL.md fixes their shape and
// the key names it looks for occur once, outside any string the load generator wrote.
// Frames read rarely (welcome) go through nlohmann::json instead.
#include <cstdint>
#include <optional>
#include <string_view>

namespace mr::loadgen {

// `key` is given with its quotes, e.g. R"("seq")".
std::optional<std::int64_t> int_member(std::string_view json, std::string_view key);
// The raw string between the quotes; escapes are left as they are.
std::optional<std::string_view> string_member(std::string_view json, std::string_view key);
std::optional<bool> bool_member(std::string_view json, std::string_view key);

// A message text the load generator wrote: "lg <sender> <counter> <send_ns> <padding>".
struct StampedText {
  std::uint32_t sender = 0;   // global participant index
  std::uint64_t counter = 0;  // the sender's send counter, also in the frame id "m<counter>"
  std::int64_t send_ns = 0;   // steady clock
};
std::optional<StampedText> parse_stamp(std::string_view text);

}  // namespace mr::loadgen
