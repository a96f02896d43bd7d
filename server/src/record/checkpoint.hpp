#pragma once
// A room's checkpoint in the C2SP tlog-checkpoint format (protocol/RECORD.md §4): the body
// "<origin>\n<size>\n<base64 root>\n" as a signed note. Pure functions, thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/ed25519.hpp"
#include "record/merkle_tree.hpp"
#include "record/signed_note.hpp"

namespace mr::record {

inline constexpr std::string_view kDefaultServerName = "mediation-room.localhost";

// "<server name>/room/<room id>": names the log a checkpoint belongs to.
std::string room_origin(std::string_view room_id,
                        std::string_view server_name = kDefaultServerName);

struct Checkpoint {
  std::string origin;
  std::uint64_t size = 0;
  Hash root{};
};

std::string checkpoint_body(const Checkpoint& checkpoint);

// The signed note text of the checkpoint (origin, size, root), signed by `key` under `key_name`.
std::string sign_checkpoint(std::string_view origin, std::uint64_t size, const Hash& root,
                            std::string_view key_name, const crypto::Ed25519Key& key);

struct ParsedCheckpoint {
  Checkpoint checkpoint;
  SignedNote note;
};

// Parses a checkpoint note (no extension lines). Does not check signatures: use
// verify_note_signature on `note` with the keys you trust.
std::optional<ParsedCheckpoint> parse_checkpoint(std::string_view text, std::string* why = nullptr);

}  // namespace mr::record
