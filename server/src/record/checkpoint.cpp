#include "record/checkpoint.hpp"

#include <charconv>
#include <cstring>

#include "crypto/encoding.hpp"

namespace mr::record {
namespace {

void set(std::string* why, std::string text) {
  if (why) *why = std::move(text);
}

std::optional<std::uint64_t> parse_decimal(std::string_view s) {
  if (s.empty() || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::string room_origin(std::string_view room_id, std::string_view server_name) {
  std::string out(server_name);
  out += "/room/";
  out += room_id;
  return out;
}

std::string checkpoint_body(const Checkpoint& c) {
  return c.origin + "\n" + std::to_string(c.size) + "\n" +
         crypto::to_base64(crypto::as_view(c.root)) + "\n";
}

std::string sign_checkpoint(std::string_view origin, std::uint64_t size, const Hash& root,
                            std::string_view key_name, const crypto::Ed25519Key& key) {
  return sign_note(checkpoint_body({std::string(origin), size, root}), key_name, key);
}

std::optional<ParsedCheckpoint> parse_checkpoint(std::string_view text, std::string* why) {
  auto note = parse_signed_note(text, why);
  if (!note) return std::nullopt;
  std::string_view body = note->body;
  std::string_view lines[3];
  for (auto& line : lines) {
    const std::size_t eol = body.find('\n');
    if (eol == std::string_view::npos) {
      set(why, "a checkpoint body has three lines: origin, size, root");
      return std::nullopt;
    }
    line = body.substr(0, eol);
    body.remove_prefix(eol + 1);
  }
  if (!body.empty()) {
    set(why, "unexpected extension lines after the root hash");
    return std::nullopt;
  }
  ParsedCheckpoint out;
  out.checkpoint.origin = std::string(lines[0]);
  if (out.checkpoint.origin.empty()) {
    set(why, "empty origin line");
    return std::nullopt;
  }
  auto size = parse_decimal(lines[1]);
  if (!size) {
    set(why, "the size line is not a decimal number: '" + std::string(lines[1]) + "'");
    return std::nullopt;
  }
  out.checkpoint.size = *size;
  auto root = crypto::from_base64(lines[2]);
  if (!root || root->size() != out.checkpoint.root.size()) {
    set(why, "the root line is not a base64 SHA-256 hash");
    return std::nullopt;
  }
  std::memcpy(out.checkpoint.root.data(), root->data(), root->size());
  out.note = std::move(*note);
  return out;
}

}  // namespace mr::record
