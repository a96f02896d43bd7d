#pragma once
// An event of a room's record: exact canonical header and body bytes (protocol/RECORD.md §2).
// The header commits to the body by hash, so the Merkle leaf is the header alone and a body may
// be left out of an export while the log still verifies.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace mr::record {

inline constexpr int kEventVersion = 1;

struct Event {
  std::string room;
  std::int64_t seq = 0;
  std::int64_t time_ms = 0;
  std::string actor;    // participant id, or "server"
  std::string kind;     // "message", "participant.joined", …
  std::string channel;  // "main", "caucus:A", "caucus:B", "consult"
  std::string header;   // canonical bytes, hashed into the Merkle leaf
  std::string body;     // canonical bytes, hashed into the header
};

inline constexpr std::size_t kSaltBytes = 16;

// Builds an event with a fresh random salt; `body` must be canonical-able (throws otherwise).
Event make_event(std::string room, std::int64_t seq, std::int64_t time_ms, std::string actor,
                 std::string kind, std::string channel, const nlohmann::json& body);

// The same with a given salt of kSaltBytes raw bytes (throws std::invalid_argument otherwise),
// so that fixed examples (RECORD.md §8) go through the writer the server uses.
Event make_event(std::string room, std::int64_t seq, std::int64_t time_ms, std::string actor,
                 std::string kind, std::string channel, const nlohmann::json& body,
                 std::string_view salt);

// Milliseconds since the Unix epoch, the record's clock.
std::int64_t now_ms();

}  // namespace mr::record
