#include "api/route.hpp"

namespace mr::api {
namespace {

bool is_parameter(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

RoutePattern pattern(boost::beast::http::verb verb, std::string_view path) {
  RoutePattern p{verb, {}};
  while (!path.empty()) {
    auto slash = path.find('/');
    if (slash != 0) p.segments.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return p;
}

bool RoutePattern::matches_path(const boost::urls::segments_view& path) const {
  if (path.size() != segments.size()) return false;
  auto it = path.begin();
  for (const auto& s : segments) {
    std::string segment = *it++;
    if (segment.empty() || (!is_parameter(s) && segment != s)) return false;
  }
  return true;
}

std::optional<std::map<std::string, std::string>> RoutePattern::match(
    boost::beast::http::verb v, const boost::urls::segments_view& path) const {
  if (v != verb || !matches_path(path)) return std::nullopt;
  std::map<std::string, std::string> params;
  auto it = path.begin();
  for (const auto& s : segments) {
    std::string segment = *it++;
    if (is_parameter(s)) params[s.substr(1, s.size() - 2)] = std::move(segment);
  }
  return params;
}

}  // namespace mr::api
