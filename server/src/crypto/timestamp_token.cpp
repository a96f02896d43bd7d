#include "crypto/timestamp_token.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <memory>

#include "crypto/random.hpp"
#include "crypto/sha256.hpp"

namespace mr::crypto {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
template <typename T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, Deleter<T, Free>>;

using Bio = Owned<BIO, BIO_free_all>;
using Pkcs7 = Owned<PKCS7, PKCS7_free>;
using TstInfo = Owned<TS_TST_INFO, TS_TST_INFO_free>;
using Resp = Owned<TS_RESP, TS_RESP_free>;
using Req = Owned<TS_REQ, TS_REQ_free>;
using Store = Owned<X509_STORE, X509_STORE_free>;
using VerifyCtx = Owned<TS_VERIFY_CTX, TS_VERIFY_CTX_free>;
using X509Ptr = Owned<X509, X509_free>;

void set(std::string* why, std::string text) {
  if (why) *why = std::move(text);
}

// The most recent OpenSSL error, as text, and the queue cleared.
std::string openssl_error() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    out = buf;
  }
  return out.empty() ? "no reason given" : out;
}

template <typename T, int (*I2d)(const T*, unsigned char**)>
std::string to_der(const T* value) {
  unsigned char* out = nullptr;
  const int n = I2d(value, &out);
  if (n <= 0) return {};
  std::string der(reinterpret_cast<char*>(out), std::size_t(n));
  OPENSSL_free(out);
  return der;
}

Pkcs7 parse_token(std::string_view der) {
  auto p = reinterpret_cast<const unsigned char*>(der.data());
  Pkcs7 token(d2i_PKCS7(nullptr, &p, long(der.size())));
  if (token && p != reinterpret_cast<const unsigned char*>(der.data() + der.size())) token.reset();
  return token;
}

std::int64_t to_int(const ASN1_INTEGER* v) {
  if (!v) return 0;
  int64_t out = 0;
  return ASN1_INTEGER_get_int64(&out, v) == 1 ? out : 0;
}

// genTime "YYYYMMDDHHMMSS[.f*]Z" as ms since the epoch.
std::optional<std::int64_t> time_ms_of(const ASN1_GENERALIZEDTIME* t) {
  std::tm tm{};
  if (!t || ASN1_TIME_to_tm(t, &tm) != 1) return std::nullopt;
  std::int64_t ms = std::int64_t(timegm(&tm)) * 1000;
  const std::string_view text(reinterpret_cast<const char*>(ASN1_STRING_get0_data(t)),
                              std::size_t(ASN1_STRING_length(t)));
  if (auto dot = text.find('.'); dot != std::string_view::npos) {
    int scale = 100;
    for (std::size_t i = dot + 1; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      ms += (text[i] - '0') * scale;
      scale /= 10;
    }
  }
  return ms;
}

std::string subject_of(X509* cert) {
  Bio bio(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0,
                     XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, std::size_t(n));
}

std::optional<TimestampInfo> read_info(PKCS7* token, std::string* why) {
  TstInfo tst(PKCS7_to_TS_TST_INFO(token));
  if (!tst) {
    set(why, "not a time-stamp token: " + openssl_error());
    return std::nullopt;
  }
  TimestampInfo info;
  TS_MSG_IMPRINT* imprint = TS_TST_INFO_get_msg_imprint(tst.get());
  const X509_ALGOR* algo = TS_MSG_IMPRINT_get_algo(imprint);
  const ASN1_OBJECT* oid = nullptr;
  X509_ALGOR_get0(&oid, nullptr, nullptr, algo);
  info.sha256 = OBJ_obj2nid(oid) == NID_sha256;
  const ASN1_OCTET_STRING* msg = TS_MSG_IMPRINT_get_msg(imprint);
  info.digest.assign(reinterpret_cast<const char*>(ASN1_STRING_get0_data(msg)),
                     std::size_t(ASN1_STRING_length(msg)));
  auto time = time_ms_of(TS_TST_INFO_get_time(tst.get()));
  if (!time) {
    set(why, "the token's time does not parse");
    return std::nullopt;
  }
  info.time_ms = *time;
  if (const TS_ACCURACY* a = TS_TST_INFO_get_accuracy(tst.get()))
    info.accuracy_ms = to_int(TS_ACCURACY_get_seconds(a)) * 1000 +
                       to_int(TS_ACCURACY_get_millis(a)) +
                       (to_int(TS_ACCURACY_get_micros(a)) + 999) / 1000;
  if (STACK_OF(X509)* signers = PKCS7_get0_signers(token, nullptr, 0)) {
    if (sk_X509_num(signers) > 0) info.tsa = subject_of(sk_X509_value(signers, 0));
    sk_X509_free(signers);
  }
  ERR_clear_error();
  return info;
}

Store store_of(const TimestampTrust& trust, std::int64_t at_ms) {
  Store store(X509_STORE_new());
  Bio bio(BIO_new_mem_buf(trust.pem.data(), int(trust.pem.size())));
  while (X509Ptr cert{PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)})
    X509_STORE_add_cert(store.get(), cert.get());
  ERR_clear_error();
  // The chain as it stood when the token was made.
  X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store.get()), time_t(at_ms / 1000));
  return store;
}

TimestampCheck check_digest(std::string_view token_der, std::string_view digest,
                            const TimestampTrust& trust) {
  TimestampCheck out;
  auto token = parse_token(token_der);
  if (!token) {
    out.fault = TokenFault::malformed;
    out.why = "not a DER time-stamp token";
    ERR_clear_error();
    return out;
  }
  auto info = read_info(token.get(), &out.why);
  if (!info) {
    out.fault = TokenFault::malformed;
    return out;
  }
  out.info = *info;
  if (!info->sha256 || info->digest != digest) {
    out.fault = TokenFault::other_data;
    out.why = info->sha256 ? "the token stamps other bytes (its SHA-256 imprint differs)"
                           : "the token's imprint is not SHA-256";
    return out;
  }
  VerifyCtx ctx(TS_VERIFY_CTX_new());
  TS_VERIFY_CTX_set_flags(ctx.get(), TS_VFY_VERSION | TS_VFY_SIGNATURE);
  TS_VERIFY_CTX_set_store(ctx.get(), store_of(trust, info->time_ms).release());  // takes it
  if (TS_RESP_verify_token(ctx.get(), token.get()) != 1) {
    out.fault = TokenFault::untrusted_tsa;
    out.why =
        "the token's signature does not verify with a time-stamping certificate that "
        "chains to the configured TSA certificates (" +
        openssl_error() + ")";
  }
  return out;
}

}  // namespace

TimestampRequest make_timestamp_request(std::string_view data) {
  TimestampRequest out;
  out.digest = std::string(as_view(sha256(data)));
  out.nonce = random_bytes(8);
  out.nonce[0] = char((out.nonce[0] & 0x7f) | 0x40);  // positive, and always 8 bytes long
  Req req(TS_REQ_new());
  TS_REQ_set_version(req.get(), 1);
  Owned<TS_MSG_IMPRINT, TS_MSG_IMPRINT_free> imprint(TS_MSG_IMPRINT_new());
  Owned<X509_ALGOR, X509_ALGOR_free> algo(X509_ALGOR_new());
  X509_ALGOR_set0(algo.get(), OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nullptr);
  TS_MSG_IMPRINT_set_algo(imprint.get(), algo.get());
  TS_MSG_IMPRINT_set_msg(imprint.get(), reinterpret_cast<unsigned char*>(out.digest.data()),
                         int(out.digest.size()));
  TS_REQ_set_msg_imprint(req.get(), imprint.get());
  Owned<BIGNUM, BN_free> bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(out.nonce.data()),
                                      int(out.nonce.size()), nullptr));
  Owned<ASN1_INTEGER, ASN1_INTEGER_free> nonce(BN_to_ASN1_INTEGER(bn.get(), nullptr));
  TS_REQ_set_nonce(req.get(), nonce.get());
  TS_REQ_set_cert_req(req.get(), 1);
  out.der = to_der<TS_REQ, i2d_TS_REQ>(req.get());
  return out;
}

std::optional<TimestampTrust> TimestampTrust::from_pem(std::string pem, std::string* why) {
  Bio bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
  int count = 0;
  while (X509Ptr cert{PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)}) ++count;
  const unsigned long last = ERR_peek_last_error();
  ERR_clear_error();
  // The loop ends at the end of the text (PEM_R_NO_START_LINE) or at a certificate that is bad.
  if (count == 0 || (last && ERR_GET_REASON(last) != PEM_R_NO_START_LINE)) {
    set(why, count == 0 ? "holds no PEM certificate" : "holds a certificate that does not parse");
    return std::nullopt;
  }
  return TimestampTrust{std::move(pem)};
}

std::optional<TimestampInfo> read_timestamp_token(std::string_view token_der, std::string* why) {
  auto token = parse_token(token_der);
  if (!token) {
    ERR_clear_error();
    set(why, "not a DER time-stamp token");
    return std::nullopt;
  }
  return read_info(token.get(), why);
}

TimestampCheck check_timestamp_token(std::string_view token_der, std::string_view data,
                                     const TimestampTrust& trust) {
  return check_digest(token_der, as_view(sha256(data)), trust);
}

std::variant<std::string, std::string> token_from_reply(std::string_view reply_der,
                                                        const TimestampRequest& request,
                                                        const TimestampTrust& trust) {
  using Answer = std::variant<std::string, std::string>;
  auto p = reinterpret_cast<const unsigned char*>(reply_der.data());
  Resp resp(d2i_TS_RESP(nullptr, &p, long(reply_der.size())));
  if (!resp) {
    ERR_clear_error();
    return Answer(std::in_place_index<1>, "the TSA's reply is not a DER TimeStampResp");
  }
  const long status = to_int(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(resp.get())));
  if (status != 0 && status != 1)  // granted, grantedWithMods
    return Answer(std::in_place_index<1>, "the TSA refused: status " + std::to_string(status));
  PKCS7* token = TS_RESP_get_token(resp.get());
  if (!token) return Answer(std::in_place_index<1>, "the TSA's reply holds no token");
  std::string der = to_der<PKCS7, i2d_PKCS7>(token);
  auto check = check_digest(der, request.digest, trust);
  if (check.fault != TokenFault::none) return Answer(std::in_place_index<1>, check.why);
  // The nonce ties the reply to this request, not a replayed one.
  const ASN1_INTEGER* nonce = TS_TST_INFO_get_nonce(TS_RESP_get_tst_info(resp.get()));
  Owned<BIGNUM, BN_free> got(nonce ? ASN1_INTEGER_to_BN(nonce, nullptr) : nullptr);
  Owned<BIGNUM, BN_free> sent(
      BN_bin2bn(reinterpret_cast<const unsigned char*>(request.nonce.data()),
                int(request.nonce.size()), nullptr));
  if (!got || BN_cmp(got.get(), sent.get()) != 0)
    return Answer(std::in_place_index<1>, "the TSA's token does not carry this request's nonce");
  return Answer(std::in_place_index<0>, std::move(der));
}

}  // namespace mr::crypto
