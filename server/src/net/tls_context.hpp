#pragma once
// The server's TLS configuration: TLS 1.2 and 1.3 only, buffers released while idle.
#include <boost/asio/ssl/context.hpp>
#include <filesystem>

namespace mr::net {

// Throws std::runtime_error with a readable reason if the files cannot be used.
boost::asio::ssl::context make_tls_context(const std::filesystem::path& cert_chain,
                                           const std::filesystem::path& private_key);

}  // namespace mr::net
