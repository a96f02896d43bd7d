#pragma once
// The judicial-confirmation steps (PROTOCOL.md §6, RECORD.md §5.2): the presiding mediator
// prepares the joint application from the sealed agreement, choosing the court; each party the
// agreement names confirms it and its undertakings with their signing key. Pure, thread-safe;
// called by plan_act once the permission table has allowed the act.
#include <variant>

#include "room/acts.hpp"

namespace mr::room {

std::variant<PlannedEvent, ActRefusal> plan_application_prepare(const ActRequest& request,
                                                                const ActContext& context);
std::variant<PlannedEvent, ActRefusal> plan_application_confirm(const ActRequest& request,
                                                                const ActContext& context);

}  // namespace mr::room
