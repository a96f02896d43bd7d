#pragma once
// RFC 3161 time-stamp tokens (可信时间戳) with OpenSSL's TS API: the request the server sends a
// time-stamping authority (TSA), the token taken out of its reply, and the check of a token
// against the TSA certificates one trusts. What is stamped is the caller's business (RECORD.md
// §4.1: the exact bytes of a checkpoint note); here it is just bytes, hashed with SHA-256.
// Pure functions, thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace mr::crypto {

struct TimestampRequest {
  std::string der;     // the TimeStampReq to POST as application/timestamp-query
  std::string digest;  // SHA-256 of the stamped bytes (32 raw bytes)
  std::string nonce;   // 8 random bytes, big-endian as the request carries them
};

// A request over SHA-256(data), with a fresh random nonce and certReq true (so the token carries
// the TSA's certificate and can be checked offline).
TimestampRequest make_timestamp_request(std::string_view data);

// The TSA certificates a verifier trusts: PEM text holding one or more certificates (a root, and
// intermediates if any). A token is accepted only when its signer chains to one of them.
struct TimestampTrust {
  std::string pem;
  // Parses `pem`; nullopt with `why` when it holds no certificate or one that does not parse.
  static std::optional<TimestampTrust> from_pem(std::string pem, std::string* why = nullptr);
};

// What a token says, read without trusting it.
struct TimestampInfo {
  std::string digest;        // the message imprint (raw bytes)
  bool sha256 = false;       // the imprint's algorithm is SHA-256
  std::int64_t time_ms = 0;  // genTime, ms since the epoch (UTC)
  std::optional<std::int64_t> accuracy_ms;
  std::string tsa;  // the signer certificate's subject, one line ("" if the token has none)
};

// Reads a TimeStampToken (DER ContentInfo); nullopt with `why` if it is not one.
std::optional<TimestampInfo> read_timestamp_token(std::string_view token_der,
                                                  std::string* why = nullptr);

enum class TokenFault {
  none,
  malformed,      // not a time-stamp token
  other_data,     // its imprint is not SHA-256 of the bytes given
  untrusted_tsa,  // its signature or its signer's chain does not verify against the trust
};

struct TimestampCheck {
  TokenFault fault = TokenFault::none;
  std::string why;  // a sentence, when fault != none
  TimestampInfo info;
};

// Checks that `token_der` is a token over SHA-256(`data`) whose signature verifies with a
// certificate for time stamping (extendedKeyUsage critical timeStamping) that chains to `trust`,
// the chain judged as of the token's own time (a TSA certificate that has expired since still
// vouches for what it stamped while valid; no revocation is checked offline).
TimestampCheck check_timestamp_token(std::string_view token_der, std::string_view data,
                                     const TimestampTrust& trust);

// The token out of a TSA's reply (DER TimeStampResp) to `request`: the status is granted, the
// token answers this request (its imprint and nonce) and passes check_timestamp_token. Answers
// the token's DER, or why not (a sentence).
std::variant<std::string, std::string> token_from_reply(std::string_view reply_der,
                                                        const TimestampRequest& request,
                                                        const TimestampTrust& trust);

}  // namespace mr::crypto
