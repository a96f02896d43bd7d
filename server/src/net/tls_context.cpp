#include "net/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <fstream>
#include <iterator>

namespace mr::net {
namespace {

template <typename T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, decltype([](T* p) { Free(p); })>;

// TLS 1.2 suites of the intermediate profile: forward secrecy and AEAD only (no CBC: LUCKY13).
// In the server's order; ChaCha20 goes first for a client that prefers it (phones without AES
// instructions), see SSL_OP_PRIORITIZE_CHACHA.
constexpr const char* kTls12Suites =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
constexpr const char* kTls13Suites =
    "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";
constexpr const char* kGroups = "X25519:P-256";
constexpr unsigned char kAlpn[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};

// The reason OpenSSL gave for the last failure, emptying its error queue.
std::string openssl_reason() {
  std::string reason = "unknown reason";
  while (unsigned long e = ERR_get_error()) {
    char text[256];
    ERR_error_string_n(e, text, sizeof text);
    reason = text;
  }
  return reason;
}

int select_alpn(SSL*, const unsigned char** out, unsigned char* out_len, const unsigned char* in,
                unsigned int in_len, void*) {
  unsigned char* chosen = nullptr;
  if (SSL_select_next_proto(&chosen, out_len, kAlpn, sizeof kAlpn, in, in_len) !=
      OPENSSL_NPN_NEGOTIATED)
    return SSL_TLSEXT_ERR_NOACK;  // a client offering only h2 still gets HTTP/1.1, unnamed
  *out = chosen;
  return SSL_TLSEXT_ERR_OK;
}

// Called for a client that asks for the certificate's status; `arg` is the context's staple.
int staple_ocsp(SSL* ssl, void* arg) {
  const auto& der = *static_cast<const std::string*>(arg);
  auto* copy = static_cast<unsigned char*>(OPENSSL_memdup(der.data(), der.size()));
  if (copy == nullptr) return SSL_TLSEXT_ERR_NOACK;
  SSL_set_tlsext_status_ocsp_resp(ssl, copy, long(der.size()));
  return SSL_TLSEXT_ERR_OK;
}

std::int64_t unix_seconds(const ASN1_TIME* t) {
  std::tm tm{};
  ASN1_TIME_to_tm(t, &tm);
  return timegm(&tm);
}

std::string utc_date(std::int64_t seconds) {
  std::time_t t = seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::string describe(X509* cert) {
  std::string subject = "?";
  if (Owned<BIO, BIO_free_all> bio(BIO_new(BIO_s_mem())); bio) {
    X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0, XN_FLAG_RFC2253);
    char* data = nullptr;
    const auto size = BIO_get_mem_data(bio.get(), &data);
    subject.assign(data, std::size_t(size));
  }
  std::string serial = "?";
  if (Owned<BIGNUM, BN_free> bn(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr)); bn) {
    char* hex = BN_bn2hex(bn.get());
    serial = hex;
    OPENSSL_free(hex);
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  X509_digest(cert, EVP_sha256(), digest, &length);
  std::string fingerprint;
  for (unsigned i = 0; i < length; ++i) {
    char byte[3];
    std::snprintf(byte, sizeof byte, "%02X", digest[i]);
    fingerprint += byte;
  }
  return "subject " + subject + ", serial " + serial + ", expires " +
         utc_date(unix_seconds(X509_get0_notAfter(cert))) + ", sha256 " + fingerprint;
}

// The OCSP response in `file` if it says this certificate is good and is still fresh; else
// the reason it will not be stapled (a stale or foreign staple makes strict clients fail).
std::string check_ocsp(const std::string& der, SSL_CTX* ctx, X509* leaf) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  Owned<OCSP_RESPONSE, OCSP_RESPONSE_free> response(
      d2i_OCSP_RESPONSE(nullptr, &p, long(der.size())));
  if (!response) return "not a DER OCSP response";
  if (OCSP_response_status(response.get()) != OCSP_RESPONSE_STATUS_SUCCESSFUL)
    return "the responder did not answer successfully";
  Owned<OCSP_BASICRESP, OCSP_BASICRESP_free> basic(OCSP_response_get1_basic(response.get()));
  if (!basic) return "no basic response";
  STACK_OF(X509)* chain = nullptr;
  SSL_CTX_get0_chain_certs(ctx, &chain);
  X509* issuer = chain && sk_X509_num(chain) > 0 ? sk_X509_value(chain, 0) : leaf;
  Owned<OCSP_CERTID, OCSP_CERTID_free> id(OCSP_cert_to_id(nullptr, leaf, issuer));
  int status = -1, reason = 0;
  ASN1_GENERALIZEDTIME *revoked = nullptr, *this_update = nullptr, *next_update = nullptr;
  if (!id || OCSP_resp_find_status(basic.get(), id.get(), &status, &reason, &revoked, &this_update,
                                   &next_update) != 1)
    return "it does not answer for this certificate";
  if (status != V_OCSP_CERTSTATUS_GOOD) return "it does not say the certificate is good";
  if (OCSP_check_validity(this_update, next_update, 300, -1) != 1) return "it has expired";
  return {};
}

}  // namespace

std::optional<TlsProfile> parse_tls_profile(std::string_view name) {
  if (name == "intermediate") return TlsProfile::intermediate;
  if (name == "modern") return TlsProfile::modern;
  return std::nullopt;
}

TlsLoad load_tls_context(const TlsFiles& files, TlsProfile profile) {
  namespace ssl = boost::asio::ssl;
  auto loaded = std::make_shared<TlsContext>(ssl::context::tls_server);
  SSL_CTX* ctx = loaded->ssl.native_handle();
  ERR_clear_error();
  SSL_CTX_set_min_proto_version(ctx,
                                profile == TlsProfile::modern ? TLS1_3_VERSION : TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION |
                               SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_PRIORITIZE_CHACHA);
  // Idle connections dominate a mediation server: give their TLS buffers back while idle.
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
  if (SSL_CTX_set_cipher_list(ctx, kTls12Suites) != 1 ||
      SSL_CTX_set_ciphersuites(ctx, kTls13Suites) != 1 ||
      SSL_CTX_set1_groups_list(ctx, kGroups) != 1)
    return {nullptr, "the TLS profile cannot be set: " + openssl_reason(), {}};
  SSL_CTX_set_alpn_select_cb(ctx, select_alpn, nullptr);

  if (SSL_CTX_use_certificate_chain_file(ctx, files.chain.c_str()) != 1)
    return {
        nullptr, "cannot use certificate " + files.chain.string() + ": " + openssl_reason(), {}};
  if (SSL_CTX_use_PrivateKey_file(ctx, files.key.c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key(ctx) != 1)
    return {nullptr,
            "cannot use key " + files.key.string() + " with certificate " + files.chain.string() +
                ": " + openssl_reason(),
            {}};
  X509* leaf = SSL_CTX_get0_certificate(ctx);
  const auto now = std::time(nullptr);
  loaded->not_after = unix_seconds(X509_get0_notAfter(leaf));
  if (loaded->not_after <= now)
    return {nullptr,
            "certificate " + files.chain.string() + " expired on " + utc_date(loaded->not_after),
            {}};
  if (unix_seconds(X509_get0_notBefore(leaf)) > now)
    return {nullptr, "certificate " + files.chain.string() + " is not valid yet", {}};
  loaded->summary = describe(leaf);

  TlsLoad result{loaded, {}, {}};
  if (!files.ocsp_response.empty()) {
    std::ifstream in(files.ocsp_response, std::ios::binary);
    std::string der((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto problem = in.is_open() ? check_ocsp(der, ctx, leaf) : "it cannot be read";
    if (problem.empty()) {
      loaded->ocsp_staple = std::move(der);
      SSL_CTX_set_tlsext_status_cb(ctx, staple_ocsp);
      SSL_CTX_set_tlsext_status_arg(ctx, &loaded->ocsp_staple);
    } else {
      result.warning =
          "OCSP response " + files.ocsp_response.string() + " is not stapled: " + problem;
    }
  }
  return result;
}

}  // namespace mr::net
