#include "net/http_session.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "metrics/metrics.hpp"
#include "net/fail.hpp"
#include "net/response_head.hpp"
#include "net/websocket_session.hpp"

namespace mr::net {

namespace beast = boost::beast;
namespace asio = boost::asio;

namespace {
constexpr std::size_t kHeaderLimit = 16 * 1024;
constexpr std::size_t kLoggedTarget = 200;

// Probes and scrapes come every few seconds; only their failures are worth a log line.
bool quiet(std::string_view target, int status) {
  return status == 200 && (target == "/healthz" || target == "/metrics");
}
}  // namespace

template <class Stream>
HttpSession<Stream>::HttpSession(Stream&& stream, std::shared_ptr<TlsContext> tls,
                                 HttpHandler& handler, std::shared_ptr<const SessionConfig> config)
    : tls_(std::move(tls)),
      stream_(std::move(stream)),
      handler_(handler),
      config_(std::move(config)) {
  beast::error_code ec;
  auto endpoint = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
  if constexpr (std::is_same_v<Stream, UnixStream>) {
    peer_ = "unix";
  } else if (!ec) {
    peer_address_ = endpoint.address();
    peer_ = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  }
  client_.address = peer_address_ ? peer_address_->to_string() : peer_;
}

template <class Stream>
void HttpSession<Stream>::run() {
  // Start on the connection's loop: the handler and its members are not shared.
  asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
    if constexpr (is_tls<Stream>) {
      beast::get_lowest_layer(self->stream_).expires_after(self->config_->limits.handshake);
      self->stream_.async_handshake(asio::ssl::stream_base::server,
                                    beast::bind_front_handler(&HttpSession::on_handshake, self));
    } else {
      self->do_read();
    }
  });
}

template <class Stream>
void HttpSession<Stream>::on_handshake(beast::error_code ec) {
  metrics::tls_handshake(!ec);
  handshake_slot_.reset();
  if (ec) return fail(ec, "tls handshake", peer_);
  do_read();
}

// Waits (up to the idle timeout) for the first bytes of the next request, so that the request
// itself can be held to the shorter handshake timeout: a client trickling a request byte by byte
// does not keep a connection for long.
template <class Stream>
void HttpSession<Stream>::do_read() {
  parser_.emplace();
  parser_->body_limit(config_->limits.max_body);
  parser_->header_limit(kHeaderLimit);
  if (buffer_.size() > 0) return on_first_bytes({}, 0);  // the client sent it with the last one
  beast::get_lowest_layer(stream_).expires_after(config_->limits.http_idle);
  stream_.async_read_some(
      buffer_.prepare(kHeaderLimit),
      beast::bind_front_handler(&HttpSession::on_first_bytes, this->shared_from_this()));
}

template <class Stream>
void HttpSession<Stream>::on_first_bytes(beast::error_code ec, std::size_t bytes) {
  if (ec == asio::error::eof) return do_shutdown();
  if (ec) return fail(ec, "http read", peer_);
  buffer_.commit(bytes);
  beast::get_lowest_layer(stream_).expires_after(config_->limits.handshake);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::on_read, this->shared_from_this()));
}

template <class Stream>
void HttpSession<Stream>::on_read(beast::error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream) return do_shutdown();
  request_line_ = "-";
  if (ec == http::error::body_limit)
    return reply_and_close(http::status::payload_too_large, "too_large",
                           "request body over the limit");
  if (ec == http::error::header_limit)
    return reply_and_close(http::status::request_header_fields_too_large, "too_large",
                           "request headers over the limit");
  if (ec.category() == http::make_error_code(http::error::bad_target).category())
    return reply_and_close(http::status::bad_request, "bad_request", "malformed HTTP request");
  if (ec) return fail(ec, "http read", peer_);

  const auto& req = parser_->get();
  client_.address = config_->proxies.client_address(peer_address_, req);
  request_line_ =
      std::string(req.method_string()) + " " + std::string(req.target().substr(0, kLoggedTarget));
  // The application answers when it is ready; nothing is read meanwhile (no pipelining).
  beast::get_lowest_layer(stream_).expires_never();
  auto self = this->shared_from_this();
  auto loop = stream_.get_executor();
  if (beast::websocket::is_upgrade(req)) {
    return handler_.upgrade(req, client_, [self, loop](HttpHandler::Admission a) {
      asio::post(loop, [self, a = std::move(a)]() mutable { self->on_admission(std::move(a)); });
    });
  }
  handler_.handle(parser_->release(), client_, [self, loop](http::message_generator response) {
    asio::post(loop, [self, response = std::move(response)]() mutable {
      self->respond(std::move(response));
    });
  });
}

template <class Stream>
void HttpSession<Stream>::respond(http::message_generator response) {
  const bool keep_alive = response.keep_alive();
  beast::get_lowest_layer(stream_).expires_after(config_->limits.http_idle);
  status_ = 0;
  beast::async_write(
      stream_, ResponseHead(std::move(response), config_->header_lines, status_),
      beast::bind_front_handler(&HttpSession::on_write, this->shared_from_this(), keep_alive));
}

template <class Stream>
void HttpSession<Stream>::on_admission(HttpHandler::Admission admission) {
  if (auto* handler = std::get_if<std::shared_ptr<PeerHandler>>(&admission)) {
    auto home = (*handler)->home();
    std::make_shared<WebSocketSession<Stream>>(
        home ? moved_to(std::move(stream_), home) : std::move(stream_), std::move(*handler),
        config_, client_.address)
        ->run(parser_->release());
    return;
  }
  auto& refusal = std::get<Response>(admission);
  spdlog::info("websocket refused {} {} {}", client_.address, std::string(parser_->get().target()),
               refusal.result_int());
  refusal.keep_alive(false);
  respond(http::message_generator(std::move(refusal)));
}

template <class Stream>
void HttpSession<Stream>::reply_and_close(http::status status, std::string_view code,
                                          std::string_view message) {
  metrics::error_reply("http", code);
  Response res{status, 11};
  res.set(http::field::content_type, "application/json");
  res.set("X-Content-Type-Options", "nosniff");
  res.body() = std::string(R"({"error":")") + std::string(code) + R"(","message":")" +
               std::string(message) + "\"}";
  res.keep_alive(false);
  res.prepare_payload();
  respond(http::message_generator(std::move(res)));
}

template <class Stream>
void HttpSession<Stream>::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
  metrics::http_response(status_);
  if (!quiet(request_line_.substr(request_line_.find(' ') + 1), status_))
    spdlog::info("http {} \"{}\" {}", client_.address, request_line_, status_);
  if (ec) return fail(ec, "http write", peer_);
  if (!keep_alive) return do_shutdown();
  do_read();
}

template <class Stream>
void HttpSession<Stream>::do_shutdown() {
  auto close = [](Stream& stream) {
    beast::error_code ignored;
    beast::get_lowest_layer(stream).socket().shutdown(asio::socket_base::shutdown_both, ignored);
  };
  if constexpr (is_tls<Stream>) {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
    stream_.async_shutdown(
        [self = this->shared_from_this(), close](beast::error_code) { close(self->stream_); });
  } else {
    close(stream_);
  }
}

template class HttpSession<TlsStream>;
template class HttpSession<TcpStream>;
template class HttpSession<UnixStream>;

}  // namespace mr::net
