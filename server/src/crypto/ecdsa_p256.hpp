#pragma once
// ECDSA P-256 with SHA-256, as browsers make it with WebCrypto: a participant's co-signing key.
// WebCrypto gives signatures as raw r||s (2 × 32 bytes, IEEE P1363) and public keys as a raw
// uncompressed point (0x04||X||Y, 65 bytes) or SPKI DER; OpenSSL wants DER signatures, hence the
// conversions. Thread-safety: public keys and signers are immutable after creation; their const
// members may run concurrently. The free functions are pure.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

typedef struct evp_pkey_st EVP_PKEY;

namespace mr::crypto {

inline constexpr std::size_t kEcdsaP256RawSignatureSize = 64;
inline constexpr std::size_t kEcdsaP256RawPublicKeySize = 65;

// r||s (64 bytes) → DER ECDSA-Sig-Value; nullopt if not 64 bytes.
std::optional<std::string> ecdsa_raw_to_der(std::string_view raw);
// DER ECDSA-Sig-Value → r||s; nullopt unless strict DER with r and s of at most 32 bytes.
std::optional<std::string> ecdsa_der_to_raw(std::string_view der);

class EcdsaP256PublicKey {
 public:
  // A raw uncompressed point (65 bytes, 0x04||X||Y) on P-256.
  static std::optional<EcdsaP256PublicKey> from_raw(std::string_view point);
  // A DER SubjectPublicKeyInfo holding a P-256 key, with no trailing bytes.
  static std::optional<EcdsaP256PublicKey> from_spki_der(std::string_view der);

  std::string raw() const;       // 65 bytes, uncompressed
  std::string spki_der() const;  // DER SubjectPublicKeyInfo
  // True when `raw_signature` (r||s) is a valid ECDSA P-256 SHA-256 signature of `message`.
  bool verify(std::string_view message, std::string_view raw_signature) const;

 private:
  explicit EcdsaP256PublicKey(std::shared_ptr<EVP_PKEY> key) : key_(std::move(key)) {}
  std::shared_ptr<EVP_PKEY> key_;
};

// Signs like a browser does (raw r||s). Only tests use it: the server never holds a
// participant's private key.
class EcdsaP256Signer {
 public:
  static EcdsaP256Signer generate();
  EcdsaP256PublicKey public_key() const;
  std::string sign(std::string_view message) const;  // r||s, 64 bytes

 private:
  explicit EcdsaP256Signer(std::shared_ptr<EVP_PKEY> key) : key_(std::move(key)) {}
  std::shared_ptr<EVP_PKEY> key_;
};

}  // namespace mr::crypto
