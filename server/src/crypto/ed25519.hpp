#pragma once
// Ed25519 signing keys (OpenSSL EVP, EVP_PKEY_ED25519): the server's checkpoint and manifest key.
// Thread-safety: an Ed25519Key is immutable once made; its const members may run concurrently
// (each call uses its own EVP context). The free functions are pure.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

typedef struct evp_pkey_st EVP_PKEY;

namespace mr::crypto {

inline constexpr std::size_t kEd25519PublicKeySize = 32;
inline constexpr std::size_t kEd25519SignatureSize = 64;

class Ed25519Key {
 public:
  static Ed25519Key generate();
  // The key whose 32-byte private seed is `seed` (RFC 8032 §5.1.5); nullopt if not 32 bytes.
  static std::optional<Ed25519Key> from_seed(std::string_view seed);
  // Parses a PKCS#8 PEM private key; nullopt (with `why` set) if it is not an Ed25519 key.
  static std::optional<Ed25519Key> from_pem(std::string_view pem, std::string* why = nullptr);
  static std::optional<Ed25519Key> load_pem_file(const std::filesystem::path& path,
                                                 std::string* why = nullptr);

  std::string to_pem() const;
  // Writes the PEM to `path` with mode 0600 (through a temporary file and a rename, so a crash
  // never leaves half a key). Returns false with `why` set on failure.
  bool save_pem_file(const std::filesystem::path& path, std::string* why = nullptr) const;

  std::string public_key() const;                    // 32 raw bytes
  std::string sign(std::string_view message) const;  // 64 raw bytes

 private:
  explicit Ed25519Key(std::shared_ptr<EVP_PKEY> key) : key_(std::move(key)) {}
  std::shared_ptr<EVP_PKEY> key_;
};

// True when `signature` (64 bytes) is a valid Ed25519 signature of `message` by `public_key`
// (32 raw bytes). Any malformed input gives false.
bool ed25519_verify(std::string_view public_key, std::string_view message,
                    std::string_view signature);

}  // namespace mr::crypto
