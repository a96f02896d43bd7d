#pragma once
// One connection speaking HTTP/1.1 (over TLS on the server's own port, or plain from a reverse
// proxy on this machine): the handshake, then requests answered by the HttpHandler until the
// client closes, or a WebSocket upgrade hands the stream to a WebSocketSession. A request must
// arrive whole within the handshake timeout once its first byte has come; between requests a
// kept-alive connection may idle for the idle timeout. Each request is logged with the client's
// address (the one a trusted proxy names) and the status answered.
// Thread-safety: all work runs on the connection's executor (its loop); the handler's answers are posted back
// to it.
#include <boost/asio/ip/address.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <memory>
#include <optional>

#include "net/handshake_slots.hpp"
#include "net/http_handler.hpp"
#include "net/session_config.hpp"
#include "net/streams.hpp"
#include "net/tls_context.hpp"

namespace mr::net {

template <class Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  // `tls`: the context a TLS stream was made with, kept while the session lives (null for a
  // plain stream).
  HttpSession(Stream&& stream, std::shared_ptr<TlsContext> tls, HttpHandler& handler,
              std::shared_ptr<const SessionConfig> config);
  // Before run(): a slot of the listener's bound on handshakes, given back when the TLS handshake
  // ends (done or failed).
  void hold_during_handshake(std::unique_ptr<HandshakeSlots::Slot> slot) {
    handshake_slot_ = std::move(slot);
  }
  void run();

 private:
  void on_handshake(boost::beast::error_code ec);
  void do_read();
  void on_first_bytes(boost::beast::error_code ec, std::size_t bytes);
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void respond(http::message_generator response);
  void on_admission(HttpHandler::Admission admission);
  void on_write(bool keep_alive, boost::beast::error_code ec, std::size_t bytes);
  void reply_and_close(http::status status, std::string_view code, std::string_view message);
  void do_shutdown();

  std::shared_ptr<TlsContext> tls_;
  std::unique_ptr<HandshakeSlots::Slot> handshake_slot_;
  Stream stream_;
  boost::beast::flat_buffer buffer_;
  HttpHandler& handler_;
  std::shared_ptr<const SessionConfig> config_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<boost::asio::ip::address> peer_address_;  // none for a Unix socket
  Client client_;                                         // of the request being answered
  std::string peer_;                                      // address:port, for logs
  std::string request_line_;  // method and target being answered, for the access log
  int status_ = 0;            // of the answer being written
};

}  // namespace mr::net
