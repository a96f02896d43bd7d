// What the router does with a request before any handler: Beast's parser on the raw bytes (with
// the server's header and body limits), the target parsed by Boost.URL and matched against route
// patterns after percent-decoding, and a JSON body read as the handlers read it.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/url/parse.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "api/route.hpp"

namespace http = boost::beast::http;

namespace {
const std::vector<mr::api::RoutePattern>& patterns() {
  static const std::vector<mr::api::RoutePattern> all = {
      mr::api::pattern(http::verb::post, "/api/login"),
      mr::api::pattern(http::verb::get, "/api/rooms/{room}"),
      mr::api::pattern(http::verb::post, "/api/rooms/{room}/invites"),
      mr::api::pattern(http::verb::get, "/r/{room}/api/documents/{document}"),
      mr::api::pattern(http::verb::put, "/r/{room}/api/uploads/{upload}"),
  };
  return all;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(64 * 1024);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_header_done()) return 0;
  const auto& req = parser.get();
  auto target = boost::urls::parse_origin_form(req.target());
  if (target) {
    for (const auto& route : patterns()) {
      auto params = route.match(req.method(), target->segments());
      if (params && params->empty() && route.segments.size() != target->segments().size())
        std::abort();
    }
  }
  auto body = nlohmann::json::parse(req.body(), nullptr, false);
  (void)body.is_object();
  return 0;
}
