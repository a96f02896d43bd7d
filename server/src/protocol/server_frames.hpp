#pragma once
// Encoders for frames the server sends (PROTOCOL.md §4). Pure functions, thread-safe.
#include <chrono>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "room/committed_event.hpp"
#include "room/member.hpp"

namespace mr::protocol {

struct ConnectionLimits {
  std::size_t max_frame = 64 << 10;
  int rate = 20;  // frames per second, sustained
  int burst = 40;
  std::chrono::seconds hello_timeout{10};  // the first frame, hello, must come within this
};

std::string case_frame(const room::CaseState& state);

// The event frame, encoded once per event and shared by all its recipients: the header and body
// are spliced in verbatim, so clients get the exact canonical bytes that were hashed.
const std::shared_ptr<const std::string>& event_frame(const room::CommittedEvent& event);

std::string welcome_frame(const room::Welcome& welcome, const ConnectionLimits& limits);
std::string caught_up_frame(std::int64_t head);
std::string ack_frame(const std::string& client_id, std::int64_t seq, bool duplicate);
// Encoded once per list and shared by every viewer given that list.
const std::shared_ptr<const std::string>& presence_frame(const room::PresenceList& list);
std::string typing_frame(room::Channel channel, const std::string& participant);
std::string error_frame(std::string_view code, const std::string& message, const std::string& ref,
                        std::string_view rule = {});
// `ref`: the id of the request answered, empty for a pushed checkpoint.
std::string checkpoint_frame(const std::string& note, const std::string& ref = {});
std::string access_frame(const room::Identity& who, bool in_main);
std::string proof_frame(const std::string& ref, std::int64_t seq, std::int64_t size,
                        const std::string& leaf, const std::vector<std::string>& path);
std::string consistency_frame(const std::string& ref, std::int64_t from, std::int64_t to,
                              const std::vector<std::string>& path);

}  // namespace mr::protocol
