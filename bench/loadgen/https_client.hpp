#pragma once
// A keep-alive HTTPS client for the setup phase (login, rooms, invites, joins). Setup is not the
// hot path, so this favours plain coroutine code over allocation-free code.
// Not thread-safe: one request at a time, on the executor it was made with.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/verb.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mr::loadgen {

struct HttpReply {
  unsigned status = 0;
  std::string body;
  std::vector<std::string> set_cookies;
};

// The value of cookie `name` in Set-Cookie headers, or empty.
std::string cookie_value(const std::vector<std::string>& set_cookies, std::string_view name);

class HttpsClient {
 public:
  HttpsClient(boost::asio::any_io_executor executor, boost::asio::ssl::context& tls,
              boost::asio::ip::tcp::endpoint server);

  // Sends one request with a JSON body; reconnects once if a kept-alive connection was closed.
  // Throws boost::system::system_error when the server cannot be reached.
  boost::asio::awaitable<HttpReply> request(boost::beast::http::verb verb, std::string target,
                                            std::string body, std::string cookie);

 private:
  boost::asio::awaitable<void> connect();
  boost::asio::awaitable<HttpReply> exchange(boost::beast::http::verb verb,
                                             const std::string& target, const std::string& body,
                                             const std::string& cookie);

  boost::asio::any_io_executor executor_;
  boost::asio::ssl::context& tls_;
  boost::asio::ip::tcp::endpoint server_;
  std::string host_;
  std::optional<boost::asio::ssl::stream<boost::beast::tcp_stream>> stream_;
  boost::beast::flat_buffer buffer_;
};

}  // namespace mr::loadgen
