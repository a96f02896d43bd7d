#include "api/router.hpp"

#include <boost/beast/http/file_body.hpp>
#include <spdlog/spdlog.h>

#include "api/http_util.hpp"
#include "api/qr_code.hpp"
#include "crypto/password.hpp"
#include "crypto/random.hpp"
#include "protocol/room_connection.hpp"
#include "record/event.hpp"
#include "room/case_admin.hpp"

namespace mr::api {

namespace http = boost::beast::http;
using json = nlohmann::json;
using net::Request;
using net::Response;

namespace {

constexpr std::string_view kMediatorCookie = "mr_mediator";
constexpr std::string_view kPartyCookie = "mr_party";
constexpr std::int64_t kMediatorSessionSeconds = 12 * 3600;

using protocol::mediator_json;
using protocol::participant_json;

json invite_json(const store::Invite& i, const store::Participant& p) {
  return {{"id", i.id},
          {"participant", p.id},
          {"role", p.role},
          {"side", p.side ? json(*p.side) : json(nullptr)},
          {"name", p.name},
          {"created_at", i.created_ms},
          {"expires_at", i.expires_ms},
          {"revoked_at", i.revoked_ms ? json(*i.revoked_ms) : json(nullptr)}};
}

// Like frames, request bodies name their members exactly: a misspelt one is an error, not ignored.
std::optional<std::string> unknown_member(const json& body,
                                          std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, _] : body.items())
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) return key;
  return std::nullopt;
}

std::string string_member(const json& body, const char* name) {
  auto it = body.find(name);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

http::status status_for(const std::string& code) {
  if (code == "not_found") return http::status::not_found;
  if (code == "conflict") return http::status::conflict;
  return http::status::bad_request;
}

room::Identity identity_of(const store::Participant& p) {
  room::Identity who;
  who.participant = p.id;
  who.name = p.name;
  who.role = room::parse_role(p.role).value_or(room::Role::observer);
  if (p.side) who.side = room::parse_side(*p.side);
  return who;
}

}  // namespace

struct Router::Caller {
  std::optional<store::Mediator> mediator;
  std::optional<store::Participant> participant;  // of the room asked about, if any
};

Router::Router(store::Catalog& catalog, room::Registry& registry, ApiOptions options)
    : catalog_(catalog),
      registry_(registry),
      options_(std::move(options)),
      static_files_(options_.client_dir) {}

Router::Caller Router::caller(const Request& req, std::string_view room) {
  Caller c;
  const auto now = record::now_ms();
  if (auto token = cookie(req, kMediatorCookie))
    if (auto s = catalog_.session(room::token_hash(*token), now); s && s->mediator)
      c.mediator = catalog_.mediator_by_id(*s->mediator);
  if (room.empty()) return c;
  // The party cookie's path is its room's, so the browser sends only this room's (if any).
  if (auto token = cookie(req, kPartyCookie))
    if (auto s = catalog_.session(room::token_hash(*token), now); s && s->participant)
      if (auto p = catalog_.participant(*s->participant); p && p->room == room) {
        c.participant = p;
        return c;
      }
  if (c.mediator) c.participant = catalog_.mediator_participant(std::string(room), c.mediator->id);
  return c;
}

std::string Router::link_base(const Request& req) const {
  if (!options_.public_url.empty()) return options_.public_url;
  auto host = req.find(http::field::host);
  return "https://" + std::string(host != req.end() ? host->value() : "localhost");
}

http::message_generator Router::handle(Request&& req) {
  try {
    const auto method = req.method();
    if (method != http::verb::get && method != http::verb::head &&
        !origin_allowed(req, options_.extra_origins))
      return error_response(req, http::status::forbidden, "forbidden", "cross-origin request");

    auto parts = path_parts(req.target());
    const bool api = !parts.empty() && parts[0] == "api";
    if (parts.size() == 1 && parts[0] == "healthz") {
      if (catalog_.healthy()) return json_response(req, http::status::ok, {{"status", "ok"}});
      return error_response(req, http::status::service_unavailable, "internal", "store unavailable");
    }
    if (!api) {
      if (method == http::verb::get)
        if (auto page = static_files_.serve(req)) return std::move(*page);
      return error_response(req, http::status::not_found, "not_found", "no such page");
    }

    // /api/...
    if (parts.size() == 2) {
      if (parts[1] == "login" && method == http::verb::post) return login(req);
      if (parts[1] == "logout" && method == http::verb::post) return logout(req);
      if (parts[1] == "join" && method == http::verb::post) return join(req);
      if (parts[1] == "keys" && method == http::verb::get)
        return json_response(req, http::status::ok, json::parse(options_.public_keys_json));
      if (parts[1] == "fields" && method == http::verb::get)
        return json_response(req, http::status::ok, {{"fields", room::case_fields()}});
    }
    auto me = caller(req).mediator;
    if (!me) return error_response(req, http::status::unauthorized, "unauthorized", "log in first");
    if (parts.size() == 2 && parts[1] == "me" && method == http::verb::get)
      return json_response(req, http::status::ok, {{"mediator", mediator_json(*me)}});
    if (parts.size() == 2 && parts[1] == "rooms") {
      if (method == http::verb::post) return create_room(req, *me);
      if (method == http::verb::get) return list_rooms(req, *me);
    }
    if (parts.size() >= 3 && parts[1] == "rooms") {
      auto room = catalog_.room(std::string(parts[2]));
      if (!room || !catalog_.mediator_participant(room->id, me->id))
        return error_response(req, http::status::not_found, "not_found", "no such room of yours");
      if (parts.size() == 3 && method == http::verb::get) return show_room(req, *room);
      if (parts.size() == 4 && parts[3] == "invites") {
        if (method == http::verb::post) return create_invite(req, *room);
        if (method == http::verb::get) return list_invites(req, *room);
      }
      if (parts.size() == 5 && parts[3] == "invites" && method == http::verb::delete_)
        return revoke_invite(req, *room, std::string(parts[4]));
      if (parts.size() == 4 && parts[3] == "export" && method == http::verb::get)
        return export_room(req, *room);
    }
    return error_response(req, http::status::not_found, "not_found", "no such endpoint");
  } catch (const std::exception& e) {
    spdlog::error("http {} {}: {}", std::string(req.method_string()), std::string(req.target()),
                  e.what());
    return error_response(req, http::status::internal_server_error, "internal", "internal error");
  }
}

// The JSON object body of `req` if it has only `allowed` members, else the error response.
std::variant<json, Response> Router::body_of(const Request& req,
                                             std::initializer_list<std::string_view> allowed) {
  auto body = json_body(req);
  if (!body)
    return error_response(req, http::status::bad_request, "bad_request", "JSON object expected");
  if (auto key = unknown_member(*body, allowed))
    return error_response(req, http::status::bad_request, "bad_request",
                          "unknown member '" + *key + "'");
  return std::move(*body);
}

Response Router::login(const Request& req) {
  auto parsed = body_of(req, {"login", "password"});
  if (auto* refusal = std::get_if<Response>(&parsed)) return std::move(*refusal);
  auto* body = &std::get<json>(parsed);
  if (string_member(*body, "login").empty() || string_member(*body, "password").empty())
    return error_response(req, http::status::bad_request, "bad_request",
                          "login and password are required");
  const auto login_name = string_member(*body, "login");
  if (auto wait = login_throttle_.wait(login_name); wait.count() > 0) {
    auto res = error_response(req, http::status::too_many_requests, "too_many_attempts",
                              "too many failed logins; try again later");
    res.set(http::field::retry_after,
            std::to_string(std::chrono::duration_cast<std::chrono::seconds>(wait).count() + 1));
    return res;
  }
  auto m = catalog_.mediator_by_login(login_name);
  // Verify against a throwaway hash when the login is unknown, so timing does not reveal it.
  static const std::string decoy = crypto::hash_password(crypto::random_token());
  const bool ok = crypto::verify_password(m ? m->password_hash : decoy,
                                          string_member(*body, "password"));
  if (!m || !ok) {
    login_throttle_.failed(login_name);
    spdlog::info("login refused for '{}'", login_name);
    return error_response(req, http::status::unauthorized, "unauthorized", "wrong login or password");
  }
  login_throttle_.succeeded(login_name);
  auto token = crypto::random_token();
  catalog_.create_session(room::token_hash(token),
                          {m->id, std::nullopt, std::nullopt,
                           record::now_ms() + kMediatorSessionSeconds * 1000});
  auto res = json_response(req, http::status::ok, {{"mediator", mediator_json(*m)}});
  res.set(http::field::set_cookie, set_cookie(kMediatorCookie, token, "/", kMediatorSessionSeconds));
  return res;
}

Response Router::logout(const Request& req) {
  if (auto token = cookie(req, kMediatorCookie)) catalog_.delete_session(room::token_hash(*token));
  Response res{http::status::no_content, req.version()};
  res.set(http::field::set_cookie, set_cookie(kMediatorCookie, "", "/", 0));
  res.keep_alive(req.keep_alive());
  res.prepare_payload();
  return res;
}

Response Router::join(const Request& req) {
  auto parsed = body_of(req, {"token"});
  if (auto* refusal = std::get_if<Response>(&parsed)) return std::move(*refusal);
  auto* body = &std::get<json>(parsed);
  auto token = string_member(*body, "token");
  auto invite = token.empty() ? std::nullopt : catalog_.invite_by_token_hash(room::token_hash(token));
  if (!invite)
    return error_response(req, http::status::unauthorized, "unauthorized", "unknown invitation link");
  const auto now = record::now_ms();
  if (invite->revoked_ms)
    return error_response(req, http::status::gone, "revoked", "this invitation was revoked");
  if (invite->expires_ms <= now)
    return error_response(req, http::status::gone, "expired", "this invitation has expired");
  auto room = catalog_.room(invite->room);
  auto participant = catalog_.participant(invite->participant);
  if (!room || !participant)
    return error_response(req, http::status::not_found, "not_found", "room not found");
  auto session = crypto::random_token();
  catalog_.create_session(room::token_hash(session),
                          {std::nullopt, participant->id, invite->id, invite->expires_ms});
  auto res = json_response(req, http::status::ok,
                           {{"room", protocol::room_json(*room)},
                            {"participant", participant_json(*participant)}});
  res.set(http::field::set_cookie,
          set_cookie(kPartyCookie, session, "/r/" + room->id + "/", (invite->expires_ms - now) / 1000));
  spdlog::info("join room={} participant={} role={}", room->id, participant->id, participant->role);
  return res;
}

Response Router::create_room(const Request& req, const store::Mediator& me) {
  auto parsed = body_of(req, {"title", "field", "parties"});
  if (auto* refusal = std::get_if<Response>(&parsed)) return std::move(*refusal);
  auto* body = &std::get<json>(parsed);
  std::vector<room::PartyName> parties;
  if (auto it = body->find("parties"); it != body->end()) {
    if (!it->is_array())
      return error_response(req, http::status::bad_request, "bad_request", "parties must be a list");
    for (const auto& p : *it) {
      auto side = p.is_object() ? room::parse_side(string_member(p, "side")) : std::nullopt;
      if (!side)
        return error_response(req, http::status::bad_request, "bad_request",
                              "each party needs side A or B and a name");
      parties.push_back({*side, string_member(p, "name")});
    }
  }
  auto room = room::create_room(catalog_, me, string_member(*body, "title"),
                                string_member(*body, "field"), parties);
  if (!room)
    return error_response(req, status_for(room.refusal().code), room.refusal().code,
                          room.refusal().message);
  spdlog::info("room created room={} by={}", room->id, me.id);
  return json_response(req, http::status::created, {{"room", protocol::room_json(*room)}});
}

Response Router::list_rooms(const Request& req, const store::Mediator& me) {
  json rooms = json::array();
  for (const auto& r : catalog_.rooms_of_mediator(me.id)) rooms.push_back(protocol::room_json(r));
  return json_response(req, http::status::ok, {{"rooms", rooms}});
}

Response Router::show_room(const Request& req, const store::RoomRow& room) {
  json participants = json::array();
  for (const auto& p : catalog_.participants(room.id)) participants.push_back(participant_json(p));
  return json_response(req, http::status::ok,
                       {{"room", protocol::room_json(room)}, {"participants", participants}});
}

Response Router::create_invite(const Request& req, const store::RoomRow& room) {
  auto parsed = body_of(req, {"role", "side", "name", "ttl_hours"});
  if (auto* refusal = std::get_if<Response>(&parsed)) return std::move(*refusal);
  auto* body = &std::get<json>(parsed);
  std::int64_t ttl = room::kDefaultInviteHours;
  if (auto it = body->find("ttl_hours"); it != body->end()) {
    if (!it->is_number_integer())
      return error_response(req, http::status::bad_request, "bad_request", "ttl_hours must be an integer");
    ttl = it->get<std::int64_t>();
  }
  auto made = room::create_invite(catalog_, room.id, string_member(*body, "role"),
                                  string_member(*body, "side"), string_member(*body, "name"), ttl);
  if (!made)
    return error_response(req, status_for(made.refusal().code), made.refusal().code,
                          made.refusal().message);
  spdlog::info("invite created room={} invite={} role={}", room.id, made->invite.id,
               made->participant.role);
  const auto link = link_base(req) + "/join#" + made->token;
  return json_response(req, http::status::created,
                       {{"invite", invite_json(made->invite, made->participant)},
                        {"link", link},
                        {"qr_svg", qr_svg(link).value_or("")}});
}

Response Router::list_invites(const Request& req, const store::RoomRow& room) {
  json invites = json::array();
  for (const auto& i : catalog_.invites(room.id))
    if (auto p = catalog_.participant(i.participant)) invites.push_back(invite_json(i, *p));
  return json_response(req, http::status::ok, {{"invites", invites}});
}

Response Router::revoke_invite(const Request& req, const store::RoomRow& room,
                               const std::string& invite_id) {
  auto invite = catalog_.invite(invite_id);
  if (!invite || invite->room != room.id)
    return error_response(req, http::status::not_found, "not_found", "no such invite");
  catalog_.revoke_invite(invite_id, record::now_ms());
  if (auto live = registry_.loaded(room.id)) live->end_participant(invite->participant);
  spdlog::info("invite revoked room={} invite={}", room.id, invite_id);
  auto p = catalog_.participant(invite->participant);
  return json_response(req, http::status::ok, {{"invite", invite_json(*catalog_.invite(invite_id), *p)}});
}

http::message_generator Router::export_room(const Request& req, const store::RoomRow& room) {
  if (!options_.export_bundle)
    return error_response(req, http::status::not_found, "not_found", "export is not available");
  const bool include_private = req.target().find("private=1") != std::string_view::npos;
  auto out = std::filesystem::temp_directory_path() /
             ("mediation-export-" + crypto::random_hex(8) + ".zip");
  auto result = options_.export_bundle(room.id, include_private, out);
  if (!result.ok) {
    spdlog::error("export room={} failed: {}", room.id, result.error);
    return error_response(req, http::status::internal_server_error, "internal", "export failed");
  }
  http::file_body::value_type body;
  boost::beast::error_code ec;
  body.open(out.c_str(), boost::beast::file_mode::scan, ec);
  std::filesystem::remove(out);  // the open file stays readable until the response is sent
  if (ec) return error_response(req, http::status::internal_server_error, "internal", "export failed");
  http::response<http::file_body> res{http::status::ok, req.version()};
  res.set(http::field::content_type, "application/zip");
  res.set(http::field::content_disposition,
          "attachment; filename=\"case-" + room.id + ".zip\"");
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  spdlog::info("export room={} private={}", room.id, include_private);
  return http::message_generator(std::move(res));
}

std::variant<std::shared_ptr<net::PeerHandler>, Response> Router::upgrade(const Request& req) {
  auto parts = path_parts(req.target());
  if (parts.size() != 3 || parts[0] != "r" || parts[2] != "ws")
    return error_response(req, http::status::not_found, "not_found", "no such socket");
  if (!origin_allowed(req, options_.extra_origins))
    return error_response(req, http::status::forbidden, "forbidden", "origin not allowed");
  const std::string room_id(parts[1]);
  auto who = caller(req, room_id);
  if (!who.participant)
    return error_response(req, http::status::unauthorized, "unauthorized",
                          "no session for this room");
  auto room = registry_.get(room_id);
  if (!room) return error_response(req, http::status::not_found, "not_found", "no such room");
  return std::make_shared<protocol::RoomConnection>(room, identity_of(*who.participant),
                                                    options_.connection);
}

}  // namespace mr::api
