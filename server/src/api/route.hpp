#pragma once
// A route of the HTTP API: a method, a path pattern and who may call it. Patterns are literal
// segments and `{name}` parameters; the request path is matched segment by segment after
// percent-decoding (Boost.URL), so "/api/rooms/%41b" names room "Ab". Pure, thread-safe.
#include <boost/beast/http/verb.hpp>
#include <boost/url/url_view.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mr::api {

// Who may call a route; the router resolves the caller before the handler runs.
enum class Audience {
  anyone,
  mediator,       // a logged-in mediator
  room_mediator,  // a mediator of the room named by {room}
  room_member,    // anyone with a session for the room named by {room} (party or mediator)
};

struct RoutePattern {
  boost::beast::http::verb verb;
  std::vector<std::string> segments;  // "{room}" is a parameter

  // The parameters if `path` matches, else nullopt.
  std::optional<std::map<std::string, std::string>> match(
      boost::beast::http::verb verb, const boost::urls::segments_view& path) const;
  bool matches_path(const boost::urls::segments_view& path) const;
};

RoutePattern pattern(boost::beast::http::verb verb, std::string_view path);

}  // namespace mr::api
