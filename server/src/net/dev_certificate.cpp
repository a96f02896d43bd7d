#include "net/dev_certificate.hpp"

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cstdio>
#include <ctime>
#include <memory>
#include <stdexcept>

namespace mr::net {
namespace {

template <typename T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, decltype([](T* p) { Free(p); })>;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("dev certificate: ") + what);
}

void add_extension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  Owned<X509_EXTENSION, X509_EXTENSION_free> ext(
      X509V3_EXT_conf_nid(nullptr, &ctx, nid, const_cast<char*>(value)));
  check(ext && X509_add_ext(cert, ext.get(), -1) == 1, "extension");
}

void write_file(const std::filesystem::path& path, mode_t mode, auto write) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  check(f != nullptr, "cannot create file");
  ::chmod(path.c_str(), mode);
  bool ok = write(f);
  std::fclose(f);
  check(ok, "cannot write PEM");
}

constexpr int kSerialBits = 128;

// Why a development certificate made earlier must be made again (empty: it may stay): made before
// serials were random, or about to expire.
std::string replace_reason(const std::filesystem::path& chain) {
  std::FILE* f = std::fopen(chain.c_str(), "rb");
  if (f == nullptr) return "cannot be read";
  Owned<X509, X509_free> cert(PEM_read_X509(f, nullptr, nullptr, nullptr));
  std::fclose(f);
  if (!cert) return "cannot be read";
  Owned<BIGNUM, BN_free> serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert.get()), nullptr));
  if (!serial || BN_num_bits(serial.get()) < 64) return "has a serial of under 64 bits";
  const std::time_t in_a_month = std::time(nullptr) + 30L * 24 * 3600;
  if (X509_cmp_time(X509_get0_notAfter(cert.get()), const_cast<std::time_t*>(&in_a_month)) < 0)
    return "expires within a month";
  return {};
}

}  // namespace

CertificatePaths ensure_dev_certificate(const std::filesystem::path& dir) {
  CertificatePaths paths{dir / "dev-cert.pem", dir / "dev-key.pem"};
  if (std::filesystem::exists(paths.chain) && std::filesystem::exists(paths.key)) {
    auto why = replace_reason(paths.chain);
    if (why.empty()) return paths;
    spdlog::warn("making a new development certificate: the one in {} {}", dir.string(), why);
  }
  std::filesystem::create_directories(dir);
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all);

  Owned<EVP_PKEY, EVP_PKEY_free> key(EVP_EC_gen("P-256"));
  check(key != nullptr, "key generation");
  Owned<X509, X509_free> cert(X509_new());
  X509_set_version(cert.get(), 2);
  // 128 random bits (CA/Browser Forum: at least 64), so no two certificates share a serial.
  Owned<BIGNUM, BN_free> serial(BN_new());
  check(serial && BN_rand(serial.get(), kSerialBits, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 &&
            BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) != nullptr,
        "serial");
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 365L * 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("mediation-room development"),
                             -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  add_extension(cert.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1");
  add_extension(cert.get(), NID_basic_constraints, "critical,CA:FALSE");
  add_extension(cert.get(), NID_ext_key_usage, "serverAuth");
  check(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0, "signing");

  write_file(paths.key, 0600, [&](std::FILE* f) {
    return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
  });
  write_file(paths.chain, 0644, [&](std::FILE* f) { return PEM_write_X509(f, cert.get()) == 1; });
  return paths;
}

}  // namespace mr::net
