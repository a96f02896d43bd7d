#pragma once
// The notarisation route (赋强公证, 公证法 art. 37): an agreement item that is a payment
// obligation — a debt of money, goods or securities with clear terms (what and how much, when,
// who owes it to whom) — can carry the debtor's express consent to compulsory enforcement. The
// consent is an act of its own, signed by the debtor with their key over a statement naming the
// version, the item and its terms (RECORD.md §5.4), rather than a member of the agreement
// signature: only the debtor makes it, for one item, and the agreement's signing statement and
// every verifier of it stay as they are. Pure, thread-safe; called by plan_act once the
// permission table has allowed the act.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

#include "room/acts.hpp"

namespace mr::room {

// The item `id` of a draft, or nullptr.
const nlohmann::json* draft_item(const nlohmann::json& draft, const std::string& id);

// Why a draft's payment terms are not clear enough to consent to enforcement (in English, for a
// refusal), or nullopt when they are: a kind, an amount, a due day, and a debtor and a creditor
// who are different participants the draft's parties name.
std::optional<std::string> incomplete_payment_terms(const nlohmann::json& draft,
                                                    const nlohmann::json& payment);

// What draft.save refuses of a payment item: a debtor or creditor who is no party the draft names.
std::optional<ActRefusal> payment_parties_refusal(const nlohmann::json& draft);

std::variant<PlannedEvent, ActRefusal> plan_enforcement_consent(const ActRequest& request,
                                                                const ActContext& context);

}  // namespace mr::room
