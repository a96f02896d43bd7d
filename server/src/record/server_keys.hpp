#pragma once
// The server's Ed25519 signing keys, kept in <data_dir>/keys/ (directory mode 0700): one PEM
// private key per key (mode 0600) and keys.json listing every key ever used with its validity
// window, so a rotated-out key stays listed and old checkpoints still verify.
//
// Thread-safety: const members may be called concurrently. rotate() must not run concurrently
// with anything else on the same object; a running server does not see a rotation made by
// another process (the CLI) until it restarts.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/ed25519.hpp"
#include "record/checkpoint.hpp"

namespace mr::record {

struct ServerKey {
  std::string name;         // signed-note key name, e.g. "mediation-room.localhost/key-1"
  std::string key_id;       // 8 hex digits (signed-note key id)
  std::string public_key;   // 32 raw bytes
  std::string fingerprint;  // hex SHA-256 of the raw public key
  std::int64_t valid_from_ms = 0;
  std::optional<std::int64_t> valid_until_ms;  // nullopt while it is the current key
};

class ServerKeys {
 public:
  // Loads <data_dir>/keys, creating it and a first key when absent. Throws std::runtime_error on
  // an unreadable or inconsistent key directory (a start-up error).
  static ServerKeys load_or_create(const std::filesystem::path& data_dir,
                                   std::string_view server_name = kDefaultServerName,
                                   std::int64_t now_ms = 0);

  const std::vector<ServerKey>& list() const { return keys_; }
  const ServerKey& current() const { return keys_.back(); }
  const crypto::Ed25519Key& current_signer() const { return signer_; }
  const ServerKey* find(std::string_view name) const;

  // Makes a new current key valid from `now_ms` and closes the old one's window at `now_ms`.
  // Throws std::runtime_error if the key files cannot be written.
  void rotate(std::int64_t now_ms = 0);

  // Signs a room checkpoint with the current key.
  std::string sign_checkpoint(std::string_view origin, std::uint64_t size, const Hash& root) const;

  // keys.json without any private detail, as an export bundle carries it (RECORD.md §6).
  std::string public_listing_json() const;

 private:
  ServerKeys(std::filesystem::path dir, std::string server_name, std::vector<ServerKey> keys,
             crypto::Ed25519Key signer)
      : dir_(std::move(dir)),
        server_name_(std::move(server_name)),
        keys_(std::move(keys)),
        signer_(std::move(signer)) {}
  void write_listing() const;

  std::filesystem::path dir_;
  std::string server_name_;
  std::vector<ServerKey> keys_;  // oldest first; the last one is current
  crypto::Ed25519Key signer_;
};

}  // namespace mr::record
