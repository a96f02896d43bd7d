#pragma once
// A self-signed development certificate for localhost, made on first start when no certificate
// is configured. Never for production: see certs/README.md.
#include <filesystem>

namespace mr::net {

struct CertificatePaths {
  std::filesystem::path chain, key;
};

// Returns <dir>/dev-cert.pem and <dir>/dev-key.pem, creating them (key mode 0600) if missing.
CertificatePaths ensure_dev_certificate(const std::filesystem::path& dir);

}  // namespace mr::net
