#include "room/case_admin.hpp"

#include <cctype>
#include <nlohmann/json.hpp>

#include "crypto/encoding.hpp"
#include "crypto/password.hpp"
#include "crypto/random.hpp"
#include "crypto/sha256.hpp"
#include "record/event.hpp"
#include "record/event_kind.hpp"
#include "room/case_json.hpp"

namespace mr::room {
namespace {

// 16 base64url characters (96 random bits), never starting with '-' or '_' so that a room id
// on a command line is not taken for an option.
std::string new_room_id() {
  for (;;) {
    auto id = crypto::to_base64url(crypto::random_bytes(12));
    if (std::isalnum(static_cast<unsigned char>(id.front()))) return id;
  }
}

}  // namespace

std::optional<Refusal> check_text(const std::string& what, const std::string& value,
                                  std::size_t max_chars) {
  std::size_t chars = 0;
  for (unsigned char c : value) chars += (c & 0xC0) != 0x80;
  if (value.empty() || chars > max_chars || !crypto::valid_utf8(value))
    return Refusal{"bad_request",
                   what + " must be 1-" + std::to_string(max_chars) + " characters of UTF-8 text"};
  for (unsigned char c : value)
    if (c < 0x20 || c == 0x7f) return Refusal{"bad_request", what + " has a control character"};
  return std::nullopt;
}

Refusal store_refusal(std::error_code ec) {
  return {"unavailable", "the store cannot do this now (" + ec.message() + "); try again later"};
}

const std::vector<std::string>& case_fields() {
  static const std::vector<std::string> fields = {"市场监管", "房产物业", "劳动社保", "婚姻家庭",
                                                  "投资融资", "治安交通", "城市管理", "生态环境",
                                                  "自然资源", "教育",     "商事",     "其他"};
  return fields;
}

std::string token_hash(const std::string& token) {
  return std::string(crypto::as_view(crypto::sha256(token)));
}

Outcome<store::Mediator> add_mediator(store::Store& store, const std::string& login,
                                      const std::string& name, const std::string& org,
                                      const std::string& password) {
  if (login.empty() || login.size() > 64 ||
      login.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-") != std::string::npos)
    return Refusal{"bad_request", "login must be 1-64 of a-z 0-9 . _ -"};
  if (auto r = check_text("name", name, 200)) return *r;
  if (auto r = check_text("org", org, 200)) return *r;
  if (password.size() < 8)
    return Refusal{"bad_request", "password must have at least 8 characters"};
  auto existing = store.mediator_by_login(login);
  if (!existing) return store_refusal(existing.error());
  if (*existing) return Refusal{"conflict", "login already exists"};
  store::Mediator m{"m" + crypto::random_hex(6),     login,           name, org,
                    crypto::hash_password(password), record::now_ms()};
  if (auto added = store.add_mediator(m); !added) {
    if (added.error() == store::StoreErrc::constraint)
      return Refusal{"conflict", "login already exists"};
    return store_refusal(added.error());
  }
  return m;
}

Outcome<store::RoomRow> create_room(store::Store& store, const store::Mediator& mediator,
                                    const std::string& title, const std::string& field,
                                    const std::vector<PartyName>& parties) {
  if (auto r = check_text("title", title, kMaxTitleChars)) return *r;
  const auto& fields = case_fields();
  if (std::find(fields.begin(), fields.end(), field) == fields.end())
    return Refusal{"bad_request", "field must be one of the case fields (GET /api/fields)"};
  if (parties.size() > kMaxParties) return Refusal{"bad_request", "at most 20 parties"};
  nlohmann::json party_list = nlohmann::json::array();
  for (const auto& p : parties) {
    if (auto r = check_text("party name", p.name, kMaxNameChars)) return *r;
    party_list.push_back({{"side", to_string(p.side)}, {"name", p.name}});
  }

  const auto now = record::now_ms();
  store::RoomRow room{new_room_id(), title, field, mediator.id, now, 1};
  store::Participant presiding{crypto::random_hex(6), room.id,     "mediator",  std::nullopt,
                               mediator.name,         mediator.id, std::nullopt};
  nlohmann::json body = {
      {"title", title},
      {"field", field},
      {"parties", party_list},
      {"mediator", {{"id", presiding.id}, {"name", mediator.name}, {"org", mediator.org}}}};
  auto e =
      record::make_event(room.id, 0, now, presiding.id,
                         std::string(to_string(record::EventKind::room_created)), "main", body);
  // The case as it stands with only its first event, for the case list.
  CaseState state;
  CommittedEvent first;
  first.time_ms = e.time_ms;
  first.kind = e.kind;
  first.body = e.body;
  state.apply(first);
  if (auto made = store.create_room(room, presiding,
                                    {e.room, e.seq, e.time_ms, e.actor, e.kind, e.channel,
                                     std::nullopt, std::move(e.header), std::move(e.body)},
                                    case_json(state).dump());
      !made)
    return store_refusal(made.error());
  return room;
}

Outcome<NewInvite> create_invite(store::Store& store, const std::string& room,
                                 const std::string& role_text, const std::string& side_text,
                                 const std::string& name, std::int64_t ttl_hours) {
  auto found = store.room(room);
  if (!found) return store_refusal(found.error());
  if (!*found) return Refusal{"not_found", "no such room"};
  auto role = parse_role(role_text);
  if (!role || *role == Role::mediator)
    return Refusal{"bad_request", "role must be party, advisor or observer"};
  std::optional<Side> side;
  if (*role == Role::party) {
    side = parse_side(side_text);
    if (!side) return Refusal{"bad_request", "a party's side must be A or B"};
  } else if (!side_text.empty()) {
    return Refusal{"bad_request", "only parties have a side"};
  }
  if (auto r = check_text("name", name, kMaxNameChars)) return *r;
  if (ttl_hours < 1 || ttl_hours > kMaxInviteHours)
    return Refusal{"bad_request", "ttl_hours must be 1-" + std::to_string(kMaxInviteHours)};

  const auto now = record::now_ms();
  NewInvite out;
  out.token = crypto::random_token();
  out.participant = {crypto::random_hex(6),
                     room,
                     std::string(to_string(*role)),
                     side ? std::optional<std::string>(to_string(*side)) : std::nullopt,
                     name,
                     std::nullopt,
                     std::nullopt};
  out.invite = {"i" + crypto::random_hex(6),   room,        out.participant.id, now,
                now + ttl_hours * 3600 * 1000, std::nullopt};
  if (auto made = store.create_invite(out.invite, token_hash(out.token), out.participant); !made)
    return store_refusal(made.error());
  return out;
}

}  // namespace mr::room
