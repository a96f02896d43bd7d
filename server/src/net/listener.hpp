#pragma once
// Accepts connections and starts an HttpSession for each on the event loops in turn: over TLS with
// the server's current certificate, or plain (TCP on a loopback address, or a Unix socket) for a
// reverse proxy on this machine that terminates TLS itself.
// Thread-safety: runs on the first loop; stop() may be called from any thread.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

#include "net/event_loops.hpp"
#include "net/handshake_slots.hpp"
#include "net/http_handler.hpp"
#include "net/server_tls.hpp"
#include "net/session_config.hpp"

namespace mr::net {

template <class Protocol>
class BasicListener : public std::enable_shared_from_this<BasicListener<Protocol>> {
 public:
  // Binds at once, so an address in use fails at start-up with a clear error (throws). `tls`
  // null: plain HTTP (the caller has checked the address is local). A Unix socket's stale file
  // is replaced, and the socket is made group-accessible (0660) for the proxy's user.
  BasicListener(EventLoops& loops, typename Protocol::endpoint endpoint,
                const ServerTls* tls, HttpHandler& handler,
                std::shared_ptr<const SessionConfig> config);
  void run();
  void stop();
  unsigned short port() const;  // 0 for a Unix socket

 private:
  void do_accept();
  void on_accept(boost::beast::error_code ec, typename Protocol::socket socket);

  EventLoops& loops_;
  typename Protocol::acceptor acceptor_;
  const ServerTls* tls_;
  HttpHandler& handler_;
  std::shared_ptr<const SessionConfig> config_;
  boost::asio::steady_timer retry_;  // after an accept error such as EMFILE
  std::shared_ptr<HandshakeSlots> handshakes_;
};

using Listener = BasicListener<boost::asio::ip::tcp>;
using UnixListener = BasicListener<boost::asio::local::stream_protocol>;

}  // namespace mr::net
