#include "verify/event_rules.hpp"

#include <map>
#include <vector>

namespace mr::verify {
namespace {

using nlohmann::json;

enum class Type { string, integer, boolean, object, array };

struct Member {
  const char* name;
  Type type;
};

struct Rule {
  enum Channels { main_only, main_or_consult, any } channels;
  std::vector<Member> members;  // required; others may be present
  bool exact = false;           // no other member may be present
};

bool has_type(const json& v, Type t) {
  switch (t) {
    case Type::string:
      return v.is_string();
    case Type::integer:
      return v.is_number_integer();
    case Type::boolean:
      return v.is_boolean();
    case Type::object:
      return v.is_object();
    case Type::array:
      return v.is_array();
  }
  return false;
}

const char* type_name(Type t) {
  switch (t) {
    case Type::string:
      return "a string";
    case Type::integer:
      return "an integer";
    case Type::boolean:
      return "a boolean";
    case Type::object:
      return "an object";
    case Type::array:
      return "an array";
  }
  return "";
}

// The members of an event that records a signed statement: its own, then who signed it, with
// which key, over which record root, when, and the signature.
std::vector<Member> signed_statement(std::vector<Member> own) {
  own.insert(own.end(), {{"signer", Type::string},
                         {"role", Type::string},
                         {"key", Type::string},
                         {"record_size", Type::integer},
                         {"record_root", Type::string},
                         {"time", Type::integer},
                         {"signature", Type::string}});
  return own;
}

const std::map<std::string, Rule>& rules() {
  using T = Type;
  static const std::map<std::string, Rule> table = {
      {"room.created",
       {Rule::main_only,
        {{"title", T::string},
         {"field", T::string},
         {"parties", T::array},
         {"mediator", T::object}},
        true}},
      {"participant.joined", {Rule::main_or_consult, {{"participant", T::object}}, true}},
      {"participant.left", {Rule::main_or_consult, {{"participant", T::string}}, true}},
      {"message", {Rule::any, {{"text", T::string}, {"client_id", T::string}}, true}},
      {"advisor.admitted",
       {Rule::main_only, {{"participant", T::object}, {"client_id", T::string}}, true}},
      {"advisor.dismissed",
       {Rule::main_only, {{"participant", T::object}, {"client_id", T::string}}, true}},
      {"phase.changed", {Rule::main_only, {{"phase", T::object}}}},
      {"party.withdrew", {Rule::main_only, {{"phase", T::object}}}},
      {"disclosure.made", {Rule::main_only, {{"mediator", T::string}, {"conflict", T::boolean}}}},
      {"disclosure.answered",
       {Rule::main_only, {{"disclosure", T::integer}, {"accept", T::boolean}}}},
      {"recusal.requested", {Rule::main_only, {{"mediator", T::string}}}},
      {"recusal.decided",
       {Rule::main_only,
        {{"request", T::integer}, {"mediator", T::string}, {"granted", T::boolean}}}},
      {"mediator.added", {Rule::main_only, {{"participant", T::object}, {"org", T::string}}}},
      {"presiding.handed", {Rule::main_only, {{"to", T::string}}}},
      {"identity.checked", {Rule::main_only, {{"participant", T::string}}}},
      {"notice.acknowledged",
       {Rule::main_only, {{"template", T::string}, {"text_sha256", T::string}}}},
      {"notice.given_otherwise", {Rule::main_only, {{"participant", T::string}}}},
      {"caucus.opened", {Rule::main_only, {{"side", T::string}}}},
      {"caucus.closed", {Rule::main_only, {{"side", T::string}}}},
      {"legal.explained", {Rule::main_only, {{"law", T::string}, {"explanation", T::string}}}},
      {"transcript.entry",
       {Rule::main_only, {{"entry", T::string}, {"version", T::integer}, {"text", T::string}}}},
      {"facts.confirmed",
       {Rule::main_only, {{"entry", T::string}, {"version", T::integer}, {"confirm", T::boolean}}}},
      {"mediation.failed", {Rule::main_only, {{"phase", T::object}}}},
      {"referral.made", {Rule::main_only, {{"route", T::string}, {"phase", T::object}}}},
      {"followup.recorded", {Rule::main_only, {{"result", T::string}, {"date", T::string}}}},
      {"document.shared",
       {Rule::any, {{"document", T::string}, {"name", T::string}, {"size", T::integer}}}},
      {"draft.saved",
       {Rule::main_only, {{"version", T::integer}, {"sha256", T::string}, {"draft", T::object}}}},
      {"draft.commented", {Rule::main_only, {{"version", T::integer}, {"text", T::string}}}},
      {"key.registered",
       {Rule::main_only,
        {{"participant", T::string}, {"key", T::string}, {"public_key", T::string}}}},
      {"key.revoked", {Rule::main_only, {{"participant", T::string}, {"key", T::string}}}},
      {"agreement.signed",
       {Rule::main_only, signed_statement({{"version", T::integer}, {"draft_sha256", T::string}})}},
      {"agreement.sealed",
       {Rule::main_only,
        {{"version", T::integer},
         {"signatures", T::array},
         {"record_size", T::integer},
         {"record_root", T::string},
         {"org_key", T::string},
         {"seal", T::string}}}},
      {"application.prepared",
       {Rule::main_only,
        {{"version", T::integer},
         {"sha256", T::string},
         {"court", T::string},
         {"basis", T::string},
         {"application", T::object}}}},
      {"application.confirmed",
       {Rule::main_only,
        signed_statement({{"version", T::integer}, {"application_sha256", T::string}})}},
      {"enforcement.consented",
       {Rule::main_only, signed_statement({{"version", T::integer},
                                           {"draft_sha256", T::string},
                                           {"item", T::string},
                                           {"payment", T::object}})}},
  };
  return table;
}

}  // namespace

std::optional<std::string> event_fault(const std::string& kind, const std::string& channel,
                                       const json* body) {
  auto it = rules().find(kind);
  if (it == rules().end()) return "'" + kind + "' is not a kind of event the protocol records";
  const Rule& rule = it->second;
  if (rule.channels == Rule::main_only && channel != "main")
    return "a " + kind + " event is logged only in main, not in " + channel;
  if (rule.channels == Rule::main_or_consult && channel != "main" && channel != "consult")
    return "a " + kind + " event is logged only in main or consult, not in " + channel;
  if (!body) return std::nullopt;
  for (const auto& m : rule.members) {
    auto v = body->find(m.name);
    if (v == body->end()) return "the body of a " + kind + " event lacks '" + m.name + "'";
    if (!has_type(*v, m.type))
      return "in the body of a " + kind + " event, '" + m.name + "' is not " + type_name(m.type);
  }
  if (rule.exact && body->size() != rule.members.size())
    for (const auto& [key, _] : body->items()) {
      bool listed = false;
      for (const auto& m : rule.members) listed = listed || key == m.name;
      if (!listed) return "the body of a " + kind + " event has the unknown member '" + key + "'";
    }
  return std::nullopt;
}

}  // namespace mr::verify
