#pragma once
// The server's TLS configuration, from a published profile (Mozilla's server-side TLS
// recommendations): "intermediate" is TLS 1.3, and TLS 1.2 with ECDHE and AEAD suites only
// (AES-GCM, ChaCha20-Poly1305); "modern" is TLS 1.3 only. Key exchange X25519 or P-256; ALPN
// http/1.1; no renegotiation; buffers released while idle; an OCSP response stapled when one is
// configured and it answers for this certificate.
#include <boost/asio/ssl/context.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace mr::net {

enum class TlsProfile { intermediate, modern };
std::optional<TlsProfile> parse_tls_profile(std::string_view name);

struct TlsFiles {
  std::filesystem::path chain, key;
  std::filesystem::path ocsp_response;  // DER, as `openssl ocsp -respout` writes it; empty: none
};

// One loaded certificate and key with everything a handshake needs. A connection holds the
// context it began with for as long as it lives, so a reload never pulls one from under it.
struct TlsContext {
  explicit TlsContext(boost::asio::ssl::context::method method) : ssl(method) {}
  boost::asio::ssl::context ssl;
  std::string ocsp_staple;     // DER, empty when nothing is stapled
  std::string summary;         // subject, serial, expiry and fingerprint, for the log
  std::int64_t not_after = 0;  // the certificate's expiry, Unix seconds
};

// A context ready for handshakes, or the reason the files cannot be used.
struct TlsLoad {
  std::shared_ptr<TlsContext> context;  // null when `error` says why
  std::string error;
  std::string warning;  // loaded, but something to tell the operator (an OCSP response not used)
};

TlsLoad load_tls_context(const TlsFiles& files, TlsProfile profile);

}  // namespace mr::net
