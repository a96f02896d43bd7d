#include "test_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <stdexcept>

namespace mr::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

namespace {

void connect_tls(asio::ssl::stream<beast::tcp_stream>& stream, unsigned short port) {
  beast::get_lowest_layer(stream).connect(
      asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  SSL_set_tlsext_host_name(stream.native_handle(), "localhost");
  stream.set_verify_callback(asio::ssl::host_name_verification("localhost"));
  stream.handshake(asio::ssl::stream_base::client);
}

}  // namespace

asio::ssl::context client_tls(const std::filesystem::path& data_dir) {
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.load_verify_file((data_dir / "tls" / "dev-cert.pem").string());
  ctx.set_verify_mode(asio::ssl::verify_peer);
  return ctx;
}

HttpResult https(asio::ssl::context& tls, unsigned short port, const std::string& method,
                 const std::string& target, const std::string& body, const std::string& cookie,
                 const std::string& origin) {
  asio::io_context ioc;
  asio::ssl::stream<beast::tcp_stream> stream(ioc, tls);
  connect_tls(stream, port);
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "localhost:" + std::to_string(port));
  if (!cookie.empty()) req.set(http::field::cookie, cookie);
  if (!origin.empty()) req.set(http::field::origin, origin);
  if (!body.empty()) req.set(http::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  http::read(stream, buffer, parser);
  auto& res = parser.get();
  HttpResult out{res.result_int(), res.body(), {}, {}};
  if (auto it = res.find(http::field::set_cookie); it != res.end()) {
    out.set_cookie_header = std::string(it->value());
    out.set_cookie = out.set_cookie_header.substr(0, out.set_cookie_header.find(';'));
  }
  beast::error_code ignored;
  stream.shutdown(ignored);
  return out;
}

WsClient::WsClient(asio::ssl::context& tls, unsigned short port, const std::string& path,
                   const std::string& cookie, const std::string& origin)
    : ws_(ioc_, tls) {
  connect_tls(ws_.next_layer(), port);
  ws_.set_option(websocket::stream_base::decorator([cookie, origin](websocket::request_type& req) {
    if (!cookie.empty()) req.set(http::field::cookie, cookie);
    if (!origin.empty()) req.set(http::field::origin, origin);
  }));
  ws_.handshake("localhost:" + std::to_string(port), path);
}

WsClient::~WsClient() {
  if (closed_) return;
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().close(ignored);
}

void WsClient::send_text(const std::string& text) {
  ws_.text(true);
  ws_.write(asio::buffer(text));
}

void WsClient::send_binary(const std::string& bytes) {
  ws_.binary(true);
  ws_.write(asio::buffer(bytes));
}

std::optional<json> WsClient::next(std::chrono::milliseconds timeout) {
  if (!pending_.empty()) {
    auto frame = std::move(pending_.front());
    pending_.pop_front();
    return frame;
  }
  if (closed_) return std::nullopt;
  std::optional<beast::error_code> result;
  ws_.async_read(buffer_, [&](beast::error_code ec, std::size_t) { result = ec; });
  ioc_.restart();
  ioc_.run_for(timeout);
  if (!result) {
    // Nothing within the timeout: cancel the read and let it complete.
    beast::get_lowest_layer(ws_).cancel();
    ioc_.restart();
    ioc_.run();
    closed_ = true;  // a cancelled Beast read leaves the stream unusable
    return std::nullopt;
  }
  if (*result) {
    closed_ = true;
    return std::nullopt;
  }
  // A message may carry several frames, one per line (PROTOCOL.md §4).
  const auto message = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  for (std::size_t start = 0; start <= message.size();) {
    auto eol = std::min(message.find('\n', start), message.size());
    auto frame = json::parse(message.substr(start, eol - start));
    received_.push_back(frame);
    pending_.push_back(std::move(frame));
    start = eol + 1;
  }
  return next(timeout);
}

json WsClient::next_of_type(const std::string& type, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) throw std::runtime_error("no '" + type + "' frame in time");
    auto frame = next(left);
    if (!frame) throw std::runtime_error("connection ended waiting for '" + type + "'");
    if ((*frame)["type"] == type) return *frame;
  }
}

int WsClient::wait_close(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!closed_) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return 0;
    next(left);
  }
  return ws_.reason().code;
}

void WsClient::drop() {
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  beast::get_lowest_layer(ws_).socket().close(ignored);
  closed_ = true;
}

std::vector<json> hello(WsClient& ws, std::int64_t last_seq, std::optional<std::int64_t> epoch) {
  json h = {{"type", "hello"}, {"last_seq", last_seq}};
  if (epoch) h["epoch"] = *epoch;
  ws.send(h);
  std::vector<json> frames;
  for (;;) {
    auto f = ws.next();
    if (!f) throw std::runtime_error("connection ended before caught_up");
    frames.push_back(*f);
    if ((*f)["type"] == "caught_up") return frames;
  }
}

}  // namespace mr::test
