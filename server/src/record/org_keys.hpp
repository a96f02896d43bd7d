#pragma once
// The mediation organisations' seal keys (电子印章), Ed25519, kept in <data_dir>/orgs/ (mode 0700):
// one PEM private key per organisation (0600) and orgs.json listing each organisation's name and
// public key. An administrator makes one with `mediation-room org add`; the server seals a
// concluded agreement with the key of the presiding mediator's organisation.
//
// Thread-safety: const members may be called concurrently.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crypto/ed25519.hpp"

namespace mr::record {

struct OrgKey {
  std::string org;          // the organisation's name, as mediator accounts spell it
  std::string public_key;   // 32 raw bytes
  std::string fingerprint;  // hex SHA-256 of the public key
  std::int64_t created_ms = 0;
};

class OrgKeys {
 public:
  // Reads <data_dir>/orgs (none yet: no keys). Throws std::runtime_error with the reason if the
  // directory is unreadable or inconsistent.
  static OrgKeys load(const std::filesystem::path& data_dir);
  // Makes the organisation's key; throws std::runtime_error if it has one already or the files
  // cannot be written.
  static OrgKey add(const std::filesystem::path& data_dir, const std::string& org,
                    std::int64_t now_ms);

  const std::vector<OrgKey>& list() const { return keys_; }
  const OrgKey* find(const std::string& org) const;
  // The organisation's Ed25519 signature of `message`; nullopt if it has no key.
  std::optional<std::string> sign(const std::string& org, std::string_view message) const;

 private:
  std::vector<OrgKey> keys_;
  std::map<std::string, crypto::Ed25519Key> signers_;
};

}  // namespace mr::record
