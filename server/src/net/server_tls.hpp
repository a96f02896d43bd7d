#pragma once
// The server's certificate, replaceable while it runs (an ACME client renews it every 60-90
// days). Each new connection takes the context current when it is accepted; reload() builds a new
// one from the same files and swaps it in only if it loads, so a bad pair never replaces a good
// one. Connections already open keep the context they began with, so they stay open.
//
// Thread-safety: all member functions may be called from any thread.
#include <memory>
#include <mutex>
#include <string>

#include "net/tls_context.hpp"

namespace mr::net {

class ServerTls {
 public:
  // `configured`: an operator's certificate rather than the development one, so answers carry
  // HSTS. Throws std::runtime_error (at start-up) when the files cannot be used.
  ServerTls(TlsFiles files, TlsProfile profile, bool configured);

  std::shared_ptr<TlsContext> current() const;
  bool configured() const { return configured_; }

  struct Reload {
    bool ok = false;
    std::string message;  // the new certificate, or why the old one stays
  };
  // Reads the files again. Logs the outcome either way.
  Reload reload();

 private:
  const TlsFiles files_;
  const TlsProfile profile_;
  const bool configured_;
  mutable std::mutex mutex_;
  std::shared_ptr<TlsContext> current_;
};

}  // namespace mr::net
