#include "room/acts.hpp"

#include <algorithm>
#include <vector>

#include "crypto/ecdsa_p256.hpp"
#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "record/canonical_json.hpp"
#include "record/signing_statement.hpp"
#include "room/application_acts.hpp"
#include "room/enforcement_consent.hpp"
#include "room/refusal_codes.hpp"
#include "room/signed_act.hpp"

namespace mr::room {
namespace {

using nlohmann::json;
using record::EventKind;
using Result = std::variant<PlannedEvent, ActRefusal>;

ActRefusal procedure(std::string rule, std::string message) {
  return {kProcedure, std::move(rule), std::move(message)};
}

std::string str(const json& args, const char* key) {
  auto it = args.find(key);
  return it != args.end() && it->is_string() ? it->get<std::string>() : std::string();
}

json phase_move(Phase from, Phase to) { return {{"from", to_string(from)}, {"to", to_string(to)}}; }

PlannedEvent moving(EventKind kind, json body) { return {kind, std::move(body), true}; }

Result advance(const ActRequest& r, const ActContext& c) {
  const auto& s = c.state;
  const Phase from = s.phase();
  const auto to = parse_phase(str(r.args, "to")).value_or(from);
  if (from == Phase::mediation && to == Phase::agreed)
    return procedure("agreement_required",
                     "a case is agreed only when a written agreement is concluded: signed by "
                     "every party and the presiding mediator and sealed (人民调解法 art. 29)");
  if (!advances(from, to))
    return procedure("transition", "the procedure does not go from " +
                                       std::string(to_string(from)) + " to " +
                                       std::string(to_string(to)));
  if (to == Phase::notice && !s.disclosure_of(s.presiding()))
    return procedure("disclosure_missing",
                     "the presiding mediator first discloses any conflict of interest, or "
                     "declares there is none (在线调解规则 art. 13)");
  if (to == Phase::mediation) {
    for (const auto& party : s.parties_joined())
      if (!s.notice_given(party))
        return procedure("notice_unacknowledged",
                         "every party acknowledges the notice of rights and duties before "
                         "mediation starts (人民调解法 arts. 23-24; 在线调解规则 art. 7)");
    if (const auto* d = s.disclosure_of(s.presiding()); d && d->conflict)
      for (const auto& party : s.parties_joined())
        if (auto a = d->answers.find(party); a == d->answers.end() || !a->second)
          return procedure("conflict_not_accepted",
                           "mediation continues despite a disclosed conflict only when every "
                           "party agrees (在线调解规则 art. 14)");
  }
  if (to == Phase::closed && from == Phase::follow_up && !s.followup_recorded())
    return procedure("followup_missing",
                     "record whether the agreement was performed before closing the case "
                     "(人民调解法 art. 31)");
  json body = {{"phase", phase_move(from, to)}};
  if (r.args.contains("reason")) body["reason"] = str(r.args, "reason");
  if (r.args.contains("due")) {
    if (to != Phase::follow_up) return procedure("transition", "'due' is for moving to follow_up");
    if (!parse_day(str(r.args, "due")))
      return ActRefusal{kBadArgs, "", "'due' is not a calendar day"};
    body["due"] = str(r.args, "due");
  }
  return moving(EventKind::phase_changed, std::move(body));
}

Result recusal_decision(const ActRequest& r, const ActContext& c) {
  const auto& s = c.state;
  const auto* request = s.recusal(r.args.value("request", std::int64_t(-1)));
  if (!request) return procedure("no_such_request", "no recusal request has that seq");
  if (request->granted) return procedure("already_decided", "that request was decided");
  if (request->mediator == c.actor.participant)
    return procedure("recusal_subject", "the mediator concerned does not decide their own recusal");
  const bool granted = r.args.value("granted", false);
  json replacement = nullptr;
  if (granted && request->mediator == s.presiding()) {
    const auto to = str(r.args, "replacement");
    if (to.empty())
      return procedure("replacement_required",
                       "a granted recusal of the presiding mediator names who presides instead");
    if (!s.is_mediator(to) || to == request->mediator)
      return procedure("not_a_mediator", "the replacement must be another mediator of the case");
    replacement = to;
  }
  return PlannedEvent{EventKind::recusal_decided,
                      {{"request", request->seq},
                       {"mediator", request->mediator},
                       {"granted", granted},
                       {"reason", str(r.args, "reason")},
                       {"replacement", replacement}}};
}

Result transcript(const ActRequest& r, const ActContext& c) {
  std::string id = str(r.args, "entry");
  int version = 1;
  if (!id.empty()) {
    const auto* old = c.state.entry(id);
    if (!old) return procedure("no_such_entry", "the record has no entry " + id);
    version = old->version + 1;
  } else {
    id = c.state.next_entry_id();
  }
  const std::optional<std::string> side =
      r.args.contains("side") && r.args["side"].is_string()
          ? std::optional<std::string>(r.args["side"].get<std::string>())
          : std::nullopt;
  const auto kind = str(r.args, "kind");
  const auto text = str(r.args, "text");
  return PlannedEvent{EventKind::transcript_entry,
                      {{"entry", id},
                       {"version", version},
                       {"kind", kind},
                       {"side", side ? json(*side) : json(nullptr)},
                       {"text", text},
                       {"sha256", transcript_entry_sha256(id, version, kind, side, text)}}};
}

Result confirmation(const ActRequest& r, const ActContext& c) {
  const auto* entry = c.state.entry(str(r.args, "entry"));
  if (!entry) return procedure("no_such_entry", "the record has no such entry");
  if (entry->kind != "fact")
    return procedure("fact_only", "only the undisputed facts of the record are confirmed");
  if (entry->version != r.args.value("version", 0) || entry->sha256 != str(r.args, "sha256"))
    return ActRefusal{kStale, "", "the entry has a newer version: read it again"};
  return PlannedEvent{EventKind::facts_confirmed,
                      {{"entry", entry->id},
                       {"version", entry->version},
                       {"sha256", entry->sha256},
                       {"confirm", r.args.value("confirm", false)},
                       {"comment", str(r.args, "comment")}}};
}

Result notice_acknowledgement(const ActRequest& r, const ActContext& c) {
  const auto language = str(r.args, "language");
  const Notice* notice =
      c.notices && c.state.field() ? c.notices->find(*c.state.field(), language) : nullptr;
  if (!notice) return procedure("no_notice", "there is no notice for this case in " + language);
  if (notice->sha256 != str(r.args, "text_sha256"))
    return ActRefusal{kStale, "", "the notice text has changed: read it again"};
  return PlannedEvent{EventKind::notice_acknowledged,
                      {{"template", notice->template_id},
                       {"language", language},
                       {"text_sha256", notice->sha256},
                       {"consent_online", true}}};
}

Result draft_save(const ActRequest& r, const ActContext& c) {
  const json& draft = r.args.at("draft");
  for (const auto& p : draft.value("parties", json::array()))
    if (p.contains("participant") && p["participant"].is_string()) {
      const auto who = c.participant(p["participant"].get<std::string>());
      if (!who || who->role != Role::party)
        return procedure("unknown_party",
                         "a draft names as signer someone who is no party of the room");
    }
  if (auto refused = payment_parties_refusal(draft)) return *refused;
  std::string canonical;
  try {
    canonical = record::to_canonical(draft);
  } catch (const std::exception& e) {
    return ActRefusal{kBadArgs, "", std::string("the draft is not canonical JSON: ") + e.what()};
  }
  const auto* latest = c.state.latest_draft();
  return PlannedEvent{EventKind::draft_saved,
                      {{"version", latest ? latest->version + 1 : 1},
                       {"sha256", crypto::sha256_hex(canonical)},
                       {"draft", draft}}};
}

Result draft_comment(const ActRequest& r, const ActContext& c) {
  const auto* version = c.state.draft(r.args.value("version", 0));
  if (!version) return ActRefusal{kStale, "", "no such version of the draft"};
  const auto& item = r.args.at("item");
  if (item.is_string()) {
    bool found = false;
    for (const auto& i : version->draft.value("items", json::array()))
      found = found || i.value("id", "") == item.get<std::string>();
    if (!found) return procedure("no_such_item", "that version has no such item");
  }
  return PlannedEvent{EventKind::draft_commented,
                      {{"version", version->version},
                       {"item", item},
                       {"text", str(r.args, "text")},
                       {"proposal", r.args.value("proposal", false)}}};
}

Result key_register(const ActRequest& r, const ActContext& c) {
  const auto der = crypto::from_base64(str(r.args, "public_key"));
  if (!der || !crypto::EcdsaP256PublicKey::from_spki_der(*der))
    return procedure("bad_key", "public_key is not an ECDSA P-256 SubjectPublicKeyInfo");
  const auto fingerprint = crypto::sha256_hex(*der);
  if (const auto* known = c.state.key(fingerprint); known && !known->revoked)
    return ActRefusal{kUnchanged, "", "that key is registered already"};
  if (c.state.key(fingerprint)) return procedure("key_revoked", "that key was revoked");
  return PlannedEvent{EventKind::key_registered,
                      {{"participant", c.actor.participant},
                       {"key", fingerprint},
                       {"public_key", str(r.args, "public_key")},
                       {"device", str(r.args, "device")}}};
}

Result key_revoke(const ActRequest& r, const ActContext& c) {
  const auto* key = c.state.key(str(r.args, "key"));
  if (!key) return procedure("key_unknown", "no such key");
  if (key->participant != c.actor.participant && c.actor.role != Role::mediator)
    return ActRefusal{kForbidden, "", "a key is revoked by its owner or a mediator"};
  if (key->revoked) return ActRefusal{kUnchanged, "", "that key is revoked already"};
  return PlannedEvent{EventKind::key_revoked,
                      {{"participant", key->participant}, {"key", key->fingerprint}}};
}

Result agreement_sign(const ActRequest& r, const ActContext& c) {
  const auto& s = c.state;
  const auto& a = r.args;
  const auto* latest = s.latest_draft();
  if (!latest || latest->version != a.value("version", 0) ||
      latest->sha256 != str(a, "draft_sha256"))
    return ActRefusal{kStale, "", "only the latest version of the draft is signed: read it again"};
  const auto& me = c.actor.participant;
  if (c.actor.role == Role::party && !s.required_signers(latest->version).count(me))
    return procedure("not_a_signer", "the draft does not name you as a signer");
  if (s.signatures(latest->version).count(me))
    return procedure("already_signed", "you have signed this version");
  const auto checked = check_signing(a, c);
  if (auto* refused = std::get_if<ActRefusal>(&checked)) return *refused;
  const auto& signing = std::get<SigningContext>(checked);
  const std::string role(to_string(c.actor.role));
  const auto statement =
      record::signing_statement_bytes({c.room, latest->version, latest->sha256, me, role,
                                       signing.record_size, signing.record_root, signing.time});
  if (auto refused = check_signature(signing, statement, a, "signing statement")) return *refused;
  json body = {{"version", latest->version},
               {"draft_sha256", latest->sha256},
               {"signer", me},
               {"role", role}};
  add_signature_members(body, signing, a);
  return PlannedEvent{EventKind::agreement_signed, std::move(body)};
}

// The act itself, once the table has allowed it.
Result step(const ActRequest& r, const ActContext& c) {
  const auto& s = c.state;
  const auto& args = r.args;
  const Phase from = s.phase();
  switch (r.action) {
    case Action::phase_advance:
      return advance(r, c);
    case Action::case_suspend:
      return moving(EventKind::phase_changed, {{"phase", phase_move(from, Phase::suspended)},
                                               {"reason", str(args, "reason")}});
    case Action::case_resume:
      return moving(EventKind::phase_changed,
                    {{"phase", phase_move(from, s.suspended_from().value_or(Phase::intake))}});
    case Action::case_withdraw:
      return moving(EventKind::party_withdrew, {{"reason", str(args, "reason")},
                                                {"phase", phase_move(from, Phase::not_agreed)}});
    case Action::disclosure_make:
      return PlannedEvent{EventKind::disclosure_made,
                          {{"mediator", c.actor.participant},
                           {"conflict", args.value("conflict", false)},
                           {"statement", str(args, "statement")}}};
    case Action::disclosure_answer: {
      const auto* d = s.disclosure(args.value("disclosure", std::int64_t(-1)));
      if (!d || !d->conflict)
        return procedure("not_a_conflict", "that seq is no disclosure of a conflict");
      return PlannedEvent{EventKind::disclosure_answered,
                          {{"disclosure", d->seq}, {"accept", args.value("accept", false)}}};
    }
    case Action::recusal_request:
      if (!s.is_mediator(str(args, "mediator")))
        return procedure("not_a_mediator", "that participant is not a mediator of the case");
      return PlannedEvent{EventKind::recusal_requested,
                          {{"mediator", str(args, "mediator")}, {"reason", str(args, "reason")}}};
    case Action::recusal_decide:
      return recusal_decision(r, c);
    case Action::mediator_add:
      if (!c.added_mediator)
        return ActRefusal{kUnknownParticipant, "", "no mediator has that login"};
      if (s.is_mediator(c.added_mediator->participant))
        return ActRefusal{kUnchanged, "", "that mediator is already a mediator of the case"};
      if (s.removed(c.added_mediator->participant))
        return procedure("recused", "that mediator was recused from the case");
      return PlannedEvent{
          EventKind::mediator_added,
          {{"participant", to_json(*c.added_mediator)}, {"org", c.added_mediator_org}}};
    case Action::presiding_hand: {
      const auto to = str(args, "to");
      if (to == s.presiding()) return ActRefusal{kUnchanged, "", "they preside already"};
      if (!s.is_mediator(to))
        return procedure("not_a_mediator", "presiding goes to another mediator of the case");
      return PlannedEvent{EventKind::presiding_handed, {{"from", s.presiding()}, {"to", to}}};
    }
    case Action::identity_check: {
      const auto who = c.participant(str(args, "participant"));
      if (!who) return ActRefusal{kUnknownParticipant, "", "no such participant in this room"};
      return PlannedEvent{EventKind::identity_checked,
                          {{"participant", who->participant},
                           {"method", str(args, "method")},
                           {"document", mask_document(str(args, "document"))},
                           {"note", str(args, "note")}}};
    }
    case Action::notice_acknowledge:
      return notice_acknowledgement(r, c);
    case Action::notice_record_other: {
      const auto who = c.participant(str(args, "participant"));
      if (!who || who->role != Role::party)
        return ActRefusal{kUnknownParticipant, "", "no such party in this room"};
      return PlannedEvent{EventKind::notice_given_otherwise,
                          {{"participant", who->participant}, {"reason", str(args, "reason")}}};
    }
    case Action::caucus_open:
    case Action::caucus_close: {
      const auto side = str(args, "side");
      const bool open = r.action == Action::caucus_open;
      if (s.caucus_open().count(side) == (open ? 1u : 0u))
        return ActRefusal{kUnchanged, "", open ? "that session is open" : "that session is closed"};
      return PlannedEvent{open ? EventKind::caucus_opened : EventKind::caucus_closed,
                          {{"side", side}}};
    }
    case Action::law_explain:
      return PlannedEvent{EventKind::legal_explained,
                          {{"law", str(args, "law")},
                           {"article", str(args, "article")},
                           {"explanation", str(args, "explanation")}}};
    case Action::transcript_write:
      return transcript(r, c);
    case Action::facts_confirm:
      return confirmation(r, c);
    case Action::mediation_fail:
      return moving(EventKind::mediation_failed, {{"facts", str(args, "facts")},
                                                  {"reason", str(args, "reason")},
                                                  {"conduct", str(args, "conduct")},
                                                  {"phase", phase_move(from, Phase::not_agreed)}});
    case Action::referral_record:
      return moving(EventKind::referral_made, {{"route", str(args, "route")},
                                               {"reason", str(args, "reason")},
                                               {"next_steps", str(args, "next_steps")},
                                               {"phase", phase_move(from, Phase::referred)}});
    case Action::followup_record:
      if (!parse_day(str(args, "date")))
        return ActRefusal{kBadArgs, "", "'date' is not a calendar day"};
      return PlannedEvent{EventKind::followup_recorded,
                          {{"result", str(args, "result")},
                           {"date", str(args, "date")},
                           {"note", str(args, "note")}}};
    case Action::draft_save:
      return draft_save(r, c);
    case Action::draft_comment:
      return draft_comment(r, c);
    case Action::key_register:
      return key_register(r, c);
    case Action::key_revoke:
      return key_revoke(r, c);
    case Action::agreement_sign:
      return agreement_sign(r, c);
    case Action::agreement_conclude:
      return plan_seal(c);
    case Action::application_prepare:
      return plan_application_prepare(r, c);
    case Action::application_confirm:
      return plan_application_confirm(r, c);
    case Action::enforcement_consent:
      return plan_enforcement_consent(r, c);
    case Action::send:
    case Action::advisor_access:
    case Action::document_share:
      break;
  }
  return ActRefusal{kForbidden, "", "not an act"};
}

}  // namespace

std::variant<PlannedEvent, ActRefusal> plan_act(const ActRequest& r, const ActContext& c) {
  const auto& s = c.state;
  if (s.phase() == Phase::closed)
    return ActRefusal{kCaseClosed, "", "the case is closed: the room is read-only"};
  switch (permitted(c.actor.role, s.phase(), r.action)) {
    case Verdict::forbidden:
      return ActRefusal{kForbidden, "",
                        std::string(to_string(r.action)) + " is not for a " +
                            std::string(to_string(c.actor.role))};
    case Verdict::wrong_phase:
      return ActRefusal{kWrongPhase, "phase",
                        std::string(to_string(r.action)) + " is not a step of the " +
                            std::string(to_string(s.phase())) + " phase"};
    case Verdict::allowed:
      break;
  }
  switch (standing_for(r.action)) {
    case Standing::presiding:
      if (c.actor.participant != s.presiding())
        return ActRefusal{kForbidden, "", "only the presiding mediator takes this step"};
      break;
    case Standing::identity_checked:
      if (c.actor.role == Role::party && !s.identity_checked(c.actor.participant))
        return ActRefusal{kIdentityUnchecked, "",
                          "a mediator checks your identity before a step that binds you "
                          "(在线调解规则 art. 17)"};
      break;
    case Standing::in_main:
      if (!c.actor_in_main)
        return ActRefusal{kForbidden, "", "an advisor explains the law in the joint room only"};
      break;
    case Standing::any:
      break;
  }
  return step(r, c);
}

std::variant<PlannedEvent, ActRefusal> plan_seal(const ActContext& c) {
  const auto& s = c.state;
  const auto* latest = s.latest_draft();
  if (!latest) return procedure("no_draft", "there is no agreement draft to conclude");
  const auto& signed_by = s.signatures(latest->version);
  for (const auto& who : s.required_signers(latest->version))
    if (!signed_by.count(who))
      return procedure("signatures_missing",
                       "the latest version lacks the signature of every party it names and of "
                       "the presiding mediator");
  record::SealStatement statement{c.room,
                                  latest->version,
                                  latest->sha256,
                                  {},
                                  c.record_size,
                                  c.root_at ? c.root_at(c.record_size).value_or("") : "",
                                  s.org_of(s.presiding()),
                                  "",
                                  c.now_ms};
  for (const auto& [_, sig] : signed_by)
    statement.signatures.push_back({sig.seq, sig.signer, sig.key, sig.signature});
  std::sort(statement.signatures.begin(), statement.signatures.end(),
            [](const auto& x, const auto& y) { return x.seq < y.seq; });
  auto seal = c.sealer ? c.sealer(statement.org,
                                  [&](const std::string& fingerprint) {
                                    statement.org_key = fingerprint;
                                    return record::seal_statement_bytes(statement);
                                  })
                       : std::nullopt;
  if (!seal)
    return procedure("no_seal_key", "the organisation '" + statement.org +
                                        "' has no seal key yet (mediation-room org add)");
  json seqs = json::array();
  for (const auto& sig : statement.signatures) seqs.push_back(sig.seq);
  PlannedEvent out{EventKind::agreement_sealed,
                   {{"version", latest->version},
                    {"draft_sha256", latest->sha256},
                    {"signatures", seqs},
                    {"record_size", statement.record_size},
                    {"record_root", statement.record_root},
                    {"org", seal->org},
                    {"org_key", seal->fingerprint},
                    {"org_public_key", crypto::to_base64(seal->public_key)},
                    {"time", statement.time_ms},
                    {"seal", crypto::to_base64(seal->signature)},
                    {"phase", phase_move(s.phase(), Phase::agreed)}},
                   true,
                   true};
  return out;
}

std::string mask_document(const std::string& number) {
  std::vector<std::string> chars;
  for (std::size_t i = 0; i < number.size();) {
    auto n = std::max<std::size_t>(1, crypto::utf8_sequence_length(number, i));
    chars.push_back(number.substr(i, n));
    i += n;
  }
  const std::size_t keep = chars.size() >= 12 ? 4 : chars.size() >= 6 ? 2 : 0;
  const std::size_t keep_end = chars.size() >= 12 ? 4 : chars.size() >= 3 ? 2 : 0;
  std::string out;
  for (std::size_t i = 0; i < chars.size(); ++i)
    out += (i < keep || i + keep_end >= chars.size()) ? chars[i] : "*";
  return out;
}

std::string transcript_entry_sha256(const std::string& entry, int version, const std::string& kind,
                                    const std::optional<std::string>& side,
                                    const std::string& text) {
  return crypto::sha256_hex(record::to_canonical({{"entry", entry},
                                                  {"kind", kind},
                                                  {"side", side ? json(*side) : json(nullptr)},
                                                  {"text", text},
                                                  {"version", version}}));
}

}  // namespace mr::room
