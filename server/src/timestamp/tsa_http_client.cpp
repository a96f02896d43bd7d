#include "timestamp/tsa_http_client.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <memory>
#include <type_traits>
#include <variant>

namespace mr::timestamp {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// A token with the TSA's certificate chain is a few KiB; anything far larger is not a reply.
constexpr std::size_t kReplyLimit = 256 << 10;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

class Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  Exchange(asio::any_io_executor executor, asio::ssl::context& tls, TsaUrl url, std::string query,
           QueryDone done)
      : resolver_(executor), deadline_(executor), url_(std::move(url)), done_(std::move(done)) {
    if (url_.tls)
      stream_.emplace<TlsStream>(executor, tls);
    else
      stream_.emplace<PlainStream>(executor);
    request_.method(http::verb::post);
    request_.target(url_.target);
    request_.version(11);
    request_.set(http::field::host, url_.host);
    request_.set(http::field::content_type, "application/timestamp-query");
    request_.set(http::field::accept, "application/timestamp-reply");
    request_.set(http::field::connection, "close");
    request_.body() = std::move(query);
    request_.prepare_payload();
    parser_.body_limit(kReplyLimit);
  }

  void start(std::chrono::milliseconds timeout) {
    deadline_.expires_after(timeout);
    deadline_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec) return;
      self->finish("no answer within the timeout");
      self->resolver_.cancel();
      self->lowest().close();
    });
    resolver_.async_resolve(url_.host, url_.port,
                            [self = shared_from_this()](boost::system::error_code ec,
                                                        tcp::resolver::results_type results) {
                              if (ec) return self->finish("cannot resolve: " + ec.message());
                              self->on_resolve(results);
                            });
  }

 private:
  beast::tcp_stream& lowest() {
    if (auto* s = std::get_if<TlsStream>(&stream_)) return beast::get_lowest_layer(*s);
    return std::get<PlainStream>(stream_);
  }

  void on_resolve(const tcp::resolver::results_type& results) {
    lowest().async_connect(results, [self = shared_from_this()](boost::system::error_code ec,
                                                                const tcp::endpoint&) {
      if (ec) return self->finish("cannot connect: " + ec.message());
      auto* tls = std::get_if<TlsStream>(&self->stream_);
      if (!tls) return self->write();
      // SNI, and the certificate must name the host.
      SSL_set_tlsext_host_name(tls->native_handle(), self->url_.host.c_str());
      tls->set_verify_mode(asio::ssl::verify_peer);
      tls->set_verify_callback(asio::ssl::host_name_verification(self->url_.host));
      tls->async_handshake(asio::ssl::stream_base::client, [self](boost::system::error_code ec) {
        if (ec) return self->finish("TLS handshake: " + ec.message());
        self->write();
      });
    });
  }

  void write() {
    std::visit(
        [this](auto& stream) {
          if constexpr (!std::is_same_v<std::decay_t<decltype(stream)>, std::monostate>)
            http::async_write(
                stream, request_,
                [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                  if (ec) return self->finish("cannot send: " + ec.message());
                  self->read();
                });
        },
        stream_);
  }

  void read() {
    std::visit(
        [this](auto& stream) {
          if constexpr (!std::is_same_v<std::decay_t<decltype(stream)>, std::monostate>)
            http::async_read(
                stream, buffer_, parser_,
                [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                  if (ec) return self->finish("cannot read the reply: " + ec.message());
                  self->on_reply();
                });
        },
        stream_);
  }

  void on_reply() {
    auto& res = parser_.get();
    if (res.result() != http::status::ok)
      return finish("HTTP " + std::to_string(res.result_int()) + " " + std::string(res.reason()));
    const auto type = res[http::field::content_type];
    if (!type.starts_with("application/timestamp-reply"))
      return finish("the reply's type is '" + std::string(type) +
                    "', not application/timestamp-reply");
    finish({}, std::move(res.body()));
  }

  void finish(std::string error, std::string reply = {}) {
    if (!done_) return;
    deadline_.cancel();
    boost::system::error_code ignored;
    lowest().socket().close(ignored);
    auto done = std::move(done_);
    done_ = nullptr;
    done(std::move(error), std::move(reply));
  }

  tcp::resolver resolver_;
  asio::steady_timer deadline_;
  TsaUrl url_;
  QueryDone done_;
  std::variant<std::monostate, PlainStream, TlsStream> stream_;
  http::request<http::string_body> request_;
  beast::flat_buffer buffer_;
  http::response_parser<http::string_body> parser_;
};

}  // namespace

std::optional<TsaUrl> TsaUrl::parse(std::string_view text, std::string* why) {
  auto fail = [&](std::string reason) -> std::optional<TsaUrl> {
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) return fail("not an absolute URL");
  TsaUrl url;
  url.text = std::string(text);
  const auto scheme = parsed->scheme();
  if (scheme != "http" && scheme != "https") return fail("only http:// and https:// are supported");
  url.tls = scheme == "https";
  url.host = std::string(parsed->host_address());
  if (url.host.empty()) return fail("names no host");
  url.port = parsed->has_port() ? std::string(parsed->port()) : url.tls ? "443" : "80";
  url.target = std::string(parsed->encoded_target());
  if (url.target.empty()) url.target = "/";
  return url;
}

void post_timestamp_query(asio::any_io_executor executor, asio::ssl::context& tls,
                          const TsaUrl& url, std::string query, std::chrono::milliseconds timeout,
                          QueryDone done) {
  // Its own strand: the deadline and the exchange's steps never run at once.
  auto strand = asio::make_strand(executor);
  auto exchange = std::make_shared<Exchange>(strand, tls, url, std::move(query), std::move(done));
  asio::dispatch(strand, [exchange, timeout] { exchange->start(timeout); });
}

asio::ssl::context make_tsa_tls_context() {
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_default_verify_paths();
  tls.set_verify_mode(asio::ssl::verify_peer);
  return tls;
}

}  // namespace mr::timestamp
