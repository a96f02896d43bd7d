#include "frame_scan.hpp"

#include <charconv>

namespace mr::loadgen {
namespace {

// The position just after `"key"` and its colon, skipping JSON white space.
std::optional<std::size_t> value_start(std::string_view json, std::string_view key) {
  const auto at = json.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  auto i = at + key.size();
  auto skip_space = [&] {
    while (i < json.size() && (json[i] == ' ' || json[i] == '\n' || json[i] == '\t' ||
                               json[i] == '\r'))
      ++i;
  };
  skip_space();
  if (i >= json.size() || json[i] != ':') return std::nullopt;
  ++i;
  skip_space();
  return i;
}

}  // namespace

std::optional<std::int64_t> int_member(std::string_view json, std::string_view key) {
  auto i = value_start(json, key);
  if (!i) return std::nullopt;
  std::int64_t out = 0;
  auto [end, ec] = std::from_chars(json.data() + *i, json.data() + json.size(), out);
  if (ec != std::errc{}) return std::nullopt;
  return out;
}

std::optional<std::string_view> string_member(std::string_view json, std::string_view key) {
  auto i = value_start(json, key);
  if (!i || *i >= json.size() || json[*i] != '"') return std::nullopt;
  const auto begin = *i + 1;
  auto end = begin;
  while (end < json.size() && json[end] != '"') end += json[end] == '\\' ? 2 : 1;
  if (end >= json.size()) return std::nullopt;
  return json.substr(begin, end - begin);
}

std::optional<bool> bool_member(std::string_view json, std::string_view key) {
  auto i = value_start(json, key);
  if (!i) return std::nullopt;
  const auto rest = json.substr(*i);
  if (rest.starts_with("true")) return true;
  if (rest.starts_with("false")) return false;
  return std::nullopt;
}

std::optional<StampedText> parse_stamp(std::string_view text) {
  if (!text.starts_with("lg ")) return std::nullopt;
  const char* p = text.data() + 3;
  const char* end = text.data() + text.size();
  StampedText s;
  auto r1 = std::from_chars(p, end, s.sender);
  if (r1.ec != std::errc{} || r1.ptr == end || *r1.ptr != ' ') return std::nullopt;
  auto r2 = std::from_chars(r1.ptr + 1, end, s.counter);
  if (r2.ec != std::errc{} || r2.ptr == end || *r2.ptr != ' ') return std::nullopt;
  auto r3 = std::from_chars(r2.ptr + 1, end, s.send_ns);
  if (r3.ec != std::errc{}) return std::nullopt;
  return s;
}

}  // namespace mr::loadgen
