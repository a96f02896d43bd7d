#pragma once
// The verifier's reading of a C2SP signed note and of a tlog checkpoint body (RECORD.md §4),
// written apart from the writer's so that a misreading of the spec is not shared. Pure.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mr::verify {

struct NoteLine {
  std::string key_name;
  std::string key_id;     // 4 raw bytes
  std::string signature;  // raw bytes after the key id
};

struct Note {
  std::string body;  // the signed bytes, through the newline before the blank line
  std::vector<NoteLine> signatures;
};

struct CheckpointBody {
  std::string origin;
  std::uint64_t size = 0;
  std::string root;  // 32 raw bytes
};

// nullopt with `why` set when the text is not a well-formed signed note.
std::optional<Note> read_note(std::string_view text, std::string& why);
// nullopt with `why` set unless the body is exactly origin, size and root lines.
std::optional<CheckpointBody> read_checkpoint_body(std::string_view body, std::string& why);
// First 4 bytes of SHA-256(name || "\n" || 0x01 || public key).
std::string ed25519_note_key_id(std::string_view name, std::string_view public_key);

}  // namespace mr::verify
