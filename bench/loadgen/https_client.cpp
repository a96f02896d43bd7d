#include "https_client.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http.hpp>
#include <chrono>

namespace mr::loadgen {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

std::string cookie_value(const std::vector<std::string>& set_cookies, std::string_view name) {
  for (const auto& c : set_cookies) {
    std::string_view v = c;
    if (v.size() > name.size() && v.starts_with(name) && v[name.size()] == '=') {
      v.remove_prefix(name.size() + 1);
      return std::string(v.substr(0, v.find(';')));
    }
  }
  return {};
}

HttpsClient::HttpsClient(asio::any_io_executor executor, asio::ssl::context& tls,
                         asio::ip::tcp::endpoint server)
    : executor_(std::move(executor)),
      tls_(tls),
      server_(server),
      host_(server.address().to_string() + ":" + std::to_string(server.port())) {}

asio::awaitable<void> HttpsClient::connect() {
  stream_.emplace(executor_, tls_);
  auto& tcp = beast::get_lowest_layer(*stream_);
  tcp.expires_after(std::chrono::seconds(10));
  co_await tcp.async_connect(server_, asio::use_awaitable);
  tcp.socket().set_option(asio::ip::tcp::no_delay(true));
  co_await stream_->async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
  buffer_.clear();
}

asio::awaitable<HttpReply> HttpsClient::exchange(http::verb verb, const std::string& target,
                                                 const std::string& body,
                                                 const std::string& cookie) {
  http::request<http::string_body> req{verb, target, 11};
  req.set(http::field::host, host_);
  req.set(http::field::user_agent, "mediation-room-loadgen");
  if (!cookie.empty()) req.set(http::field::cookie, cookie);
  if (!body.empty()) {
    req.set(http::field::content_type, "application/json");
    req.body() = body;
  }
  req.keep_alive(true);
  req.prepare_payload();

  beast::get_lowest_layer(*stream_).expires_after(std::chrono::seconds(30));
  co_await http::async_write(*stream_, req, asio::use_awaitable);
  http::response<http::string_body> res;
  co_await http::async_read(*stream_, buffer_, res, asio::use_awaitable);

  HttpReply reply;
  reply.status = res.result_int();
  reply.body = std::move(res.body());
  for (auto [it, end] = res.equal_range(http::field::set_cookie); it != end; ++it)
    reply.set_cookies.emplace_back(it->value());
  if (!res.keep_alive()) stream_.reset();
  co_return reply;
}

asio::awaitable<HttpReply> HttpsClient::request(http::verb verb, std::string target,
                                                std::string body, std::string cookie) {
  const bool reused = stream_.has_value();
  if (!reused) co_await connect();
  try {
    co_return co_await exchange(verb, target, body, cookie);
  } catch (const boost::system::system_error&) {
    stream_.reset();
    if (!reused) throw;
  }
  // The server closed an idle kept-alive connection under us: one fresh attempt.
  co_await connect();
  co_return co_await exchange(verb, target, body, cookie);
}

}  // namespace mr::loadgen
