#include "net/tls_context.hpp"

#include <openssl/ssl.h>

#include <stdexcept>

namespace mr::net {

boost::asio::ssl::context make_tls_context(const std::filesystem::path& cert_chain,
                                           const std::filesystem::path& private_key) {
  namespace ssl = boost::asio::ssl;
  ssl::context ctx(ssl::context::tls_server);
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                  ssl::context::no_sslv3 | ssl::context::single_dh_use);
  SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
  // Idle connections dominate a mediation server: give their TLS buffers back while idle.
  SSL_CTX_set_mode(ctx.native_handle(), SSL_MODE_RELEASE_BUFFERS);
  try {
    ctx.use_certificate_chain_file(cert_chain.string());
    ctx.use_private_key_file(private_key.string(), ssl::context::pem);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot use certificate " + cert_chain.string() + " / key " +
                             private_key.string() + ": " + e.what());
  }
  return ctx;
}

}  // namespace mr::net
