#pragma once
// The law of judicial confirmation (司法确认) as the room applies it: the courts an application
// may go to (民诉法 art. 205), the matters a court will not confirm (民诉解释 art. 355), the
// parties' undertakings (民诉解释 art. 352), and the joint application pre-filled from the case.
// Pure, thread-safe.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "room/case_state.hpp"

namespace mr::room {

// A basis of 民诉法 art. 205 for the court the application is addressed to.
struct CourtBasis {
  std::string_view code;   // on the wire: party_domicile, property_location, organisation_location
  std::string_view words;  // 当事人住所地 …
};
const std::vector<CourtBasis>& court_bases();
std::optional<std::string_view> basis_words(std::string_view code);

// 民诉解释 art. 352: what each party undertakes in applying.
const std::vector<std::string>& confirmation_undertakings();

// Why a court will not confirm this agreement, with what the parties can do instead.
struct NotConfirmable {
  std::string rule;          // "personal_status" or "ownership"
  std::string message;       // Chinese first, then English
  std::string alternatives;  // Chinese
};
// `confirms_ownership`: the mediator's answer to whether the agreement confirms who owns
// property or intellectual property (the draft cannot say so by itself).
std::optional<NotConfirmable> confirmation_refusal(const CaseState& state, bool confirms_ownership);

struct ApplicationChoice {
  std::string basis;  // a CourtBasis code
  std::string court;  // the court's name, e.g. 杭州市西湖区人民法院
  std::string request;  // empty: the usual request
};

// The joint application (RECORD.md §6.1) from the sealed agreement: nullopt when no agreement
// is sealed. `room` and `org` as the seal names them.
std::optional<nlohmann::json> build_application(const CaseState& state, const std::string& room,
                                                const ApplicationChoice& choice);

// The participants a version of the draft names as parties: those who confirm the application.
std::vector<std::string> named_parties(const CaseState& state, int version);

}  // namespace mr::room
