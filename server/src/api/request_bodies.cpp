#include "api/request_bodies.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <initializer_list>

#include "room/identity.hpp"

namespace mr::api {
namespace {

using json = nlohmann::json;

// Largest integer JSON peers agree on (RECORD.md §1).
constexpr double kMaxInt = 9007199254740992.0;  // 2^53

// Like frames, request bodies name their members exactly: a misspelt one is an error, not ignored.
std::optional<BodyError> only_members(const json& body,
                                      std::initializer_list<std::string_view> allowed) {
  if (!body.is_object()) return BodyError{"JSON object expected"};
  for (const auto& [key, _] : body.items())
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      return BodyError{"unknown member '" + key + "'"};
  return std::nullopt;
}

const std::string* string_at(const json& body, const char* name) {
  auto it = body.find(name);
  return it != body.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

// An integer as JSON Schema reads one: a number with no fraction, so 2.0 is 2 (a schema cannot
// tell them apart, so neither does the server).
std::optional<std::int64_t> integer_of(const json& value) {
  if (!value.is_number()) return std::nullopt;
  const double v = value.get<double>();
  if (value.is_number_float() && std::trunc(v) != v) return std::nullopt;
  if (std::fabs(v) > kMaxInt) return std::nullopt;
  return value.is_number_float() ? static_cast<std::int64_t>(v) : value.get<std::int64_t>();
}

// A name or title (common.schema.json#/$defs/name, title): 1..max characters, none a control.
std::optional<BodyError> text_problem(const std::string& what, const std::string* value,
                                      std::size_t max) {
  if (!value) return BodyError{what + " must be a string"};
  if (auto r = room::check_text(what, *value, max)) return BodyError{r->message};
  return std::nullopt;
}

bool base64url_token(const std::string& token) {
  if (token.size() != 43) return false;
  for (unsigned char c : token)
    if (!(std::isalnum(c) || c == '-' || c == '_')) return false;
  return true;
}

}  // namespace

Reading<LoginRequest> read_login(const json& body) {
  if (auto bad = only_members(body, {"login", "password"})) return *bad;
  const auto* login = string_at(body, "login");
  const auto* password = string_at(body, "password");
  if (!login || !password || login->empty() || password->empty())
    return BodyError{"login and password are required"};
  return LoginRequest{*login, *password};
}

Reading<JoinRequest> read_join(const json& body) {
  if (auto bad = only_members(body, {"token"})) return *bad;
  // Only a string that could be a token (43 base64url characters) is looked up, and counted as
  // a guess when it names no invite; anything else is no link at all.
  const auto* token = string_at(body, "token");
  if (!token || !base64url_token(*token))
    return BodyError{"token must be the 43 base64url characters after '#' in the link"};
  return JoinRequest{*token};
}

Reading<RoomCreateRequest> read_room_create(const json& body) {
  if (auto bad = only_members(body, {"title", "field", "parties"})) return *bad;
  RoomCreateRequest out;
  if (auto bad = text_problem("title", string_at(body, "title"), room::kMaxTitleChars)) return *bad;
  out.title = *string_at(body, "title");
  const auto* field = string_at(body, "field");
  const auto& fields = room::case_fields();
  if (!field || std::find(fields.begin(), fields.end(), *field) == fields.end())
    return BodyError{"field must be one of the case fields (GET /api/fields)"};
  out.field = *field;
  if (auto it = body.find("parties"); it != body.end()) {
    if (!it->is_array()) return BodyError{"parties must be a list"};
    if (it->size() > room::kMaxParties)
      return BodyError{"at most " + std::to_string(room::kMaxParties) + " parties"};
    for (const auto& p : *it) {
      if (auto bad = only_members(p, {"side", "name"}))
        return BodyError{"a party: " + bad->message};
      const auto* side_text = string_at(p, "side");
      auto side = side_text ? room::parse_side(*side_text) : std::nullopt;
      if (!side) return BodyError{"each party needs a side, A or B"};
      if (auto bad = text_problem("party name", string_at(p, "name"), room::kMaxNameChars))
        return *bad;
      out.parties.push_back({*side, *string_at(p, "name")});
    }
  }
  return out;
}

Reading<InviteCreateRequest> read_invite_create(const json& body) {
  if (auto bad = only_members(body, {"role", "side", "name", "ttl_hours"})) return *bad;
  InviteCreateRequest out;
  const auto* role_text = string_at(body, "role");
  auto role = role_text ? room::parse_role(*role_text) : std::nullopt;
  if (!role || *role == room::Role::mediator)
    return BodyError{"role must be party, advisor or observer"};
  out.role = *role_text;
  // A party's side is A or B; anyone else has none: absent or null.
  auto side = body.find("side");
  const bool has_side = side != body.end() && !side->is_null();
  if (*role == room::Role::party) {
    if (!has_side || !side->is_string() || !room::parse_side(side->get<std::string>()))
      return BodyError{"a party's side must be A or B"};
    out.side = side->get<std::string>();
  } else if (has_side) {
    return BodyError{"only parties have a side"};
  }
  if (auto bad = text_problem("name", string_at(body, "name"), room::kMaxNameChars)) return *bad;
  out.name = *string_at(body, "name");
  if (auto it = body.find("ttl_hours"); it != body.end()) {
    auto ttl = integer_of(*it);
    if (!ttl || *ttl < 1 || *ttl > room::kMaxInviteHours)
      return BodyError{"ttl_hours must be an integer 1-" + std::to_string(room::kMaxInviteHours)};
    out.ttl_hours = *ttl;
  }
  return out;
}

Reading<UploadCreateRequest> read_upload_create(const json& body) {
  if (auto bad = only_members(body, {"name", "size", "channel"})) return *bad;
  UploadCreateRequest out;
  if (auto bad = text_problem("name", string_at(body, "name"), room::kMaxDocumentNameChars))
    return *bad;
  out.name = *string_at(body, "name");
  auto size = body.contains("size") ? integer_of(body["size"]) : std::nullopt;
  if (!size || *size < 1) return BodyError{"size must be a positive integer"};
  out.size = *size;
  const auto* channel_text = string_at(body, "channel");
  auto channel = channel_text ? room::parse_channel(*channel_text) : std::nullopt;
  if (!channel) return BodyError{"channel must be main, caucus:A, caucus:B or consult"};
  out.channel = *channel;
  return out;
}

Reading<ExportQuery> read_export_query(std::optional<std::optional<std::string>> private_param) {
  if (!private_param) return ExportQuery{false};
  if (*private_param != "0" && *private_param != "1") return BodyError{"private must be 0 or 1"};
  return ExportQuery{**private_param == "1"};
}

std::optional<std::string> request_problem(std::string_view schema, const json& body) {
  auto problem = [](const auto& reading) -> std::optional<std::string> {
    if (const auto* e = std::get_if<BodyError>(&reading)) return e->message;
    return std::nullopt;
  };
  if (schema == "login.request") return problem(read_login(body));
  if (schema == "join.request") return problem(read_join(body));
  if (schema == "room-create.request") return problem(read_room_create(body));
  if (schema == "invite-create.request") return problem(read_invite_create(body));
  if (schema == "upload-create.request") return problem(read_upload_create(body));
  if (schema == "export.query") {
    // A query's other parameters are ignored, as HTTP caches and links add their own.
    if (!body.is_object()) return "JSON object expected";
    if (!body.contains("private")) return problem(read_export_query(std::nullopt));
    if (!body["private"].is_string()) return "private must be a string";
    return problem(read_export_query(
        std::optional<std::optional<std::string>>(body["private"].get<std::string>())));
  }
  return "no reader for " + std::string(schema);
}

}  // namespace mr::api
