#include "net/listener.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>

#include "net/fail.hpp"
#include "net/http_session.hpp"

namespace mr::net {

namespace asio = boost::asio;

Listener::Listener(asio::io_context& ioc, asio::ssl::context& tls, asio::ip::tcp::endpoint endpoint,
                   HttpHandler& handler, TransportLimits limits)
    : ioc_(ioc),
      tls_(tls),
      acceptor_(asio::make_strand(ioc)),
      handler_(handler),
      limits_(limits),
      retry_(acceptor_.get_executor()) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
}

unsigned short Listener::port() const { return acceptor_.local_endpoint().port(); }

void Listener::run() { do_accept(); }

void Listener::stop() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
  });
}

void Listener::do_accept() {
  acceptor_.async_accept(asio::make_strand(ioc_), boost::beast::bind_front_handler(
                                                      &Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(boost::beast::error_code ec, asio::ip::tcp::socket socket) {
  if (ec == asio::error::operation_aborted) return;  // stopped
  if (ec) {
    // Out of file descriptors (or another resource): accepting again at once would only spin.
    fail(ec, "accept");
    retry_.expires_after(std::chrono::milliseconds(100));
    return retry_.async_wait([self = shared_from_this()](boost::beast::error_code wait) {
      if (!wait) self->do_accept();
    });
  }
  boost::system::error_code ignored;
  socket.set_option(asio::ip::tcp::no_delay(true), ignored);
  std::make_shared<HttpSession>(std::move(socket), tls_, handler_, limits_)->run();
  do_accept();
}

}  // namespace mr::net
