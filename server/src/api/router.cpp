#include "api/router.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/url/parse.hpp>

#include "api/http_util.hpp"
#include "api/metrics_endpoint.hpp"
#include "api/qr_code.hpp"
#include "api/router_call.hpp"
#include "crypto/password.hpp"
#include "crypto/random.hpp"
#include "protocol/objects.hpp"
#include "protocol/room_connection.hpp"
#include "record/event.hpp"
#include "room/case_admin.hpp"

namespace mr::api {

namespace http = boost::beast::http;
using json = nlohmann::json;
using net::Request;
using net::Response;
using protocol::mediator_card;
using protocol::mediator_json;
using protocol::participant_json;

namespace {

constexpr std::string_view kMediatorCookie = "mr_mediator";
constexpr std::string_view kPartyCookie = "mr_party";
constexpr std::int64_t kMediatorSessionSeconds = 12 * 3600;

}  // namespace

Router::Router(store::Store& store, room::Registry& registry, ApiOptions options,
               boost::asio::any_io_executor blocking)
    : store_(store),
      registry_(registry),
      options_(std::move(options)),
      blocking_(std::move(blocking)),
      static_files_(options_.client_dir),
      site_(options_.public_url, options_.extra_origins) {}

const std::vector<Router::Route>& Router::routes() {
  using http::verb;
  static const std::vector<Route> table = {
      {pattern(verb::get, "/healthz"), Audience::anyone, &Router::healthz},
      {pattern(verb::get, "/metrics"), Audience::anyone, &Router::metrics},
      {pattern(verb::get, "/api/keys"), Audience::anyone, &Router::keys},
      {pattern(verb::get, "/api/fields"), Audience::anyone, &Router::fields},
      {pattern(verb::post, "/api/login"), Audience::anyone, &Router::login},
      {pattern(verb::post, "/api/logout"), Audience::anyone, &Router::logout},
      {pattern(verb::post, "/api/join"), Audience::anyone, &Router::join},
      {pattern(verb::get, "/api/me"), Audience::mediator, &Router::me},
      {pattern(verb::post, "/api/rooms"), Audience::mediator, &Router::create_room},
      {pattern(verb::get, "/api/rooms"), Audience::mediator, &Router::list_rooms},
      {pattern(verb::get, "/api/rooms/{room}"), Audience::room_mediator, &Router::show_room},
      {pattern(verb::post, "/api/rooms/{room}/invites"), Audience::room_mediator,
       &Router::create_invite},
      {pattern(verb::get, "/api/rooms/{room}/invites"), Audience::room_mediator,
       &Router::list_invites},
      {pattern(verb::delete_, "/api/rooms/{room}/invites/{invite}"), Audience::room_mediator,
       &Router::revoke_invite},
      {pattern(verb::get, "/api/rooms/{room}/export"), Audience::room_mediator,
       &Router::export_room},
      {pattern(verb::get, "/api/rooms/{room}/package"), Audience::room_mediator,
       &Router::export_package},
      {pattern(verb::get, "/r/{room}/api/session"), Audience::room_member, &Router::room_session},
      {pattern(verb::get, "/r/{room}/api/notice"), Audience::room_member, &Router::room_notice},
      {pattern(verb::post, "/r/{room}/api/uploads"), Audience::room_member, &Router::create_upload},
      {pattern(verb::get, "/r/{room}/api/uploads/{upload}"), Audience::room_member,
       &Router::show_upload},
      {pattern(verb::put, "/r/{room}/api/uploads/{upload}"), Audience::room_member,
       &Router::put_upload},
      {pattern(verb::delete_, "/r/{room}/api/uploads/{upload}"), Audience::room_member,
       &Router::cancel_upload},
      {pattern(verb::get, "/r/{room}/api/documents"), Audience::room_member,
       &Router::list_documents},
      {pattern(verb::get, "/r/{room}/api/documents/{document}"), Audience::room_member,
       &Router::get_document},
      {pattern(verb::get, "/r/{room}/api/agreement"), Audience::room_member,
       &Router::get_agreement},
  };
  return table;
}

void Router::handle(Request&& req, const net::Client& client, Respond respond) {
  boost::asio::post(blocking_, [this, req = std::move(req), client, respond]() mutable {
    try {
      respond(answer(req, client));
    } catch (const std::exception& e) {
      // A programmer error; the request is answered and the server goes on.
      spdlog::error("http {} {}: {}", std::string(req.method_string()), std::string(req.target()),
                    e.what());
      respond(
          error_response(req, http::status::internal_server_error, "internal", "internal error"));
    }
  });
}

http::message_generator Router::answer(Request& req, const net::Client& client) {
  auto url = boost::urls::parse_origin_form(req.target());
  if (!url) return bad_request(req, "malformed request target");
  Call call{.req = req, .client = client, .url = *url};
  const auto method = req.method();
  if (method != http::verb::get && method != http::verb::head && !site_.origin_allowed(req))
    return error_response(req, http::status::forbidden, "forbidden", "cross-origin request");

  bool path_known = false;
  for (const auto& route : routes()) {
    auto params = route.pattern.match(method, url->segments());
    path_known = path_known || route.pattern.matches_path(url->segments());
    if (!params) continue;
    call.params = std::move(*params);
    if (auto refusal = resolve(call, route.audience)) return std::move(*refusal);
    return (this->*route.handler)(call);
  }
  if (path_known)
    return error_response(req, http::status::method_not_allowed, "not_found",
                          "this path does not take " + std::string(req.method_string()));
  auto segments = url->segments();
  const bool api = !segments.empty() && *segments.begin() == "api";
  if (!api && method == http::verb::get)
    if (auto page = static_files_.serve(req)) return std::move(*page);
  return not_found(req, api ? "no such endpoint" : "no such page");
}

std::optional<Response> Router::resolve(Call& call, Audience audience) {
  const auto& req = call.req;
  if (audience == Audience::anyone) return std::nullopt;
  const auto now = record::now_ms();
  if (auto token = cookie(req, kMediatorCookie)) {
    auto key = room::token_hash(*token);
    auto s = store_.session(key);
    if (!s) return unavailable(req, s.error());
    if (*s && (*s)->valid_at(now) && (*s)->mediator) {
      auto m = store_.mediator_by_id(*(*s)->mediator);
      if (!m) return unavailable(req, m.error());
      call.mediator = std::move(*m);
      call.mediator_session_key = std::move(key);
      call.mediator_session_expires_ms = (*s)->expires_ms;
    }
  }
  if (audience == Audience::mediator) {
    if (!call.mediator)
      return error_response(req, http::status::unauthorized, "unauthorized", "log in first");
    return std::nullopt;
  }

  const auto& room_id = call.params["room"];
  auto room = store_.room(room_id);
  if (!room) return unavailable(req, room.error());
  if (audience == Audience::room_member) {
    // The party cookie's path is its room's, so the browser sends only this room's (if any).
    if (auto token = cookie(req, kPartyCookie)) {
      auto key = room::token_hash(*token);
      auto s = store_.session(key);
      if (!s) return unavailable(req, s.error());
      if (*s && (*s)->participant) {
        call.party_session = **s;
        call.party_session_key = std::move(key);
        if ((*s)->valid_at(now)) {
          auto p = store_.participant(*(*s)->participant);
          if (!p) return unavailable(req, p.error());
          if (*p && (*p)->room == room_id && !(*p)->removed_ms) call.participant = std::move(*p);
        }
      }
    }
  }
  if (*room && !call.participant && call.mediator) {
    auto p = store_.mediator_participant(room_id, call.mediator->id);
    if (!p) return unavailable(req, p.error());
    if (*p && !(*p)->removed_ms) call.participant = std::move(*p);
  }
  if (!*room || !call.participant) {
    if (audience == Audience::room_mediator)
      return call.mediator
                 ? not_found(req, "no such room of yours")
                 : error_response(req, http::status::unauthorized, "unauthorized", "log in first");
    return std::nullopt;  // room_member: the handler says why
  }
  if (audience == Audience::room_mediator && call.participant->role != "mediator")
    return not_found(req, "no such room of yours");
  call.room = std::move(**room);
  return std::nullopt;
}

// Anyone

http::message_generator Router::healthz(Call& call) {
  if (store_.healthy()) return json_response(call.req, http::status::ok, {{"status", "ok"}});
  return error_response(call.req, http::status::service_unavailable, "unavailable",
                        "store unavailable");
}

http::message_generator Router::metrics(Call& call) {
  if (!options_.serve_metrics) return not_found(call.req, "metrics are served on another port");
  return metrics_response(call.req);
}

http::message_generator Router::keys(Call& call) {
  return json_response(call.req, http::status::ok, json::parse(options_.public_keys_json));
}

http::message_generator Router::fields(Call& call) {
  return json_response(call.req, http::status::ok, {{"fields", room::case_fields()}});
}

http::message_generator Router::login(Call& call) {
  const auto& req = call.req;
  auto parsed = read_body(req, read_login);
  if (auto* refusal = std::get_if<Response>(&parsed)) return std::move(*refusal);
  const auto& [login_name, password] = std::get<LoginRequest>(parsed);
  const auto& address = call.client.address;
  if (auto wait = login_throttle_.wait(login_name, address); wait.count() > 0)
    return too_many_attempts(
        req, wait,
        "登录失败次数过多，请稍后再试 too many failed logins from here; try again later");
  auto m = store_.mediator_by_login(login_name);
  if (!m) return unavailable(req, m.error());
  // Verify against a throwaway hash when the login is unknown, so timing does not reveal it.
  static const std::string decoy = crypto::hash_password(crypto::random_token());
  const bool ok = crypto::verify_password(*m ? (*m)->password_hash : decoy, password);
  if (!*m || !ok) {
    login_throttle_.failed(login_name, address);
    spdlog::info("login refused for '{}'", login_name);
    return error_response(req, http::status::unauthorized, "unauthorized",
                          "wrong login or password");
  }
  login_throttle_.succeeded(login_name, address);
  auto token = crypto::random_token();
  if (auto made = store_.create_session(room::token_hash(token),
                                        {(*m)->id,
                                         std::nullopt,
                                         std::nullopt,
                                         record::now_ms() + kMediatorSessionSeconds * 1000,
                                         {}});
      !made)
    return unavailable(req, made.error());
  auto res = json_response(req, http::status::ok, {{"mediator", mediator_json(**m)}});
  res.set(http::field::set_cookie,
          set_cookie(kMediatorCookie, token, "/", kMediatorSessionSeconds));
  return res;
}

Response Router::too_many_attempts(const Request& req, GuessThrottle::Clock::duration wait,
                                   std::string_view message) {
  auto res = error_response(req, http::status::too_many_requests, "too_many_attempts", message);
  res.set(http::field::retry_after,
          std::to_string(std::chrono::duration_cast<std::chrono::seconds>(wait).count() + 1));
  return res;
}

http::message_generator Router::logout(Call& call) {
  const auto& req = call.req;
  if (auto token = cookie(req, kMediatorCookie)) {
    const auto key = room::token_hash(*token);
    if (auto done = store_.delete_session(key); !done) return unavailable(req, done.error());
    // Logging out ends the console's live rooms too, not only its next request.
    if (auto n = live_->end_session(key)) spdlog::info("logout closed {} connections", n);
  }
  Response res{http::status::no_content, req.version()};
  res.set(http::field::set_cookie, set_cookie(kMediatorCookie, "", "/", 0));
  res.keep_alive(req.keep_alive());
  res.prepare_payload();
  return res;
}

http::message_generator Router::join(Call& call) {
  const auto& req = call.req;
  auto parsed = read_body(req, read_join);
  if (auto* refusal = std::get_if<Response>(&parsed)) return std::move(*refusal);
  const auto& token = std::get<JoinRequest>(parsed).token;
  // Guessing tokens is slowed per address, like passwords (a token has 256 bits; this keeps the
  // guessing from costing the store).
  const auto& address = call.client.address;
  if (auto wait = invite_guesses_.wait(address); wait.count() > 0)
    return too_many_attempts(req, wait,
                             "无效链接尝试次数过多，请稍后再试 too many unknown invitation links "
                             "from here; try again later");
  auto invite = store_.invite_by_token_hash(room::token_hash(token));
  if (!invite) return unavailable(req, invite.error());
  if (!*invite) {
    invite_guesses_.failed(address);
    return error_response(req, http::status::unauthorized, "unauthorized",
                          "unknown invitation link");
  }
  auto room = store_.room((*invite)->room);
  auto participant = store_.participant((*invite)->participant);
  if (!room) return unavailable(req, room.error());
  if (!participant) return unavailable(req, participant.error());
  if (!*room || !*participant) return not_found(req, "room not found");
  auto mediator = store_.mediator_by_id((*room)->created_by);
  if (!mediator) return unavailable(req, mediator.error());
  const json card = *mediator ? mediator_card(**mediator) : json::object();
  // Whoever holds a dead link is told whom to ask for a new one.
  const json contact =
      *mediator ? json{{"contact", {{"mediator", (*mediator)->name}, {"org", (*mediator)->org}}}}
                : json(nullptr);
  const auto now = record::now_ms();
  if ((*invite)->revoked_ms)
    return error_response(req, http::status::gone, "revoked", "this invitation was revoked",
                          contact);
  if ((*invite)->expires_ms <= now)
    return error_response(req, http::status::gone, "expired", "this invitation has expired",
                          contact);
  auto session = crypto::random_token();
  if (auto made = store_.create_session(
          room::token_hash(session),
          {std::nullopt, (*participant)->id, (*invite)->id, (*invite)->expires_ms, {}});
      !made)
    return unavailable(req, made.error());
  auto res = json_response(req, http::status::ok,
                           {{"room", protocol::room_json(**room)},
                            {"participant", participant_json(**participant)},
                            {"mediator", card}});
  res.set(http::field::set_cookie, set_cookie(kPartyCookie, session, "/r/" + (*room)->id + "/",
                                              ((*invite)->expires_ms - now) / 1000));
  spdlog::info("join room={} participant={} role={}", (*room)->id, (*participant)->id,
               (*participant)->role);
  return res;
}

// Mediators

http::message_generator Router::me(Call& call) {
  return json_response(call.req, http::status::ok, {{"mediator", mediator_json(*call.mediator)}});
}

http::message_generator Router::create_room(Call& call) {
  const auto& req = call.req;
  auto parsed = read_body(req, read_room_create);
  if (auto* refusal = std::get_if<Response>(&parsed)) return std::move(*refusal);
  const auto& body = std::get<RoomCreateRequest>(parsed);
  auto room = room::create_room(store_, *call.mediator, body.title, body.field, body.parties);
  if (!room) return refused(req, room.refusal());
  spdlog::info("room created room={} by={}", room->id, call.mediator->id);
  return json_response(req, http::status::created, {{"room", protocol::room_json(*room)}});
}

http::message_generator Router::list_rooms(Call& call) {
  auto cases = store_.cases_of_mediator(call.mediator->id);
  if (!cases) return unavailable(call.req, cases.error());
  json list = json::array();
  for (const auto& c : *cases) {
    json parties = json::array();
    for (const auto& p : c.parties)
      parties.push_back({{"side", p.side.value_or("A")}, {"name", p.name}});
    list.push_back({{"room", protocol::room_json(c.room)},
                    {"case", json::parse(c.case_summary, nullptr, false)},
                    {"parties", parties},
                    {"last_activity", std::max(c.last_activity_ms, c.room.created_ms)}});
  }
  return json_response(call.req, http::status::ok, {{"cases", list}});
}

http::message_generator Router::show_room(Call& call) {
  auto people = store_.participants(call.room->id);
  if (!people) return unavailable(call.req, people.error());
  json participants = json::array();
  for (const auto& p : *people) participants.push_back(participant_json(p));
  return json_response(call.req, http::status::ok,
                       {{"room", protocol::room_json(*call.room)}, {"participants", participants}});
}

http::message_generator Router::create_invite(Call& call) {
  const auto& req = call.req;
  auto parsed = read_body(req, read_invite_create);
  if (auto* refusal = std::get_if<Response>(&parsed)) return std::move(*refusal);
  const auto& body = std::get<InviteCreateRequest>(parsed);
  // Never the request's Host unless it is a loopback name: a link must lead to this server.
  const auto base = site_.link_base(req);
  if (!base)
    return bad_request(req,
                       "未配置 --public-url，且请求的主机名不是本机名称，无法生成邀请链接 no "
                       "--public-url is configured and the request's Host is not a loopback "
                       "name: the server cannot tell which address the link should name");
  auto made =
      room::create_invite(store_, call.room->id, body.role, body.side, body.name, body.ttl_hours);
  if (!made) return refused(req, made.refusal());
  spdlog::info("invite created room={} invite={} role={}", call.room->id, made->invite.id,
               made->participant.role);
  const auto link = *base + "/join#" + made->token;
  return json_response(req, http::status::created,
                       {{"invite", protocol::invite_json(made->invite, made->participant)},
                        {"link", link},
                        {"qr_svg", qr_svg(link).value_or("")}});
}

http::message_generator Router::list_invites(Call& call) {
  auto invites = store_.invites(call.room->id);
  auto people = store_.participants(call.room->id);
  if (!invites) return unavailable(call.req, invites.error());
  if (!people) return unavailable(call.req, people.error());
  json list = json::array();
  for (const auto& i : *invites)
    for (const auto& p : *people)
      if (p.id == i.participant) list.push_back(protocol::invite_json(i, p));
  return json_response(call.req, http::status::ok, {{"invites", list}});
}

http::message_generator Router::revoke_invite(Call& call) {
  const auto& req = call.req;
  const auto& invite_id = call.params["invite"];
  auto invite = store_.invite(invite_id);
  if (!invite) return unavailable(req, invite.error());
  if (!*invite || (*invite)->room != call.room->id) return not_found(req, "no such invite");
  if (auto done = store_.revoke_invite(invite_id, record::now_ms()); !done)
    return unavailable(req, done.error());
  end_participant((*invite)->participant);
  spdlog::info("invite revoked room={} invite={}", call.room->id, invite_id);
  auto revoked = store_.invite(invite_id);
  auto person = store_.participant((*invite)->participant);
  if (!revoked || !*revoked) return unavailable(req, revoked.error());
  if (!person || !*person) return unavailable(req, person.error());
  return json_response(req, http::status::ok,
                       {{"invite", protocol::invite_json(**revoked, **person)}});
}

http::message_generator Router::export_room(Call& call) {
  const auto& req = call.req;
  if (!options_.export_bundle) return not_found(req, "export is not available");
  std::optional<std::optional<std::string>> private_param;
  if (auto it = call.url.params().find("private"); it != call.url.params().end())
    private_param = (*it).has_value ? std::optional<std::string>((*it).value) : std::nullopt;
  auto query = read_export_query(private_param);
  if (auto* error = std::get_if<BodyError>(&query)) return bad_request(req, error->message);
  const bool include_private = std::get<ExportQuery>(query).include_private;
  auto out = std::filesystem::temp_directory_path() /
             ("mediation-export-" + crypto::random_hex(8) + ".zip");
  auto result = options_.export_bundle(call.room->id, include_private, out);
  if (!result.ok) {
    spdlog::error("export room={} failed: {}", call.room->id, result.error);
    return error_response(req, http::status::service_unavailable, "unavailable", "export failed");
  }
  http::file_body::value_type body;
  boost::beast::error_code ec;
  body.open(out.c_str(), boost::beast::file_mode::scan, ec);
  std::filesystem::remove(out);  // the open file stays readable until the response is sent
  if (ec)
    return error_response(req, http::status::internal_server_error, "internal", "export failed");
  http::response<http::file_body> res{http::status::ok, req.version()};
  res.set(http::field::content_type, "application/zip");
  res.set(http::field::content_disposition,
          "attachment; filename=\"case-" + call.room->id + ".zip\"");
  res.set(http::field::cache_control, "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  spdlog::info("export room={} private={}", call.room->id, include_private);
  return http::message_generator(std::move(res));
}

// The judicial-confirmation package (司法确认材料, ?kind=confirmation or none): for the presiding
// mediator, once the agreement is sealed and the application confirmed; the notarisation package
// (赋强公证材料, ?kind=notarisation) once a payment item carries its debtor's consent. A refusal
// says why (409, with the rule).
http::message_generator Router::export_package(Call& call) {
  const auto& req = call.req;
  std::string kind = "confirmation";
  if (auto it = call.url.params().find("kind"); it != call.url.params().end())
    kind = (*it).has_value ? std::string((*it).value) : std::string();
  if (kind != "confirmation" && kind != "notarisation")
    return bad_request(req, "kind must be confirmation or notarisation");
  const bool notarisation = kind == "notarisation";
  const auto& make = notarisation ? options_.export_notarisation : options_.export_package;
  if (!make) return not_found(req, "export is not available");
  auto out = std::filesystem::temp_directory_path() /
             ("mediation-package-" + crypto::random_hex(8) + ".zip");
  const auto requester = call.participant ? call.participant->id : std::string();
  auto result = make(call.room->id, requester, out);
  if (result.refusal) {
    std::filesystem::remove(out);
    return error_response(req, http::status::conflict, result.refusal->code,
                          result.refusal->message);
  }
  if (!result.ok) {
    spdlog::error("package room={} failed: {}", call.room->id, result.error);
    return error_response(req, http::status::service_unavailable, "unavailable", "export failed");
  }
  http::file_body::value_type body;
  boost::beast::error_code ec;
  body.open(out.c_str(), boost::beast::file_mode::scan, ec);
  std::filesystem::remove(out);  // the open file stays readable until the response is sent
  if (ec)
    return error_response(req, http::status::internal_server_error, "internal", "export failed");
  http::response<http::file_body> res{http::status::ok, req.version()};
  res.set(http::field::content_type, "application/zip");
  res.set(http::field::content_disposition,
          "attachment; filename=\"" + kind + "-" + call.room->id + ".zip\"");
  res.set(http::field::cache_control, "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  if (!notarisation) {
    res.set("X-Confirmation-Deadline", result.deadline);
    res.set("X-Confirmation-Days-Left", std::to_string(result.days_left));
  }
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  spdlog::info("package room={} kind={} deadline={}", call.room->id, kind, result.deadline);
  return http::message_generator(std::move(res));
}

// Room members

http::message_generator Router::room_session(Call& call) {
  const auto& req = call.req;
  if (!call.room) {
    const auto now = record::now_ms();
    if (call.party_session && call.party_session->revoked_ms)
      return error_response(req, http::status::gone, "revoked", "this invitation was revoked");
    if (call.party_session && call.party_session->expires_ms <= now)
      return error_response(req, http::status::gone, "expired", "this invitation has expired");
    return error_response(req, http::status::unauthorized, "unauthorized",
                          "no session for this room");
  }
  auto mediator = store_.mediator_by_id(call.room->created_by);
  if (!mediator) return unavailable(req, mediator.error());
  return json_response(req, http::status::ok,
                       {{"room", protocol::room_json(*call.room)},
                        {"participant", participant_json(*call.participant)},
                        {"mediator", *mediator ? mediator_card(**mediator) : json::object()}});
}

http::message_generator Router::room_notice(Call& call) {
  const auto& req = call.req;
  if (!call.room)
    return error_response(req, http::status::unauthorized, "unauthorized",
                          "no session for this room");
  std::string language = "zh-CN";
  if (auto it = call.url.params().find("lang"); it != call.url.params().end())
    language = (*it).value;
  const auto* notice =
      options_.notices ? options_.notices->find(call.room->field, language) : nullptr;
  if (!notice) return not_found(req, "no notice in that language (zh-CN or en)");
  return json_response(req, http::status::ok,
                       {{"field", call.room->field},
                        {"language", language},
                        {"template", notice->template_id},
                        {"text", notice->text},
                        {"sha256", notice->sha256}});
}

// WebSocket admission

void Router::upgrade(Request req, const net::Client& client, Admit admit) {
  boost::asio::post(blocking_, [this, req = std::move(req), client, admit]() mutable {
    try {
      admit(this->admit(req, client));
    } catch (const std::exception& e) {
      spdlog::error("websocket {}: {}", std::string(req.target()), e.what());
      admit(error_response(req, http::status::internal_server_error, "internal", "internal error"));
    }
  });
}

net::HttpHandler::Admission Router::admit(const Request& req, const net::Client& client) {
  auto url = boost::urls::parse_origin_form(req.target());
  static const auto socket = pattern(http::verb::get, "/r/{room}/ws");
  auto params = url ? socket.match(http::verb::get, url->segments()) : std::nullopt;
  if (!params) return not_found(req, "no such socket");
  if (!site_.origin_allowed(req))
    return error_response(req, http::status::forbidden, "forbidden", "origin not allowed");
  Call call{.req = req, .client = client, .url = *url, .params = std::move(*params)};
  if (auto refusal = resolve(call, Audience::room_member)) return std::move(*refusal);
  if (!call.room)
    return error_response(req, http::status::unauthorized, "unauthorized",
                          "no session for this room");
  auto room = registry_.get(call.room->id);
  if (!room) return unavailable(req, room.error());
  if (!*room) return not_found(req, "no such room");
  auto connection = std::make_shared<protocol::RoomConnection>(
      *room, room::identity_of(*call.participant), options_.connection, options_.acts);

  // The session that let them in: its end ends the connection (PROTOCOL.md §3).
  const bool as_party = call.party_session && call.party_session->participant &&
                        *call.party_session->participant == call.participant->id;
  const auto& session = as_party ? call.party_session_key : call.mediator_session_key;
  const auto expires_ms =
      as_party ? call.party_session->expires_ms : call.mediator_session_expires_ms;
  connection->expire_at(
      std::chrono::system_clock::time_point(std::chrono::milliseconds(expires_ms)));
  switch (live_->add(connection, {call.participant->id, session, client.address})) {
    case LiveConnections::Added::yes:
      connection->on_gone([live = std::weak_ptr(live_), raw = connection.get()] {
        if (auto index = live.lock()) index->remove(raw);
      });
      break;
    case LiveConnections::Added::participant_full:
      spdlog::warn("websocket refused: participant {} holds too many connections",
                   call.participant->id);
      connection->refuse_on_open(net::CloseCode::too_many_connections,
                                 "too many connections for this person");
      return connection;
    case LiveConnections::Added::address_full:
      spdlog::warn("websocket refused: address {} holds too many connections", client.address);
      connection->refuse_on_open(net::CloseCode::too_many_connections,
                                 "too many connections from this address");
      return connection;
  }
  // A revocation or logout between the check above and the index sees this connection, or this
  // second look sees it.
  auto again = store_.session(session);
  if (!again || !*again || !(*again)->valid_at(record::now_ms())) connection->end_access();
  return connection;
}

std::size_t Router::end_participant(const std::string& participant) {
  auto n = live_->end_participant(participant);
  if (n) spdlog::info("closed {} connections of participant {}", n, participant);
  return n;
}

}  // namespace mr::api
