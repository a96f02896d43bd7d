#include "api/http_util.hpp"

#include "metrics/metrics.hpp"

namespace mr::api {

Response json_response(const Request& req, http::status status, const nlohmann::json& body) {
  Response res{status, req.version()};
  res.set(http::field::server, "mediation-room");
  res.set(http::field::content_type, "application/json; charset=utf-8");
  res.set(http::field::cache_control, "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  res.keep_alive(req.keep_alive());
  res.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  res.prepare_payload();
  return res;
}

Response error_response(const Request& req, http::status status, std::string_view code,
                        std::string_view message, const nlohmann::json& extra) {
  metrics::error_reply("http", code);
  nlohmann::json body = {{"error", code}, {"message", message}};
  if (extra.is_object()) body.update(extra);
  return json_response(req, status, body);
}

std::optional<std::string> cookie(const Request& req, std::string_view name) {
  for (auto it = req.find(http::field::cookie);
       it != req.end() && it->name() == http::field::cookie; ++it) {
    std::string_view header = it->value();
    while (!header.empty()) {
      auto end = header.find(';');
      auto pair = header.substr(0, end);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      auto eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name)
        return std::string(pair.substr(eq + 1));
      if (end == std::string_view::npos) break;
      header.remove_prefix(end + 1);
    }
  }
  return std::nullopt;
}

std::string set_cookie(std::string_view name, std::string_view value, std::string_view path,
                       std::int64_t max_age_seconds) {
  return std::string(name) + "=" + std::string(value) + "; Path=" + std::string(path) +
         "; Max-Age=" + std::to_string(max_age_seconds) + "; HttpOnly; Secure; SameSite=Strict";
}

std::optional<nlohmann::json> json_body(const Request& req) {
  auto body = nlohmann::json::parse(req.body(), nullptr, false);
  if (body.is_discarded() || !body.is_object()) return std::nullopt;
  return body;
}

std::vector<std::string_view> path_parts(std::string_view target) {
  target = target.substr(0, target.find('?'));
  std::vector<std::string_view> parts;
  while (!target.empty()) {
    auto slash = target.find('/');
    if (slash != 0) parts.push_back(target.substr(0, slash));
    if (slash == std::string_view::npos) break;
    target.remove_prefix(slash + 1);
  }
  return parts;
}

}  // namespace mr::api
