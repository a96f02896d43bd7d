#pragma once
// Real TLS clients for integration tests: HTTPS requests and a WebSocket speaking PROTOCOL.md.
// Each client has its own io_context; waits are bounded by timeouts, never sleeps.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <deque>
#include <filesystem>
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
  json json_body() const { return json::parse(body, nullptr, false); }
};

// Trusts only the server's development certificate in `data_dir`.
boost::asio::ssl::context client_tls(const std::filesystem::path& data_dir);

HttpResult https(boost::asio::ssl::context& tls, unsigned short port, const std::string& method,
                 const std::string& target, const std::string& body = {},
                 const std::string& cookie = {}, const std::string& origin = {});

class WsClient {
 public:
  WsClient(boost::asio::ssl::context& tls, unsigned short port, const std::string& path,
           const std::string& cookie, const std::string& origin = {});
  ~WsClient();

  void send_text(const std::string& text);
  void send_binary(const std::string& bytes);
  void send(const json& frame) { send_text(frame.dump()); }
  // The next frame, or nullopt if none arrives within `timeout` or the connection closed.
  std::optional<json> next(std::chrono::milliseconds timeout = 5s);
  // Frames until one of `type` arrives (returned); the others are kept in skipped().
  json next_of_type(const std::string& type, std::chrono::milliseconds timeout = 5s);
  const std::vector<json>& received() const { return received_; }
  // Waits for the server to close; returns the close code (0 if it did not within `timeout`).
  int wait_close(std::chrono::milliseconds timeout = 5s);
  // Drops the TCP connection without a close handshake, like a lost network.
  void drop();
  bool closed() const { return closed_; }

 private:
  boost::asio::io_context ioc_;
  boost::beast::websocket::stream<boost::asio::ssl::stream<boost::beast::tcp_stream>> ws_;
  boost::beast::flat_buffer buffer_;
  std::vector<json> received_;
  std::deque<json> pending_;  // frames of a message that held several, not yet returned
  bool closed_ = false;
};

// Sends hello and reads until caught_up: returns every frame up to and including it.
std::vector<json> hello(WsClient& ws, std::int64_t last_seq = -1,
                        std::optional<std::int64_t> epoch = std::nullopt);

}  // namespace mr::test
