#pragma once
// One TLS connection speaking HTTP/1.1: handshake, then requests answered by the HttpHandler
// until the client closes, or a WebSocket upgrade hands the stream to a WebSocketSession.
// A request must arrive whole within the handshake timeout once its first byte has come; between
// requests a kept-alive connection may idle for the idle timeout.
// Thread-safety: all work runs on the connection's strand; the handler's answers are posted back
// to it.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <memory>
#include <optional>

#include "net/http_handler.hpp"

namespace mr::net {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(boost::asio::ip::tcp::socket&& socket, boost::asio::ssl::context& tls,
              HttpHandler& handler, TransportLimits limits);
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

  boost::beast::ssl_stream<boost::beast::tcp_stream> stream_;
  boost::beast::flat_buffer buffer_;
  HttpHandler& handler_;
  TransportLimits limits_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Client client_;
  std::string peer_;  // address:port, for logs
};

}  // namespace mr::net
