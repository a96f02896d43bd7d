#pragma once
// One TLS handshake with the server as an auditor would make it: what version, protocol (ALPN),
// certificate and stapled OCSP response the server chose. Verifies nothing, so it works with any
// certificate a test gives the server.
#include <filesystem>
#include <string>
#include <vector>

namespace mr::test {

struct ProbeOptions {
  int version = 0;                // offer only this version (TLS1_2_VERSION…); 0: 1.2 and 1.3
  std::vector<std::string> alpn;  // protocols to offer
  bool ask_ocsp = false;          // ask for a stapled OCSP response
  std::string ciphers;            // TLS 1.2 suites to offer (OpenSSL names); empty: the default
};

struct TlsProbe {
  std::string error;  // the handshake's error; empty when it succeeded
  std::string version, alpn, ocsp_der, fingerprint;
};

TlsProbe probe_tls(unsigned short port, const ProbeOptions& options = {});

// The SHA-256 fingerprint of the first certificate in a PEM file, as probe_tls reports it.
std::string certificate_fingerprint(const std::filesystem::path& pem);

// A DER OCSP response, signed by the certificate's own key (the test certificates are
// self-signed), saying the certificate is good from `from_hours` to `to_hours` from now.
std::string ocsp_response(const std::filesystem::path& cert_pem,
                          const std::filesystem::path& key_pem, int from_hours = -1,
                          int to_hours = 24);

}  // namespace mr::test
