#pragma once
// What a room's log says about the case beyond its words, rebuilt from the events alone (so a
// room can always be reloaded from the store): the phase, who presides, what each party has
// acknowledged and confirmed, the mediation record, when each advisor was in the joint room.
// Thread-safety: none; lives on the room's executor.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "room/calendar.hpp"
#include "room/committed_event.hpp"
#include "room/phase.hpp"

namespace mr::room {

struct Disclosure {
  std::int64_t seq = 0;
  std::string mediator;
  bool conflict = false;
  std::map<std::string, bool> answers;  // party -> accepted
};

struct RecusalRequest {
  std::int64_t seq = 0;
  std::string party, mediator;
  std::optional<bool> granted;  // set once decided
};

struct TranscriptEntry {
  std::string id;  // "e1", "e2", …
  int version = 0;
  std::string kind;  // statement, claim, fact, note
  std::optional<std::string> side;
  std::string text;
  std::string sha256;                         // what a confirmation binds to
  std::map<std::string, bool> confirmations;  // party -> confirmed, for this version
};

struct DocumentInfo {
  std::string id, name, type, sha256, uploader;
  std::int64_t size = 0, seq = 0;
  Channel channel = Channel::main;
};

struct DraftVersion {
  int version = 0;
  std::string sha256;  // of the draft's canonical JSON
  nlohmann::json draft;
  std::int64_t seq = 0;
};

struct SigningKey {
  std::string participant, fingerprint, public_key;  // public_key: base64 SPKI DER
  std::int64_t seq = 0;
  bool revoked = false;
};

struct AgreementSignature {
  std::int64_t seq = 0;
  std::string signer, role, key, signature;  // signature: base64 r||s
  std::int64_t time_ms = 0;                  // as the signer's statement gives it
};

struct AgreementSeal {
  std::int64_t seq = 0;
  nlohmann::json body;  // the agreement.sealed event's body
};

// A version of the joint application for judicial confirmation (application.prepared).
struct ApplicationVersion {
  int version = 0;
  std::string sha256;  // of the application's canonical JSON
  nlohmann::json application;
  std::int64_t seq = 0;
};

class CaseState {
 public:
  // Takes account of one committed event, in seq order.
  void apply(const CommittedEvent& event);

  Phase phase() const { return phase_; }
  std::int64_t phase_since() const { return phase_since_; }
  std::optional<Phase> suspended_from() const { return suspended_from_; }
  const std::string& presiding() const { return presiding_; }
  // The case's mediators now, presiding first; recused ones are gone.
  std::vector<std::string> mediators() const;
  bool is_mediator(const std::string& participant) const;
  bool removed(const std::string& participant) const { return removed_.count(participant) > 0; }
  const std::set<std::string>& parties_joined() const { return parties_joined_; }
  std::optional<std::string> field() const { return field_; }
  bool personal_status() const { return field_ == "婚姻家庭"; }

  bool identity_checked(const std::string& participant) const;
  // The party acknowledged the notice, or a mediator recorded it was given another way.
  bool notice_given(const std::string& party) const;
  // The latest disclosure of each mediator; a disclosure by seq.
  const Disclosure* disclosure_of(const std::string& mediator) const;
  const Disclosure* disclosure(std::int64_t seq) const;
  const RecusalRequest* recusal(std::int64_t seq) const;
  const TranscriptEntry* entry(const std::string& id) const;
  std::string next_entry_id() const { return "e" + std::to_string(entries_.size() + 1); }
  const std::set<std::string>& caucus_open() const { return caucus_open_; }  // "A", "B"
  bool followup_recorded() const { return followup_recorded_; }
  std::optional<std::int64_t> agreed_at() const { return agreed_at_; }
  std::optional<Day> confirmation_due() const;
  std::optional<Day> followup_due() const { return followup_due_; }
  std::int64_t last_activity() const { return last_activity_; }
  // The organisation of a mediator of the case (as their account named it when they joined it).
  std::string org_of(const std::string& mediator) const;

  const DocumentInfo* document(const std::string& id) const;
  const std::map<std::string, DocumentInfo>& documents() const { return documents_; }
  const DraftVersion* draft(int version) const;
  const DraftVersion* latest_draft() const;
  const SigningKey* key(const std::string& fingerprint) const;
  const std::map<std::string, SigningKey>& keys() const { return keys_; }
  // The signatures of a version, by signer.
  const std::map<std::string, AgreementSignature>& signatures(int version) const;
  // Who must sign a version for it to be concluded: every participant the draft names, and the
  // presiding mediator.
  std::set<std::string> required_signers(int version) const;
  std::optional<int> sealed_version() const {
    return seal_ ? std::optional<int>(seal_->body.value("version", 0)) : std::nullopt;
  }
  const std::optional<AgreementSeal>& seal() const { return seal_; }

  const ApplicationVersion* latest_application() const {
    return applications_.empty() ? nullptr : &applications_.rbegin()->second;
  }
  // The parties' confirmations of an application version, by party.
  const std::map<std::string, AgreementSignature>& application_confirmations(int version) const;
  // The debtors' consents to compulsory enforcement of a version's payment items, by item id.
  const std::map<std::string, AgreementSignature>& enforcement_consents(int version) const;
  // The items of the sealed agreement whose debtor consented to enforcement, in the draft's
  // order: what a notarisation package (赋强公证) is made of; empty before the seal.
  std::vector<std::string> enforceable_items() const;

  // An advisor a mediator has brought into `main` and not yet sent out (DESIGN §3).
  bool in_main(const std::string& advisor) const;
  // An advisor who has been in `main` at some time: the parties know of them.
  bool ever_in_main(const std::string& advisor) const;
  // Whether an advisor reads the `main` event `seq`: only those logged while they were in it.
  bool advisor_reads_main(const std::string& advisor, std::int64_t seq) const;

 private:
  void move_to(Phase to, std::int64_t time);

  Phase phase_ = Phase::intake;
  std::int64_t phase_since_ = 0;
  std::optional<Phase> suspended_from_;
  std::optional<std::string> field_;
  std::string presiding_;
  std::vector<std::string> mediators_;  // in the order they joined the case
  std::set<std::string> removed_;
  std::set<std::string> parties_joined_;
  std::set<std::string> identity_checked_;
  std::set<std::string> notice_given_;
  std::map<std::int64_t, Disclosure> disclosures_;
  std::map<std::string, std::int64_t> latest_disclosure_;  // mediator -> seq
  std::map<std::int64_t, RecusalRequest> recusals_;
  std::map<std::string, TranscriptEntry> entries_;
  std::set<std::string> caucus_open_;
  bool followup_recorded_ = false;
  std::optional<std::int64_t> agreed_at_;
  std::optional<Day> followup_due_;
  std::int64_t last_activity_ = 0;
  std::map<std::string, std::string> orgs_;  // mediator -> organisation
  std::map<std::string, DocumentInfo> documents_;
  std::map<int, DraftVersion> drafts_;
  std::map<std::string, SigningKey> keys_;  // by fingerprint
  std::map<int, std::map<std::string, AgreementSignature>> signatures_;
  std::optional<AgreementSeal> seal_;
  std::map<int, ApplicationVersion> applications_;
  std::map<int, std::map<std::string, AgreementSignature>> application_confirmations_;
  std::map<int, std::map<std::string, AgreementSignature>> enforcement_consents_;
  // Per advisor, the seq ranges [from, to] during which they were in `main`; `to` is open while
  // they are in it.
  std::unordered_map<std::string, std::vector<std::pair<std::int64_t, std::int64_t>>> advisor_main_;
};

}  // namespace mr::room
