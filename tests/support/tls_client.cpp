#include "tls_client.hpp"

#include <poll.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <cctype>
#include <stdexcept>

namespace mr::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

namespace {

void connect_tls(asio::ssl::stream<beast::tcp_stream>& stream, unsigned short port,
                 const std::string& source = {}) {
  if (!source.empty()) {
    auto& socket = beast::get_lowest_layer(stream).socket();
    socket.open(asio::ip::tcp::v4());
    socket.bind(asio::ip::tcp::endpoint(asio::ip::make_address(source), 0));
  }
  beast::get_lowest_layer(stream).connect(
      asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  SSL_set_tlsext_host_name(stream.native_handle(), "localhost");
  stream.set_verify_callback(asio::ssl::host_name_verification("localhost"));
  stream.handshake(asio::ssl::stream_base::client);
}

// Runs `ioc` until `done()` or for `timeout`; if not done by then, cancels what is pending on
// `socket` and lets it complete. Whether it was done in time.
template <class Done>
bool completed_within(asio::io_context& ioc, beast::tcp_stream& socket,
                      std::chrono::milliseconds timeout, Done done) {
  ioc.restart();
  ioc.run_for(timeout);
  if (done()) return true;
  socket.cancel();
  ioc.restart();
  ioc.run();
  return false;
}

}  // namespace

HttpResult result_of(const http::response<http::string_body>& res) {
  HttpResult out;
  out.status = res.result_int();
  out.body = res.body();
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (auto& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
    out.headers.emplace(name, std::string(field.value()));
  }
  if (auto it = res.find(http::field::set_cookie); it != res.end()) {
    out.set_cookie_header = std::string(it->value());
    out.set_cookie = out.set_cookie_header.substr(0, out.set_cookie_header.find(';'));
  }
  return out;
}

asio::ssl::context client_tls(const std::filesystem::path& data_dir) {
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.load_verify_file((data_dir / "tls" / "dev-cert.pem").string());
  ctx.set_verify_mode(asio::ssl::verify_peer);
  return ctx;
}

HttpResult https(asio::ssl::context& tls, unsigned short port, const std::string& method,
                 const std::string& target, const std::string& body, const std::string& cookie,
                 const std::string& origin, const std::string& content_type,
                 const std::string& source) {
  asio::io_context ioc;
  asio::ssl::stream<beast::tcp_stream> stream(ioc, tls);
  connect_tls(stream, port, source);
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "localhost:" + std::to_string(port));
  if (!cookie.empty()) req.set(http::field::cookie, cookie);
  if (!origin.empty()) req.set(http::field::origin, origin);
  if (!body.empty()) req.set(http::field::content_type, content_type);
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  http::read(stream, buffer, parser);
  auto out = result_of(parser.get());
  beast::error_code ignored;
  stream.shutdown(ignored);
  return out;
}

HttpResult refused_upgrade(asio::ssl::context& tls, unsigned short port, const std::string& path,
                           const std::string& cookie, const std::string& origin) {
  asio::io_context ioc;
  websocket::stream<asio::ssl::stream<beast::tcp_stream>> ws(ioc, tls);
  connect_tls(ws.next_layer(), port);
  ws.set_option(websocket::stream_base::decorator([&](websocket::request_type& req) {
    if (!cookie.empty()) req.set(http::field::cookie, cookie);
    if (!origin.empty()) req.set(http::field::origin, origin);
  }));
  websocket::response_type res;
  beast::error_code ec;
  ws.handshake(res, "localhost:" + std::to_string(port), path, ec);
  if (ec && ec != websocket::error::upgrade_declined)
    throw std::runtime_error("websocket handshake failed: " + ec.message());
  return result_of(res);
}

RawTls::RawTls(asio::ssl::context& tls, unsigned short port) : stream_(ioc_, tls) {
  connect_tls(stream_, port);
}

void RawTls::send(const std::string& bytes) { asio::write(stream_, asio::buffer(bytes)); }

HttpResult RawTls::response() {
  http::response_parser<http::string_body> parser;
  http::read(stream_, buffer_, parser);
  return result_of(parser.get());
}

bool RawTls::ended(std::chrono::milliseconds timeout) {
  std::optional<std::pair<beast::error_code, std::size_t>> result;
  char byte;
  stream_.async_read_some(asio::buffer(&byte, 1),
                          [&](beast::error_code ec, std::size_t n) { result.emplace(ec, n); });
  if (!completed_within(ioc_, beast::get_lowest_layer(stream_), timeout, [&] { return result; }))
    return false;
  return result->first && result->second == 0;
}

void RawTls::cut_off() {
  beast::get_lowest_layer(stream_).socket().shutdown(asio::ip::tcp::socket::shutdown_send);
}

bool peer_hung_up(int fd, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLRDHUP, 0};
    if (poll(&p, 1, int(left.count())) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)))
      return true;
  }
}

WsClient::WsClient(asio::ssl::context& tls, unsigned short port, const std::string& path,
                   const std::string& cookie, const std::string& origin, const std::string& source)
    : ws_(ioc_, tls) {
  connect_tls(ws_.next_layer(), port, source);
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
  if (!completed_within(ioc_, beast::get_lowest_layer(ws_), timeout,
                        [&] { return result.has_value(); })) {
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
  messages_.push_back(message);
  for (std::size_t start = 0; start <= message.size();) {
    auto eol = std::min(message.find('\n', start), message.size());
    received_text_.push_back(message.substr(start, eol - start));
    auto frame = json::parse(received_text_.back());
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

int WsClient::close_with(std::uint16_t code, std::chrono::milliseconds timeout) {
  std::optional<beast::error_code> result;
  ws_.async_close(websocket::close_reason(code), [&](beast::error_code ec) { result = ec; });
  const bool answered = completed_within(ioc_, beast::get_lowest_layer(ws_), timeout,
                                         [&] { return result.has_value(); });
  closed_ = true;
  return answered && !*result ? ws_.reason().code : 0;
}

bool WsClient::hung_up(std::chrono::milliseconds timeout) {
  return peer_hung_up(beast::get_lowest_layer(ws_).socket().native_handle(), timeout);
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
