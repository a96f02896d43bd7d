#pragma once
// Real TLS clients for tests: HTTPS requests, raw bytes over TLS, and a WebSocket speaking
// PROTOCOL.md. Each client has its own io_context; waits are bounded by timeouts, never sleeps.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <deque>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mr::test {

using json = nlohmann::json;
using namespace std::chrono_literals;

struct HttpResult {
  int status = 0;
  std::string body;
  std::string set_cookie;  // name=value of the first Set-Cookie, attributes dropped
  std::string set_cookie_header;
  std::map<std::string, std::string> headers;  // every header, names in lower case
  json json_body() const { return json::parse(body, nullptr, false); }
  std::string header(const std::string& lower_case_name) const {
    auto it = headers.find(lower_case_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// What a test reads of an HTTP answer: status, body, headers (names in lower case), cookie.
HttpResult result_of(const boost::beast::http::response<boost::beast::http::string_body>& res);

// Trusts only the server's development certificate in `data_dir`.
boost::asio::ssl::context client_tls(const std::filesystem::path& data_dir);

// A request with `body` (sent as `content_type` when not empty) on a connection of its own.
// `source`: the local address to connect from (any loopback address 127.x.y.z works), so that a
// test can tell clients apart by address; empty: the system's choice.
HttpResult https(boost::asio::ssl::context& tls, unsigned short port, const std::string& method,
                 const std::string& target, const std::string& body = {},
                 const std::string& cookie = {}, const std::string& origin = {},
                 const std::string& content_type = "application/json",
                 const std::string& source = {});

// A WebSocket upgrade the server is expected to refuse: the HTTP answer it gave instead (status
// 101 if it upgraded after all).
HttpResult refused_upgrade(boost::asio::ssl::context& tls, unsigned short port,
                           const std::string& path, const std::string& cookie,
                           const std::string& origin = {});

// One TLS connection on which a test writes whatever bytes it likes: a malformed or oversized
// request, or half of one.
class RawTls {
 public:
  RawTls(boost::asio::ssl::context& tls, unsigned short port);
  void send(const std::string& bytes);
  // Reads one HTTP response.
  HttpResult response();
  // Whether the server ended the connection (TLS close_notify or TCP FIN) within `timeout`,
  // sending nothing more first.
  bool ended(std::chrono::milliseconds timeout);
  // Stops sending mid-request, as a dropped connection does (a TCP FIN, no TLS close): ended()
  // then tells when the server has let the connection go.
  void cut_off();

 private:
  boost::asio::io_context ioc_;
  boost::asio::ssl::stream<boost::beast::tcp_stream> stream_;
  boost::beast::flat_buffer buffer_;
};

// Whether the peer of the TCP socket `fd` closed its side within `timeout`, without reading.
bool peer_hung_up(int fd, std::chrono::milliseconds timeout);

class WsClient {
 public:
  WsClient(boost::asio::ssl::context& tls, unsigned short port, const std::string& path,
           const std::string& cookie, const std::string& origin = {},
           const std::string& source = {});
  ~WsClient();

  void send_text(const std::string& text);
  void send_binary(const std::string& bytes);
  void send(const json& frame) { send_text(frame.dump()); }
  // The next frame, or nullopt if none arrives within `timeout` or the connection closed.
  std::optional<json> next(std::chrono::milliseconds timeout = 5s);
  // Frames until one of `type` arrives (returned); the others stay in received().
  json next_of_type(const std::string& type, std::chrono::milliseconds timeout = 5s);
  const std::vector<json>& received() const { return received_; }
  // The exact text of each received frame, in the same order as received().
  const std::vector<std::string>& received_text() const { return received_text_; }
  // Each WebSocket message as it arrived, several frames joined by '\n' when the server joined
  // them.
  const std::vector<std::string>& messages() const { return messages_; }
  // Waits for the server to close; returns the close code (0 if it did not within `timeout`).
  int wait_close(std::chrono::milliseconds timeout = 5s);
  // Starts the close handshake with `code`; returns the code the server answers with (0 if none).
  int close_with(std::uint16_t code, std::chrono::milliseconds timeout = 5s);
  // Drops the TCP connection without a close handshake, like a lost network.
  void drop();
  bool closed() const { return closed_; }
  // For a client that has stopped reading: whether the server dropped the connection within
  // `timeout`. Pings it sends meanwhile stay unanswered (Beast answers them only while reading).
  bool hung_up(std::chrono::milliseconds timeout);

 private:
  boost::asio::io_context ioc_;
  boost::beast::websocket::stream<boost::asio::ssl::stream<boost::beast::tcp_stream>> ws_;
  boost::beast::flat_buffer buffer_;
  std::vector<json> received_;
  std::vector<std::string> received_text_, messages_;
  std::deque<json> pending_;  // frames of a message that held several, not yet returned
  bool closed_ = false;
};

// Sends hello and reads until caught_up: returns every frame up to and including it.
std::vector<json> hello(WsClient& ws, std::int64_t last_seq = -1,
                        std::optional<std::int64_t> epoch = std::nullopt);

}  // namespace mr::test
