#pragma once
// What each kind of event may be, as the verifier reads PROTOCOL.md §4 and §6 (written apart from
// the server's record/event_kind): the channels it may be logged in, and the members its body
// must have, with their JSON types. So a main message relabelled as another kind, or moved to
// another channel, and re-signed by an insider, is caught by its meaning, not only its bytes.
// Pure, thread-safe.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace mr::verify {

// Why an event of `kind` in `channel` cannot be what it claims; nullopt when it can. `body` is
// null when the bundle leaves the body out (then only kind and channel are checked).
std::optional<std::string> event_fault(const std::string& kind, const std::string& channel,
                                       const nlohmann::json* body);

}  // namespace mr::verify
