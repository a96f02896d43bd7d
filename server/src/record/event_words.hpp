#pragma once
// What an event says, in Chinese words, for the printable record (record.html): one line per
// event kind with the facts of its body, never its raw JSON. Pure, thread-safe.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace mr::record {

// 调解员, 申请人, 被申请人 (side A / B), 法治指导员, 旁听人员.
std::string role_name(const std::string& role, const std::optional<std::string>& side);

// How a mediator checked someone's identity (identity.checked's `method`), in words:
// 视频核对身份证件, 当面核验, …; an unknown code as it is. Not escaped.
std::string identity_method_name(const std::string& method);

// One line for an event of `kind` with `body`, already HTML-escaped.
std::string describe_event(const std::string& kind, const nlohmann::json& body);

}  // namespace mr::record
