#pragma once
// The Case object (PROTOCOL.md §6, common.schema.json#/$defs/Case): the procedure's state as
// clients and the case list see it. Pure, thread-safe.
#include <nlohmann/json.hpp>

#include "room/case_state.hpp"

namespace mr::room {

nlohmann::json case_json(const CaseState& state);

}  // namespace mr::room
