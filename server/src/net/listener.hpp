#pragma once
// Accepts TCP connections and starts an HttpSession on a strand of its own for each.
// Thread-safety: run on the io_context; stop() may be called from any thread.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

#include "net/http_handler.hpp"

namespace mr::net {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds at once, so a port in use fails at start-up with a clear error (throws).
  Listener(boost::asio::io_context& ioc, boost::asio::ssl::context& tls,
           boost::asio::ip::tcp::endpoint endpoint, HttpHandler& handler, TransportLimits limits);
  void run();
  void stop();
  unsigned short port() const;

 private:
  void do_accept();
  void on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& ioc_;
  boost::asio::ssl::context& tls_;
  boost::asio::ip::tcp::acceptor acceptor_;
  HttpHandler& handler_;
  TransportLimits limits_;
  boost::asio::steady_timer retry_;  // after an accept error such as EMFILE
};

}  // namespace mr::net
