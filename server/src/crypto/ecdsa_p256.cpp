#include "crypto/ecdsa_p256.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstring>
#include <stdexcept>

namespace mr::crypto {
namespace {

using MdCtx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

// The fixed DER prefix of a P-256 SubjectPublicKeyInfo (id-ecPublicKey, prime256v1, a 66-byte
// BIT STRING): what remains is the 65-byte uncompressed point.
constexpr unsigned char kSpkiPrefix[] = {0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48,
                                         0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
                                         0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00};

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// A DER INTEGER for an unsigned big-endian number: minimal length, and a 0x00 in front when the
// top bit is set so it does not read as negative.
void append_der_integer(std::string& out, std::string_view magnitude) {
  while (magnitude.size() > 1 && magnitude.front() == '\0') magnitude.remove_prefix(1);
  const bool pad = (static_cast<unsigned char>(magnitude.front()) & 0x80) != 0;
  out += '\x02';
  out += char(magnitude.size() + (pad ? 1 : 0));
  if (pad) out += '\0';
  out.append(magnitude);
}

// Reads one strict DER INTEGER holding a positive number of at most 32 bytes; writes it
// left-padded into `out32`. Advances `in`.
bool read_der_integer(std::string_view& in, char* out32) {
  if (in.size() < 2 || in[0] != '\x02') return false;
  const std::size_t len = static_cast<unsigned char>(in[1]);
  if (len == 0 || len > 33 || in.size() < 2 + len) return false;
  std::string_view value = in.substr(2, len);
  in.remove_prefix(2 + len);
  const auto first = static_cast<unsigned char>(value[0]);
  if (first & 0x80) return false;  // negative
  if (first == 0) {
    if (len == 1) return false;  // zero is never a valid r or s
    if (!(static_cast<unsigned char>(value[1]) & 0x80)) return false;  // non-minimal
    value.remove_prefix(1);
  }
  if (value.size() > 32) return false;
  std::memset(out32, 0, 32);
  std::memcpy(out32 + (32 - value.size()), value.data(), value.size());
  return true;
}

bool is_p256(EVP_PKEY* key) {
  if (!EVP_PKEY_is_a(key, "EC")) return false;
  char group[64] = {};
  std::size_t len = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len) !=
      1)
    return false;
  return std::string_view(group, len) == "prime256v1";
}

std::shared_ptr<EVP_PKEY> parse_spki(std::string_view der) {
  const unsigned char* p = bytes(der);
  EVP_PKEY* key = d2i_PUBKEY(nullptr, &p, long(der.size()));
  if (!key) return nullptr;
  std::shared_ptr<EVP_PKEY> owned(key, EVP_PKEY_free);
  if (p != bytes(der) + der.size() || !is_p256(key)) return nullptr;
  return owned;
}

}  // namespace

std::optional<std::string> ecdsa_raw_to_der(std::string_view raw) {
  if (raw.size() != kEcdsaP256RawSignatureSize) return std::nullopt;
  std::string body;
  append_der_integer(body, raw.substr(0, 32));
  append_der_integer(body, raw.substr(32, 32));
  std::string out;
  out += '\x30';
  out += char(body.size());  // at most 70 bytes: the short length form always fits
  out += body;
  return out;
}

std::optional<std::string> ecdsa_der_to_raw(std::string_view der) {
  if (der.size() < 2 || der[0] != '\x30') return std::nullopt;
  const std::size_t len = static_cast<unsigned char>(der[1]);
  if (len >= 0x80 || der.size() != 2 + len) return std::nullopt;
  std::string_view rest = der.substr(2);
  std::string raw(kEcdsaP256RawSignatureSize, '\0');
  if (!read_der_integer(rest, raw.data()) || !read_der_integer(rest, raw.data() + 32) ||
      !rest.empty())
    return std::nullopt;
  return raw;
}

std::optional<EcdsaP256PublicKey> EcdsaP256PublicKey::from_raw(std::string_view point) {
  if (point.size() != kEcdsaP256RawPublicKeySize || point[0] != '\x04') return std::nullopt;
  std::string der(reinterpret_cast<const char*>(kSpkiPrefix), sizeof kSpkiPrefix);
  der.append(point);
  auto key = parse_spki(der);
  if (!key) return std::nullopt;
  return EcdsaP256PublicKey(std::move(key));
}

std::optional<EcdsaP256PublicKey> EcdsaP256PublicKey::from_spki_der(std::string_view der) {
  auto key = parse_spki(der);
  if (!key) return std::nullopt;
  return EcdsaP256PublicKey(std::move(key));
}

std::string EcdsaP256PublicKey::raw() const {
  // Re-encode from the DER form: its point is uncompressed whatever form the key arrived in.
  std::string der = spki_der();
  if (der.size() == sizeof kSpkiPrefix + kEcdsaP256RawPublicKeySize &&
      std::memcmp(der.data(), kSpkiPrefix, sizeof kSpkiPrefix) == 0)
    return der.substr(sizeof kSpkiPrefix);
  unsigned char point[kEcdsaP256RawPublicKeySize];
  std::size_t len = 0;
  if (EVP_PKEY_set_utf8_string_param(key_.get(), OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
                                     "uncompressed") != 1 ||
      EVP_PKEY_get_octet_string_param(key_.get(), OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point,
                                      &len) != 1 ||
      len != sizeof point)
    throw std::runtime_error("ecdsa: cannot export the public point");
  return std::string(reinterpret_cast<char*>(point), len);
}

std::string EcdsaP256PublicKey::spki_der() const {
  unsigned char* der = nullptr;
  int len = i2d_PUBKEY(key_.get(), &der);
  if (len <= 0) throw std::runtime_error("ecdsa: cannot encode the public key");
  std::string out(reinterpret_cast<char*>(der), std::size_t(len));
  OPENSSL_free(der);
  return out;
}

bool EcdsaP256PublicKey::verify(std::string_view message, std::string_view raw_signature) const {
  auto der = ecdsa_raw_to_der(raw_signature);
  if (!der) return false;
  MdCtx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) == 1 &&
         EVP_DigestVerify(ctx.get(), bytes(*der), der->size(), bytes(message), message.size()) == 1;
}

EcdsaP256Signer EcdsaP256Signer::generate() {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  if (!key) throw std::runtime_error("ecdsa: key generation failed");
  return EcdsaP256Signer(std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free));
}

EcdsaP256PublicKey EcdsaP256Signer::public_key() const {
  unsigned char* der = nullptr;
  int len = i2d_PUBKEY(key_.get(), &der);
  if (len <= 0) throw std::runtime_error("ecdsa: cannot encode the public key");
  std::string spki(reinterpret_cast<char*>(der), std::size_t(len));
  OPENSSL_free(der);
  return *EcdsaP256PublicKey::from_spki_der(spki);
}

std::string EcdsaP256Signer::sign(std::string_view message) const {
  MdCtx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::size_t len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, bytes(message), message.size()) != 1)
    throw std::runtime_error("ecdsa: signing failed");
  std::string der(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(der.data()), &len, bytes(message),
                     message.size()) != 1)
    throw std::runtime_error("ecdsa: signing failed");
  der.resize(len);
  auto raw = ecdsa_der_to_raw(der);
  if (!raw) throw std::runtime_error("ecdsa: OpenSSL produced a signature that is not strict DER");
  return *raw;
}

}  // namespace mr::crypto
