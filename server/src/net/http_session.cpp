#include "net/http_session.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "net/fail.hpp"
#include "net/websocket_session.hpp"

namespace mr::net {

namespace beast = boost::beast;
namespace asio = boost::asio;

namespace {
constexpr std::size_t kHeaderLimit = 16 * 1024;
}

HttpSession::HttpSession(asio::ip::tcp::socket&& socket, asio::ssl::context& tls,
                         HttpHandler& handler, TransportLimits limits)
    : stream_(std::move(socket), tls), handler_(handler), limits_(limits) {
  beast::error_code ec;
  auto endpoint = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
  if (!ec) {
    client_.address = endpoint.address().to_string();
    peer_ = client_.address + ":" + std::to_string(endpoint.port());
  }
}

void HttpSession::run() {
  // Start on the connection's strand: the handler and its members are not shared.
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    beast::get_lowest_layer(self->stream_).expires_after(self->limits_.handshake);
    self->stream_.async_handshake(asio::ssl::stream_base::server,
                                  beast::bind_front_handler(&HttpSession::on_handshake, self));
  });
}

void HttpSession::on_handshake(beast::error_code ec) {
  if (ec) return fail(ec, "tls handshake", peer_);
  do_read();
}

// Waits (up to the idle timeout) for the first bytes of the next request, so that the request
// itself can be held to the shorter handshake timeout: a client trickling a request byte by byte
// does not keep a connection for long.
void HttpSession::do_read() {
  parser_.emplace();
  parser_->body_limit(limits_.max_body);
  parser_->header_limit(kHeaderLimit);
  if (buffer_.size() > 0) return on_first_bytes({}, 0);  // the client sent it with the last one
  beast::get_lowest_layer(stream_).expires_after(limits_.http_idle);
  stream_.async_read_some(
      buffer_.prepare(kHeaderLimit),
      beast::bind_front_handler(&HttpSession::on_first_bytes, shared_from_this()));
}

void HttpSession::on_first_bytes(beast::error_code ec, std::size_t bytes) {
  if (ec == asio::error::eof) return do_shutdown();
  if (ec) return fail(ec, "http read", peer_);
  buffer_.commit(bytes);
  beast::get_lowest_layer(stream_).expires_after(limits_.handshake);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream) return do_shutdown();
  if (ec == http::error::body_limit)
    return reply_and_close(http::status::payload_too_large, "too_large",
                           "request body over the limit");
  if (ec == http::error::header_limit)
    return reply_and_close(http::status::request_header_fields_too_large, "too_large",
                           "request headers over the limit");
  if (ec.category() == http::make_error_code(http::error::bad_target).category())
    return reply_and_close(http::status::bad_request, "bad_request", "malformed HTTP request");
  if (ec) return fail(ec, "http read", peer_);

  // The application answers when it is ready; nothing is read meanwhile (no pipelining).
  beast::get_lowest_layer(stream_).expires_never();
  auto self = shared_from_this();
  auto strand = stream_.get_executor();
  if (beast::websocket::is_upgrade(parser_->get())) {
    return handler_.upgrade(parser_->get(), client_, [self, strand](HttpHandler::Admission a) {
      asio::post(strand, [self, a = std::move(a)]() mutable { self->on_admission(std::move(a)); });
    });
  }
  handler_.handle(parser_->release(), client_, [self, strand](http::message_generator response) {
    asio::post(strand, [self, response = std::move(response)]() mutable {
      self->respond(std::move(response));
    });
  });
}

void HttpSession::respond(http::message_generator response) {
  const bool keep_alive = response.keep_alive();
  beast::get_lowest_layer(stream_).expires_after(limits_.http_idle);
  beast::async_write(
      stream_, std::move(response),
      beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), keep_alive));
}

void HttpSession::on_admission(HttpHandler::Admission admission) {
  if (auto* handler = std::get_if<std::shared_ptr<PeerHandler>>(&admission)) {
    std::make_shared<WebSocketSession>(std::move(stream_), std::move(*handler), limits_)
        ->run(parser_->release());
    return;
  }
  auto& refusal = std::get<Response>(admission);
  spdlog::info("websocket refused {} {} {}", peer_, std::string(parser_->get().target()),
               refusal.result_int());
  refusal.keep_alive(false);
  respond(http::message_generator(std::move(refusal)));
}

void HttpSession::reply_and_close(http::status status, std::string_view code,
                                  std::string_view message) {
  Response res{status, 11};
  res.set(http::field::content_type, "application/json");
  res.set("X-Content-Type-Options", "nosniff");
  res.body() = std::string(R"({"error":")") + std::string(code) + R"(","message":")" +
               std::string(message) + "\"}";
  res.keep_alive(false);
  res.prepare_payload();
  respond(http::message_generator(std::move(res)));
}

void HttpSession::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
  if (ec) return fail(ec, "http write", peer_);
  if (!keep_alive) return do_shutdown();
  do_read();
}

void HttpSession::do_shutdown() {
  beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
  stream_.async_shutdown([self = shared_from_this()](beast::error_code) {
    beast::error_code ignored;
    beast::get_lowest_layer(self->stream_)
        .socket()
        .shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  });
}

}  // namespace mr::net
