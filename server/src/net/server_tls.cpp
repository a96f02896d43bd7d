#include "net/server_tls.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "metrics/metrics.hpp"

namespace mr::net {

ServerTls::ServerTls(TlsFiles files, TlsProfile profile, bool configured)
    : files_(std::move(files)), profile_(profile), configured_(configured) {
  auto loaded = load_tls_context(files_, profile_);
  if (!loaded.context) throw std::runtime_error(loaded.error);
  if (!loaded.warning.empty()) spdlog::warn("tls: {}", loaded.warning);
  spdlog::info("tls certificate: {}", loaded.context->summary);
  metrics::certificate_expiry(loaded.context->not_after);
  current_ = std::move(loaded.context);
}

std::shared_ptr<TlsContext> ServerTls::current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

ServerTls::Reload ServerTls::reload() {
  auto loaded = load_tls_context(files_, profile_);
  if (!loaded.context) {
    spdlog::error("tls reload refused, the certificate in use stays: {}", loaded.error);
    return {false, loaded.error};
  }
  if (!loaded.warning.empty()) spdlog::warn("tls: {}", loaded.warning);
  const auto summary = loaded.context->summary;
  metrics::certificate_expiry(loaded.context->not_after);
  {
    std::lock_guard lock(mutex_);
    current_ = std::move(loaded.context);
  }
  // Only once it is in use: a test (or an operator) reading this line may connect at once.
  spdlog::info("tls certificate reloaded: {}", summary);
  return {true, summary};
}

}  // namespace mr::net
