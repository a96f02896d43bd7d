#pragma once
// What the router's handlers share (router*.cpp): one call as resolved, and the answers every
// handler gives the same way. Internal to api/.
#include <boost/url/url_view.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <system_error>
#include <variant>

#include "api/http_util.hpp"
#include "api/request_bodies.hpp"
#include "api/router.hpp"
#include "room/outcome.hpp"

namespace mr::api {

using json = nlohmann::json;

struct Router::Call {
  const Request& req;
  const net::Client& client;
  boost::urls::url_view url;
  std::map<std::string, std::string> params{};
  std::optional<store::Mediator> mediator{};      // the logged-in mediator, if any
  std::optional<store::RoomRow> room{};           // the room named by {room}
  std::optional<store::Participant> participant{};// the caller in that room
  std::optional<store::Session> party_session{};  // for room_member: the party's session
  // The SHA-256 of the session tokens resolved (empty: none), and the mediator session's end.
  std::string party_session_key{}, mediator_session_key{};
  std::int64_t mediator_session_expires_ms = 0;
};

inline Response unavailable(const Request& req, std::error_code ec) {
  return error_response(req, http::status::service_unavailable, "unavailable",
                        "the store cannot answer now (" + ec.message() + "); try again later");
}

inline Response not_found(const Request& req, std::string_view what) {
  return error_response(req, http::status::not_found, "not_found", what);
}

inline Response bad_request(const Request& req, std::string_view what) {
  return error_response(req, http::status::bad_request, "bad_request", what);
}

inline http::status status_for(const std::string& code) {
  if (code == "not_found") return http::status::not_found;
  if (code == "conflict") return http::status::conflict;
  if (code == "unavailable") return http::status::service_unavailable;
  return http::status::bad_request;
}

inline Response refused(const Request& req, const room::Refusal& r) {
  return error_response(req, status_for(r.code), r.code, r.message);
}

// The request's JSON body as `reader` (request_bodies.hpp) reads it, or the 400 that says why not.
template <class T>
std::variant<T, Response> read_body(const Request& req, Reading<T> (*reader)(const json&)) {
  auto body = json_body(req);
  if (!body) return bad_request(req, "JSON object expected");
  auto reading = reader(*body);
  if (auto* error = std::get_if<BodyError>(&reading)) return bad_request(req, error->message);
  return std::move(std::get<T>(reading));
}

}  // namespace mr::api
