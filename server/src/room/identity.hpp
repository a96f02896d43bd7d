#pragma once
// A person in a room as the domain knows them: participant id, name, role and side.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "store/records.hpp"

namespace mr::room {

enum class Role { mediator, party, advisor, observer };
enum class Side { A, B };

struct Identity {
  std::string participant;
  std::string name;
  Role role = Role::observer;
  std::optional<Side> side;  // parties only
};

std::string_view to_string(Role role);
std::string_view to_string(Side side);
std::optional<Role> parse_role(std::string_view text);
std::optional<Side> parse_side(std::string_view text);

// {"id","name","role","side"}: how a person appears in event bodies and frames.
nlohmann::json to_json(const Identity& who);

// A participant row as the domain sees them (an unknown role reads as observer: the least).
Identity identity_of(const store::Participant& p);

}  // namespace mr::room
