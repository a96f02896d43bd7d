#pragma once
// C2SP signed-note (protocol/RECORD.md §4) with Ed25519 signatures: a UTF-8 text body ending in a
// newline, a blank line, then one line per signature, "— <key name> <base64(key id || sig)>".
// The key id is the first 4 bytes of SHA-256(key name || 0x0A || 0x01 || public key), 0x01
// being the Ed25519 signature type. Pure functions, thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/ed25519.hpp"

namespace mr::record {

struct NoteSignature {
  std::string key_name;
  std::uint32_t key_id = 0;
  std::string signature;  // the bytes after the key id (64 for Ed25519)
};

struct SignedNote {
  std::string body;  // the signed text, ending in "\n"
  std::vector<NoteSignature> signatures;
};

// A key name is non-empty UTF-8 without spaces, newlines or '+' (the spec's rule).
bool valid_key_name(std::string_view name);
std::uint32_t note_key_id(std::string_view key_name, std::string_view ed25519_public_key);
std::string key_id_hex(std::uint32_t key_id);  // 8 lowercase hex digits

// The whole note: `body` (must end in "\n" and hold no blank line), a blank line, and one
// Ed25519 signature line. Throws std::invalid_argument on a malformed body or key name.
std::string sign_note(std::string_view body, std::string_view key_name,
                      const crypto::Ed25519Key& key);

// Splits a note into body and signature lines; nullopt with `why` set if malformed.
std::optional<SignedNote> parse_signed_note(std::string_view text, std::string* why = nullptr);

// True when `note` carries a signature by (key_name, public key) with the right key id that
// verifies over its body.
bool verify_note_signature(const SignedNote& note, std::string_view key_name,
                           std::string_view ed25519_public_key);

}  // namespace mr::record
