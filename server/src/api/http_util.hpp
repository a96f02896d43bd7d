#pragma once
// Small helpers for answering HTTP requests: JSON bodies, errors, cookies, origins.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/http_handler.hpp"

namespace mr::api {

namespace http = boost::beast::http;
using net::Request;
using net::Response;

Response json_response(const Request& req, http::status status, const nlohmann::json& body);
// {"error": code, "message": message}, plus any `extra` members.
Response error_response(const Request& req, http::status status, std::string_view code,
                        std::string_view message, const nlohmann::json& extra = nullptr);

// The value of the first cookie `name` in the request's Cookie headers, if any (RFC 6265 §5.4:
// pairs separated by "; ").
std::optional<std::string> cookie(const Request& req, std::string_view name);
std::string set_cookie(std::string_view name, std::string_view value, std::string_view path,
                       std::int64_t max_age_seconds);

// The request body as a JSON object, or nullopt.
std::optional<nlohmann::json> json_body(const Request& req);

// Path split on '/', without empty parts: "/api/rooms/x" -> {"api","rooms","x"}.
std::vector<std::string_view> path_parts(std::string_view target);

}  // namespace mr::api
