#pragma once
// The JSON bodies (and the export's query) of the HTTP API, read into what the handlers need and
// checked exactly as protocol/schema/http/*.request.schema.json describes them (PROTOCOL.md §2,
// §7). A body is refused here, with `400 bad_request` and a reason, for its shape alone; what
// depends on the store or the caller (an unknown link, a channel one may not write, a size over
// --max-upload) is the handler's to answer. tests/data/contract/http_requests.json holds these
// readers and the schemas to the same verdict on every entry.
//
// Thread-safety: pure functions.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "room/case_admin.hpp"
#include "room/policy.hpp"

namespace mr::api {

struct BodyError {
  std::string message;
};

template <class T>
using Reading = std::variant<T, BodyError>;

struct LoginRequest {
  std::string login, password;
};

struct JoinRequest {
  std::string token;
};

struct RoomCreateRequest {
  std::string title, field;
  std::vector<room::PartyName> parties;
};

struct InviteCreateRequest {
  std::string role;
  std::string side;  // empty for anyone but a party
  std::string name;
  std::int64_t ttl_hours = room::kDefaultInviteHours;
};

struct UploadCreateRequest {
  std::string name;
  std::int64_t size = 0;
  room::Channel channel = room::Channel::main;
};

struct ExportQuery {
  bool include_private = false;
};

Reading<LoginRequest> read_login(const nlohmann::json& body);
Reading<JoinRequest> read_join(const nlohmann::json& body);
Reading<RoomCreateRequest> read_room_create(const nlohmann::json& body);
Reading<InviteCreateRequest> read_invite_create(const nlohmann::json& body);
Reading<UploadCreateRequest> read_upload_create(const nlohmann::json& body);
// `private` as it stands in the query: absent (nullopt), or present with a value or none.
Reading<ExportQuery> read_export_query(std::optional<std::optional<std::string>> private_param);

// The reason `body` fails the request schema `schema` (its file name without .schema.json, e.g.
// "room-create.request"), or nullopt when it passes; for the contract test.
std::optional<std::string> request_problem(std::string_view schema, const nlohmann::json& body);

}  // namespace mr::api
