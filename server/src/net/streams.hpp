#pragma once
// The byte streams an HTTP session runs on: TLS over TCP (the server's own port), and plain TCP
// or a Unix socket for a reverse proxy on the same machine that terminates TLS itself.
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/beast/core/basic_stream.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <type_traits>

#include "net/lean_tls_stream.hpp"

namespace mr::net {

using TcpStream = boost::beast::tcp_stream;
using TlsStream = LeanTlsStream;
using UnixStream = boost::beast::basic_stream<boost::asio::local::stream_protocol>;

template <class Stream>
inline constexpr bool is_tls = std::is_same_v<Stream, TlsStream>;

// The connection moved onto `executor` (nothing may be pending on it): its socket is released and
// taken up again there, with the TLS state as it was.
template <class Stream>
Stream moved_to(Stream&& stream, const boost::asio::any_io_executor& executor) {
  if constexpr (is_tls<Stream>) {
    stream.move_to(executor);
    return std::move(stream);
  } else {
    auto& socket = stream.socket();
    const auto protocol = socket.local_endpoint().protocol();
    return Stream(typename Stream::socket_type(executor, protocol, socket.release()));
  }
}

}  // namespace mr::net
