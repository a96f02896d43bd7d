#include "net/listener.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <boost/beast/core/bind_handler.hpp>
#include <filesystem>

#include "net/fail.hpp"
#include "net/http_session.hpp"

namespace mr::net {

namespace asio = boost::asio;
using Tcp = asio::ip::tcp;
using Local = asio::local::stream_protocol;

template <class Protocol>
BasicListener<Protocol>::BasicListener(EventLoops& loops, typename Protocol::endpoint endpoint,
                                       const ServerTls* tls, HttpHandler& handler,
                                       std::shared_ptr<const SessionConfig> config)
    : loops_(loops),
      acceptor_(loops.first()),
      tls_(tls),
      handler_(handler),
      config_(std::move(config)),
      retry_(acceptor_.get_executor()),
      handshakes_(std::make_shared<HandshakeSlots>(config_->limits.max_handshakes)) {
  if constexpr (std::is_same_v<Protocol, Local>) {
    // A socket file left by a server that did not stop cleanly.
    std::error_code ignored;
    if (std::filesystem::is_socket(endpoint.path(), ignored))
      std::filesystem::remove(endpoint.path(), ignored);
  }
  acceptor_.open(endpoint.protocol());
  if constexpr (std::is_same_v<Protocol, Tcp>)
    acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  if constexpr (std::is_same_v<Protocol, Local>) ::chmod(endpoint.path().c_str(), 0660);
  acceptor_.listen(asio::socket_base::max_listen_connections);
}

template <class Protocol>
unsigned short BasicListener<Protocol>::port() const {
  if constexpr (std::is_same_v<Protocol, Tcp>)
    return acceptor_.local_endpoint().port();
  else
    return 0;
}

template <class Protocol>
void BasicListener<Protocol>::run() {
  do_accept();
}

template <class Protocol>
void BasicListener<Protocol>::stop() {
  asio::post(acceptor_.get_executor(), [self = this->shared_from_this()] {
    boost::system::error_code ignored;
    if constexpr (std::is_same_v<Protocol, Local>) {
      auto path = self->acceptor_.local_endpoint(ignored).path();
      if (!path.empty()) ::unlink(path.c_str());
    }
    self->acceptor_.close(ignored);
  });
}

template <class Protocol>
void BasicListener<Protocol>::do_accept() {
  acceptor_.async_accept(
      loops_.next(),
      boost::beast::bind_front_handler(&BasicListener::on_accept, this->shared_from_this()));
}

template <class Protocol>
void BasicListener<Protocol>::on_accept(boost::beast::error_code ec,
                                        typename Protocol::socket socket) {
  if (ec == asio::error::operation_aborted) return;  // stopped
  if (ec) {
    // Out of file descriptors (or another resource): accepting again at once would only spin.
    fail(ec, "accept");
    retry_.expires_after(std::chrono::milliseconds(100));
    return retry_.async_wait([self = this->shared_from_this()](boost::beast::error_code wait) {
      if (!wait) self->do_accept();
    });
  }
  if constexpr (std::is_same_v<Protocol, Tcp>) {
    boost::system::error_code ignored;
    socket.set_option(Tcp::no_delay(true), ignored);
    if (tls_) {
      auto slot = handshakes_->take();
      if (!slot) {
        spdlog::warn("too many TLS handshakes in progress: connection from {} closed",
                     socket.remote_endpoint(ignored).address().to_string());
        socket.close(ignored);
        return do_accept();
      }
      auto context = tls_->current();
      auto session = std::make_shared<HttpSession<TlsStream>>(
          TlsStream(std::move(socket), context->ssl), context, handler_, config_);
      session->hold_during_handshake(std::move(slot));
      session->run();
    } else {
      std::make_shared<HttpSession<TcpStream>>(TcpStream(std::move(socket)), nullptr, handler_,
                                               config_)
          ->run();
    }
  } else {
    std::make_shared<HttpSession<UnixStream>>(UnixStream(std::move(socket)), nullptr, handler_,
                                              config_)
        ->run();
  }
  do_accept();
}

template class BasicListener<Tcp>;
template class BasicListener<Local>;

}  // namespace mr::net
