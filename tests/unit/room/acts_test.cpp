// The procedure's steps as the pure planner takes them (PROTOCOL.md §6): every transition the
// phase machine allows or refuses with its rule, and every guard of the acts.
#include "room/acts.hpp"
#include "room/application_acts.hpp"

#include <gtest/gtest.h>

#include <set>

#include "crypto/ecdsa_p256.hpp"
#include "crypto/ed25519.hpp"
#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "record/canonical_json.hpp"
#include "record/signing_statement.hpp"

namespace mr::room {
namespace {

using nlohmann::json;
using record::EventKind;

const Identity kPresiding{"aaaaaaaaaaaa", "王调解", Role::mediator, std::nullopt};
const Identity kAssisting{"bbbbbbbbbbbb", "钱调解", Role::mediator, std::nullopt};
const Identity kPartyA{"cccccccccccc", "张三", Role::party, Side::A};
const Identity kPartyB{"dddddddddddd", "李四", Role::party, Side::B};
const Identity kAdvisor{"eeeeeeeeeeee", "赵律师", Role::advisor, std::nullopt};

// A case built from events, as a room rebuilds it from its log.
class Case {
 public:
  explicit Case(const std::string& field = "劳动社保") {
    add("server", EventKind::room_created,
        {{"title", "t"},
         {"field", field},
         {"parties", json::array()},
         {"mediator", {{"id", kPresiding.participant}, {"name", "王调解"}, {"org", "调委会"}}}});
    for (const auto* p : {&kPartyA, &kPartyB})
      add(p->participant, EventKind::participant_joined, {{"participant", to_json(*p)}});
  }
  std::int64_t add(const std::string& actor, EventKind kind, json body) {
    CommittedEvent e;
    e.seq = next_++;
    e.time_ms = 1'767'225'600'000 + e.seq * 1000;  // 2026-01-01 08:00 Shanghai
    e.kind = std::string(to_string(kind));
    e.actor = actor;
    e.body = body.dump();
    state.apply(e);
    return e.seq;
  }
  // Plans `action` by `who` and, when it is allowed, records it; answers the outcome.
  std::variant<PlannedEvent, ActRefusal> act(const Identity& who, Action action, json args,
                                             bool in_main = false) {
    ActContext c{state,
                 who,
                 in_main,
                 [](const std::string& id) -> std::optional<Identity> {
                   for (const auto* p : {&kPresiding, &kAssisting, &kPartyA, &kPartyB, &kAdvisor})
                     if (p->participant == id) return *p;
                   return std::nullopt;
                 },
                 &notices,
                 added,
                 "邻区调委会"};
    c.room = "roomroomroom0001";
    c.now_ms = kNow;
    c.root_at = [this](std::int64_t size) -> std::optional<std::string> {
      if (size < 1 || size > next_) return std::nullopt;
      return root_of(size);
    };
    c.record_size = next_;
    c.sealer = sealer;
    auto planned = plan_act({action, "c" + std::to_string(next_), std::move(args)}, c);
    if (auto* e = std::get_if<PlannedEvent>(&planned)) add(who.participant, e->kind, e->body);
    return planned;
  }
  // Brings the case to mediation the ordinary way.
  void to_mediation() {
    ok(act(kPresiding, Action::disclosure_make,
           {{"conflict", false}, {"statement", "无利害关系"}}));
    ok(act(kPresiding, Action::phase_advance, {{"to", "notice"}}));
    for (const auto* p : {&kPartyA, &kPartyB}) acknowledge(*p);
    ok(act(kPresiding, Action::phase_advance, {{"to", "mediation"}}));
  }
  void acknowledge(const Identity& party) {
    ok(act(party, Action::notice_acknowledge,
           {{"language", "zh-CN"}, {"text_sha256", notices.find("劳动社保", "zh-CN")->sha256}}));
  }
  void check(const Identity& who) {
    ok(act(kPresiding, Action::identity_check,
           {{"participant", who.participant},
            {"method", "id_card_video"},
            {"document", "330102199001011234"}}));
  }
  static PlannedEvent ok(const std::variant<PlannedEvent, ActRefusal>& r) {
    if (auto* refusal = std::get_if<ActRefusal>(&r)) {
      ADD_FAILURE() << "refused: " << refusal->code << " " << refusal->rule << " "
                    << refusal->message;
      return {};
    }
    return std::get<PlannedEvent>(r);
  }

  std::int64_t last_seq() const { return next_ - 1; }
  // A stand-in for the Merkle root at a size: the planner only compares roots.
  static std::string root_of(std::int64_t size) { return crypto::sha256_hex(std::to_string(size)); }
  static constexpr std::int64_t kNow = 1'767'229'200'000;
  Sealer sealer;

  CaseState state;
  NoticeTemplates notices = NoticeTemplates::load(TEMPLATE_DIR "/notice");
  std::optional<Identity> added;

 private:
  std::int64_t next_ = 0;
};

// "code/rule" of a refusal, or "allowed".
std::string verdict(const std::variant<PlannedEvent, ActRefusal>& r) {
  if (auto* refusal = std::get_if<ActRefusal>(&r))
    return std::string(refusal->code) + (refusal->rule.empty() ? "" : "/" + refusal->rule);
  return "allowed";
}

TEST(Acts, TheNotAgreedPathRunsFromIntakeToClosed) {
  Case c;
  c.to_mediation();
  EXPECT_EQ(c.state.phase(), Phase::mediation);
  auto failed = Case::ok(c.act(kPresiding, Action::mediation_fail,
                               {{"facts", "拖欠工资三个月"}, {"reason", "金额分歧过大"}}));
  EXPECT_TRUE(failed.moves_phase);
  EXPECT_EQ(failed.body["phase"], json({{"from", "mediation"}, {"to", "not_agreed"}}));
  Case::ok(c.act(kPresiding, Action::referral_record,
                 {{"route", "arbitration"},
                  {"reason", "劳动争议"},
                  {"next_steps", "向劳动人事争议仲裁委员会申请仲裁"}}));
  EXPECT_EQ(c.state.phase(), Phase::referred);
  Case::ok(c.act(kPresiding, Action::phase_advance, {{"to", "closed"}}));
  EXPECT_EQ(c.state.phase(), Phase::closed);
  // A closed case is read-only for everyone.
  EXPECT_EQ(verdict(c.act(
                kPresiding, Action::identity_check,
                {{"participant", kPartyA.participant}, {"method", "other"}, {"document", "x"}})),
            "case_closed");
  EXPECT_EQ(verdict(c.act(kPartyA, Action::recusal_request,
                          {{"mediator", kPresiding.participant}, {"reason", "x"}})),
            "case_closed");
}

TEST(Acts, EveryTransitionThePhaseMachineDoesNotMakeIsRefusedByName) {
  Case c;
  EXPECT_EQ(verdict(c.act(kPresiding, Action::phase_advance, {{"to", "mediation"}})),
            "procedure/transition");
  EXPECT_EQ(verdict(c.act(kPresiding, Action::phase_advance, {{"to", "notice"}})),
            "procedure/disclosure_missing");
  Case::ok(c.act(kPresiding, Action::disclosure_make, {{"conflict", false}, {"statement", "无"}}));
  Case::ok(c.act(kPresiding, Action::phase_advance, {{"to", "notice"}}));
  c.acknowledge(kPartyA);
  EXPECT_EQ(verdict(c.act(kPresiding, Action::phase_advance, {{"to", "mediation"}})),
            "procedure/notice_unacknowledged");
  // Notice given another way counts too (with a reason on record).
  Case::ok(c.act(kPresiding, Action::notice_record_other,
                 {{"participant", kPartyB.participant}, {"reason", "当面宣读并签收书面告知书"}}));
  Case::ok(c.act(kPresiding, Action::phase_advance, {{"to", "mediation"}}));
  EXPECT_EQ(verdict(c.act(kPresiding, Action::phase_advance, {{"to", "agreed"}})),
            "procedure/agreement_required");
  EXPECT_EQ(verdict(c.act(kPresiding, Action::phase_advance, {{"to", "closed"}})),
            "procedure/transition");
  EXPECT_EQ(verdict(c.act(kPresiding, Action::referral_record,
                          {{"route", "court"}, {"reason", "r"}, {"next_steps", "n"}})),
            "wrong_phase/phase");
}

// phase.advance from every phase to every phase: exactly the transitions of PROTOCOL.md §6 are
// made, each with its from/to; every other pair is refused by name. The guards that are not the
// phase machine's (disclosure, notice, follow-up) are met first, so only the pair decides.
TEST(Acts, PhaseAdvanceMakesExactlyTheProceduresTransitionsFromEveryPhaseToEveryPhase) {
  const std::set<std::pair<Phase, Phase>> made = {
      {Phase::intake, Phase::notice},          {Phase::notice, Phase::mediation},
      {Phase::agreed, Phase::confirmation},    {Phase::agreed, Phase::follow_up},
      {Phase::confirmation, Phase::follow_up}, {Phase::follow_up, Phase::closed},
      {Phase::referred, Phase::closed}};
  const Phase all[] = {Phase::intake,     Phase::notice,    Phase::mediation, Phase::agreed,
                       Phase::not_agreed, Phase::referred,  Phase::confirmation,
                       Phase::follow_up,  Phase::closed,    Phase::suspended};
  for (const Phase from : all) {
    for (const Phase to : all) {
      SCOPED_TRACE(std::string(to_string(from)) + " -> " + std::string(to_string(to)));
      Case c;
      Case::ok(c.act(kPresiding, Action::disclosure_make, {{"conflict", false}, {"statement", "无"}}));
      c.acknowledge(kPartyA);
      c.acknowledge(kPartyB);
      c.add("server", EventKind::followup_recorded, {{"performed", "full"}, {"note", "已履行"}});
      // The case as a log that reached `from` leaves it.
      c.add(kPresiding.participant, EventKind::phase_changed,
            {{"phase", {{"from", "intake"}, {"to", std::string(to_string(from))}}}});
      ASSERT_EQ(c.state.phase(), from);
      const auto answer = c.act(kPresiding, Action::phase_advance, {{"to", std::string(to_string(to))}});
      if (made.count({from, to})) {
        const auto event = Case::ok(answer);
        EXPECT_EQ(event.body["phase"], json({{"from", to_string(from)}, {"to", to_string(to)}}));
        EXPECT_EQ(c.state.phase(), to);
      } else if (from == Phase::closed) {
        EXPECT_EQ(verdict(answer), "case_closed");
      } else if (from == Phase::not_agreed || from == Phase::suspended) {
        // Left only by their own acts: referral.record, case.resume.
        EXPECT_EQ(verdict(answer), "wrong_phase/phase");
      } else if (from == Phase::mediation && to == Phase::agreed) {
        EXPECT_EQ(verdict(answer), "procedure/agreement_required");
      } else {
        EXPECT_EQ(verdict(answer), "procedure/transition");
        EXPECT_EQ(c.state.phase(), from);
      }
    }
  }
}

TEST(Acts, OnlyThePresidingMediatorMovesTheCaseAndNoPartyDoes) {
  Case c;
  Case::ok(c.act(kPresiding, Action::disclosure_make, {{"conflict", false}, {"statement", "无"}}));
  EXPECT_EQ(verdict(c.act(kPartyA, Action::phase_advance, {{"to", "notice"}})), "forbidden");
  EXPECT_EQ(verdict(c.act(kAdvisor, Action::phase_advance, {{"to", "notice"}})), "forbidden");
  EXPECT_EQ(verdict(c.act(kAssisting, Action::phase_advance, {{"to", "notice"}})), "forbidden");
  EXPECT_EQ(verdict(c.act(kPartyA, Action::case_suspend, {{"reason", "x"}})), "forbidden");
}

TEST(Acts, SuspensionReturnsToThePhaseItLeft) {
  Case c;
  c.to_mediation();
  Case::ok(c.act(kPresiding, Action::case_suspend, {{"reason", "申请人住院"}}));
  EXPECT_EQ(c.state.phase(), Phase::suspended);
  EXPECT_EQ(verdict(c.act(kPresiding, Action::caucus_open, {{"side", "A"}})), "wrong_phase/phase");
  auto resumed = Case::ok(c.act(kPresiding, Action::case_resume, json::object()));
  EXPECT_EQ(resumed.body["phase"]["to"], "mediation");
  EXPECT_EQ(c.state.phase(), Phase::mediation);
}

TEST(Acts, AConflictDisclosedGoesOnOnlyWhenEveryPartyAcceptsAndOnlyCheckedPartiesAnswer) {
  Case c;
  const auto d = c.state.disclosure_of(kPresiding.participant);
  EXPECT_FALSE(d);
  Case::ok(c.act(kPresiding, Action::disclosure_make,
                 {{"conflict", true}, {"statement", "与申请人系远房亲戚"}}));
  const auto seq = c.state.disclosure_of(kPresiding.participant)->seq;
  Case::ok(c.act(kPresiding, Action::phase_advance, {{"to", "notice"}}));
  c.acknowledge(kPartyA);
  c.acknowledge(kPartyB);
  // Answering binds the party: their identity is checked first.
  EXPECT_EQ(
      verdict(c.act(kPartyA, Action::disclosure_answer, {{"disclosure", seq}, {"accept", true}})),
      "identity_unchecked");
  c.check(kPartyA);
  c.check(kPartyB);
  Case::ok(c.act(kPartyA, Action::disclosure_answer, {{"disclosure", seq}, {"accept", true}}));
  Case::ok(c.act(kPartyB, Action::disclosure_answer, {{"disclosure", seq}, {"accept", false}}));
  EXPECT_EQ(verdict(c.act(kPresiding, Action::phase_advance, {{"to", "mediation"}})),
            "procedure/conflict_not_accepted");
  // A disclosure of no conflict is nothing to answer.
  Case::ok(
      c.act(kPresiding, Action::disclosure_make, {{"conflict", false}, {"statement", "更正"}}));
  const auto none = c.state.disclosure_of(kPresiding.participant)->seq;
  EXPECT_EQ(
      verdict(c.act(kPartyA, Action::disclosure_answer, {{"disclosure", none}, {"accept", true}})),
      "procedure/not_a_conflict");
  Case::ok(c.act(kPresiding, Action::phase_advance, {{"to", "mediation"}}));
}

TEST(Acts, AGrantedRecusalHandsPresidingToTheReplacementAndRemovesTheMediator) {
  Case c;
  c.added = kAssisting;
  Case::ok(c.act(kPresiding, Action::mediator_add, {{"login", "qian"}}));
  EXPECT_EQ(verdict(c.act(kPresiding, Action::mediator_add, {{"login", "qian"}})), "unchanged");
  EXPECT_TRUE(c.state.is_mediator(kAssisting.participant));
  EXPECT_EQ(verdict(c.act(kPartyA, Action::recusal_request,
                          {{"mediator", kPartyB.participant}, {"reason", "x"}})),
            "procedure/not_a_mediator");
  Case::ok(c.act(kPartyA, Action::recusal_request,
                 {{"mediator", kPresiding.participant}, {"reason", "调解员是被申请人的同学"}}));
  const auto request = c.last_seq();
  ASSERT_TRUE(c.state.recusal(request));
  EXPECT_EQ(verdict(c.act(kPresiding, Action::recusal_decide,
                          {{"request", request},
                           {"granted", true},
                           {"reason", "r"},
                           {"replacement", kAssisting.participant}})),
            "procedure/recusal_subject");
  EXPECT_EQ(verdict(c.act(kAssisting, Action::recusal_decide,
                          {{"request", request}, {"granted", true}, {"reason", "r"}})),
            "procedure/replacement_required");
  Case::ok(c.act(kAssisting, Action::recusal_decide,
                 {{"request", request},
                  {"granted", true},
                  {"reason", "确有同学关系"},
                  {"replacement", kAssisting.participant}}));
  EXPECT_EQ(c.state.presiding(), kAssisting.participant);
  EXPECT_TRUE(c.state.removed(kPresiding.participant));
  EXPECT_EQ(c.state.mediators(), std::vector<std::string>{kAssisting.participant});
  EXPECT_EQ(verdict(c.act(kAssisting, Action::recusal_decide,
                          {{"request", request}, {"granted", false}, {"reason", "r"}})),
            "procedure/already_decided");
}

TEST(Acts, ARefusedRecusalKeepsTheMediator) {
  Case c;
  c.added = kAssisting;
  Case::ok(c.act(kPresiding, Action::mediator_add, {{"login", "qian"}}));
  Case::ok(c.act(kPartyB, Action::recusal_request,
                 {{"mediator", kAssisting.participant}, {"reason", "r"}}));
  Case::ok(c.act(kPresiding, Action::recusal_decide,
                 {{"request", c.last_seq()}, {"granted", false}, {"reason", "无回避事由"}}));
  EXPECT_TRUE(c.state.is_mediator(kAssisting.participant));
  EXPECT_EQ(c.state.presiding(), kPresiding.participant);
}

TEST(Acts, AFactIsConfirmedOnlyInItsLatestVersionByACheckedParty) {
  Case c;
  c.to_mediation();
  auto entry =
      Case::ok(c.act(kPresiding, Action::transcript_write,
                     {{"kind", "fact"}, {"side", nullptr}, {"text", "双方确认存在劳动关系"}}));
  EXPECT_EQ(entry.body["entry"], "e1");
  EXPECT_EQ(
      entry.body["sha256"],
      crypto::sha256_hex(
          R"({"entry":"e1","kind":"fact","side":null,"text":"双方确认存在劳动关系","version":1})"));
  json confirm = {
      {"entry", "e1"}, {"version", 1}, {"sha256", entry.body["sha256"]}, {"confirm", true}};
  EXPECT_EQ(verdict(c.act(kPartyA, Action::facts_confirm, confirm)), "identity_unchecked");
  c.check(kPartyA);
  auto revised = Case::ok(c.act(kPresiding, Action::transcript_write,
                                {{"entry", "e1"},
                                 {"kind", "fact"},
                                 {"side", nullptr},
                                 {"text", "双方确认自2025年3月起存在劳动关系"}}));
  EXPECT_EQ(revised.body["version"], 2);
  EXPECT_EQ(verdict(c.act(kPartyA, Action::facts_confirm, confirm)), "stale");
  confirm["version"] = 2;
  confirm["sha256"] = revised.body["sha256"];
  Case::ok(c.act(kPartyA, Action::facts_confirm, confirm));
  EXPECT_TRUE(c.state.entry("e1")->confirmations.at(kPartyA.participant));
  auto claim = Case::ok(c.act(kPresiding, Action::transcript_write,
                              {{"kind", "claim"}, {"side", "A"}, {"text", "要求支付工资"}}));
  EXPECT_EQ(
      verdict(c.act(
          kPartyA, Action::facts_confirm,
          {{"entry", "e2"}, {"version", 1}, {"sha256", claim.body["sha256"]}, {"confirm", true}})),
      "procedure/fact_only");
}

TEST(Acts, ANoticeIsAcknowledgedOnlyForTheTextServed) {
  Case c;
  Case::ok(c.act(kPresiding, Action::disclosure_make, {{"conflict", false}, {"statement", "无"}}));
  EXPECT_EQ(verdict(c.act(kPartyA, Action::notice_acknowledge,
                          {{"language", "zh-CN"}, {"text_sha256", std::string(64, '0')}})),
            "stale");
  auto ack = Case::ok(
      c.act(kPartyA, Action::notice_acknowledge,
            {{"language", "en"}, {"text_sha256", c.notices.find("劳动社保", "en")->sha256}}));
  EXPECT_EQ(ack.body["template"], "notice-v1/labour/en");
  EXPECT_EQ(ack.body["consent_online"], true);
  EXPECT_TRUE(c.state.notice_given(kPartyA.participant));
}

TEST(Acts, IdentityChecksKeepOnlyAMaskedDocumentNumber) {
  EXPECT_EQ(mask_document("330102199001011234"), "3301**********1234");
  EXPECT_EQ(mask_document("E12345678"), "E1*****78");
  EXPECT_EQ(mask_document("AB"), "**");
  Case c;
  auto checked = Case::ok(c.act(kAssisting, Action::identity_check,
                                {{"participant", kPartyB.participant},
                                 {"method", "zhelibang"},
                                 {"document", "330102199001011234"},
                                 {"note", "浙里办实名"}}));
  EXPECT_EQ(checked.body["document"], "3301**********1234");
  EXPECT_EQ(
      verdict(c.act(kAssisting, Action::identity_check,
                    {{"participant", "ffffffffffff"}, {"method", "other"}, {"document", "x"}})),
      "unknown_participant");
}

TEST(Acts, AnAdvisorExplainsTheLawOnlyInTheJointRoomAndNeverDecides) {
  Case c;
  json card = {{"law", "《劳动合同法》"},
               {"article", "第三十条"},
               {"explanation", "用人单位应当按时足额支付劳动报酬"}};
  EXPECT_EQ(verdict(c.act(kAdvisor, Action::law_explain, card)), "forbidden");
  Case::ok(c.act(kAdvisor, Action::law_explain, card, true));
  EXPECT_EQ(verdict(c.act(kAdvisor, Action::recusal_decide,
                          {{"request", 1}, {"granted", false}, {"reason", "r"}})),
            "forbidden");
  EXPECT_EQ(
      verdict(c.act(
          kAdvisor, Action::facts_confirm,
          {{"entry", "e1"}, {"version", 1}, {"sha256", std::string(64, '0')}, {"confirm", true}})),
      "forbidden");
}

TEST(Acts, FollowUpSetsADueDayAndIsRecordedBeforeClosing) {
  Case c;
  c.to_mediation();
  // An agreement concluded (issue 9 records it; here its phase move stands in for it).
  c.add(kPresiding.participant, EventKind::phase_changed,
        {{"phase", {{"from", "mediation"}, {"to", "agreed"}}}});
  EXPECT_EQ(to_string(*c.state.confirmation_due()), "2026-01-31");
  Case::ok(c.act(kPresiding, Action::phase_advance, {{"to", "follow_up"}, {"due", "2026-03-01"}}));
  EXPECT_EQ(to_string(*c.state.followup_due()), "2026-03-01");
  EXPECT_EQ(verdict(c.act(kPresiding, Action::phase_advance, {{"to", "closed"}})),
            "procedure/followup_missing");
  Case::ok(
      c.act(kAssisting, Action::followup_record, {{"result", "partly"}, {"date", "2026-02-20"}}));
  Case::ok(c.act(kPresiding, Action::phase_advance, {{"to", "closed"}}));
}

TEST(Acts, APartyWithdrawsBeforeAgreementOnlyOnceChecked) {
  Case c;
  EXPECT_EQ(verdict(c.act(kPartyA, Action::case_withdraw, {{"reason", "已自行和解"}})),
            "identity_unchecked");
  c.check(kPartyA);
  auto w = Case::ok(c.act(kPartyA, Action::case_withdraw, {{"reason", "已自行和解"}}));
  EXPECT_EQ(w.kind, EventKind::party_withdrew);
  EXPECT_EQ(c.state.phase(), Phase::not_agreed);
  EXPECT_EQ(verdict(c.act(kPartyB, Action::case_withdraw, {{"reason", "r"}})), "wrong_phase/phase");
}

TEST(Acts, ABackToBackSessionOpensAndClosesOnceAndEndsWithMediation) {
  Case c;
  c.to_mediation();
  Case::ok(c.act(kAssisting, Action::caucus_open, {{"side", "A"}}));
  EXPECT_EQ(verdict(c.act(kAssisting, Action::caucus_open, {{"side", "A"}})), "unchanged");
  EXPECT_EQ(c.state.caucus_open(), std::set<std::string>{"A"});
  Case::ok(c.act(kPresiding, Action::case_suspend, {{"reason", "r"}}));
  EXPECT_TRUE(c.state.caucus_open().empty());
}

// A signer's browser: its key, registered, and signatures made as WebCrypto makes them.
struct Browser {
  const Identity& who;
  crypto::EcdsaP256Signer key = crypto::EcdsaP256Signer::generate();
  std::string fingerprint() const { return crypto::sha256_hex(key.public_key().spki_der()); }
  void register_key(Case& c) {
    Case::ok(c.act(
        who, Action::key_register,
        {{"public_key", crypto::to_base64(key.public_key().spki_der())}, {"device", "手机"}}));
  }
  json sign(int version, const std::string& sha, std::int64_t size,
            std::int64_t time = Case::kNow) const {
    const auto root = Case::root_of(size);
    const auto statement =
        record::signing_statement_bytes({"roomroomroom0001", version, sha, who.participant,
                                         std::string(to_string(who.role)), size, root, time});
    return {{"version", version},
            {"draft_sha256", sha},
            {"key", fingerprint()},
            {"record_size", size},
            {"record_root", root},
            {"time", time},
            {"signature", crypto::to_base64(key.sign(statement))}};
  }
};

json draft_naming(const std::vector<const Identity*>& parties, const std::string& item) {
  json list = json::array();
  for (const auto* p : parties)
    list.push_back({{"participant", p->participant},
                    {"side", p->side == Side::A ? "A" : "B"},
                    {"role", "party"},
                    {"name", p->name},
                    {"sex", nullptr},
                    {"id_type", "居民身份证"},
                    {"id_number", "330102199001011234"},
                    {"address", "杭州市"},
                    {"contact", "138"},
                    {"agent_of", nullptr}});
  return {{"title", "人民调解协议书"},
          {"parties", list},
          {"facts", "拖欠工资"},
          {"issues", "工资数额"},
          {"responsibilities", ""},
          {"items", {{{"id", "i1"}, {"text", item}}}},
          {"performance", {{"way", "转账"}, {"place", "杭州"}, {"deadline", "2026年2月1日前"}}},
          {"copies", 3},
          {"notes", ""}};
}

class Signing : public ::testing::Test {
 protected:
  void SetUp() override {
    c.to_mediation();
    c.check(kPartyA);
    c.check(kPartyB);
    for (auto* b : {&a, &b, &m}) b->register_key(c);
    c.sealer = [this](const std::string& org,
                      const std::function<std::string(const std::string&)>& statement)
        -> std::optional<OrgSeal> {
      if (org != "调委会") return std::nullopt;
      sealed_statement = statement(crypto::sha256_hex(seal_key.public_key()));
      return OrgSeal{org, seal_key.public_key(), crypto::sha256_hex(seal_key.public_key()),
                     seal_key.sign(sealed_statement)};
    };
  }
  // Saves a draft naming both parties; answers its version and hash.
  std::pair<int, std::string> save(const std::string& item) {
    auto saved = Case::ok(c.act(kPresiding, Action::draft_save,
                                {{"draft", draft_naming({&kPartyA, &kPartyB}, item)}}));
    return {saved.body["version"].get<int>(), saved.body["sha256"].get<std::string>()};
  }
  Case c;
  Browser a{kPartyA}, b{kPartyB}, m{kPresiding};
  crypto::Ed25519Key seal_key = crypto::Ed25519Key::generate();
  std::string sealed_statement;
};

TEST_F(Signing, EverySignatureOfTheLatestVersionThenTheSealConcludesTheCase) {
  auto [version, sha] = save("被申请人支付工资八千元");
  EXPECT_EQ(sha, crypto::sha256_hex(record::to_canonical(
                     draft_naming({&kPartyA, &kPartyB}, "被申请人支付工资八千元"))));
  const auto size = c.last_seq() + 1;
  Case::ok(c.act(kPartyA, Action::agreement_sign, a.sign(version, sha, size)));
  EXPECT_EQ(verdict(plan_seal(ActContext{c.state, kPresiding})), "procedure/signatures_missing");
  Case::ok(c.act(kPartyB, Action::agreement_sign, b.sign(version, sha, size)));
  Case::ok(c.act(kPresiding, Action::agreement_sign, m.sign(version, sha, size)));
  auto sealed = Case::ok(c.act(kPresiding, Action::agreement_conclude, json::object()));
  EXPECT_TRUE(sealed.by_server);
  EXPECT_TRUE(sealed.moves_phase);
  EXPECT_EQ(sealed.body["signatures"].size(), 3u);
  EXPECT_EQ(c.state.phase(), Phase::agreed);
  // The seal signs exactly the documented statement.
  const auto statement = json::parse(sealed_statement);
  EXPECT_EQ(statement["type"], "mediation-room/agreement-seal/v1");
  EXPECT_EQ(statement["draft_sha256"], sha);
  EXPECT_EQ(statement["signatures"].size(), 3u);
  EXPECT_TRUE(crypto::ed25519_verify(seal_key.public_key(), sealed_statement,
                                     *crypto::from_base64(sealed.body["seal"].get<std::string>())));
  EXPECT_TRUE(c.state.confirmation_due());
}

TEST_F(Signing, ASignatureIsRefusedForEveryReasonTheProtocolNames) {
  auto [v1, sha1] = save("支付八千元");
  const auto size = c.last_seq() + 1;
  auto [v2, sha2] = save("支付九千元");  // an edit: a new version, nothing carries over
  EXPECT_EQ(verdict(c.act(kPartyA, Action::agreement_sign, a.sign(v1, sha1, size))), "stale");
  auto good = a.sign(v2, sha2, size);
  auto tampered = good;
  tampered["time"] = Case::kNow + 1;  // the statement no longer matches the signature
  EXPECT_EQ(verdict(c.act(kPartyA, Action::agreement_sign, tampered)), "procedure/bad_signature");
  auto wrong_root = good;
  wrong_root["record_root"] = std::string(64, 'a');
  EXPECT_EQ(verdict(c.act(kPartyA, Action::agreement_sign, wrong_root)), "procedure/bad_root");
  EXPECT_EQ(verdict(c.act(kPartyA, Action::agreement_sign,
                          a.sign(v2, sha2, size, Case::kNow - 3600'000))),
            "procedure/clock");
  EXPECT_EQ(verdict(c.act(kPartyA, Action::agreement_sign, b.sign(v2, sha2, size))),
            "procedure/key_unknown");
  EXPECT_EQ(verdict(c.act(kAdvisor, Action::agreement_sign, good)), "forbidden");
  Case::ok(c.act(kPartyA, Action::agreement_sign, good));
  EXPECT_EQ(verdict(c.act(kPartyA, Action::agreement_sign, good)), "procedure/already_signed");
  // A revoked key signs no more: by its owner's revocation, or a mediator's.
  Case::ok(c.act(kPresiding, Action::key_revoke, {{"key", b.fingerprint()}}));
  EXPECT_EQ(verdict(c.act(kPartyB, Action::agreement_sign, b.sign(v2, sha2, size))),
            "procedure/key_revoked");
  EXPECT_EQ(verdict(c.act(kPartyA, Action::key_revoke, {{"key", m.fingerprint()}})), "forbidden");
}

TEST_F(Signing, AnUncheckedPartyCannotSignAndAnUnnamedOneIsNoSigner) {
  Case fresh;
  fresh.to_mediation();
  Browser unchecked{kPartyA};
  unchecked.register_key(fresh);
  auto saved = Case::ok(fresh.act(kPresiding, Action::draft_save,
                                  {{"draft", draft_naming({&kPartyA, &kPartyB}, "x")}}));
  EXPECT_EQ(
      verdict(fresh.act(kPartyA, Action::agreement_sign,
                        unchecked.sign(1, saved.body["sha256"], fresh.last_seq() + 1))),
      "identity_unchecked");
  // A draft that names only side A: B is no signer of it.
  auto only_a = Case::ok(
      c.act(kPresiding, Action::draft_save, {{"draft", draft_naming({&kPartyA}, "仅申请人")}}));
  EXPECT_EQ(
      verdict(c.act(kPartyB, Action::agreement_sign,
                    b.sign(only_a.body["version"], only_a.body["sha256"], c.last_seq() + 1))),
      "procedure/not_a_signer");
}

TEST_F(Signing, WithoutTheOrganisationsKeyTheAgreementWaits) {
  c.sealer = nullptr;
  auto [version, sha] = save("支付");
  const auto size = c.last_seq() + 1;
  for (auto* br : {&a, &b, &m})
    Case::ok(c.act(br->who, Action::agreement_sign, br->sign(version, sha, size)));
  EXPECT_EQ(verdict(c.act(kPresiding, Action::agreement_conclude, json::object())),
            "procedure/no_seal_key");
  EXPECT_EQ(c.state.phase(), Phase::mediation);
}

TEST_F(Signing, DraftsNameOnlyPartiesAndCommentsOnlyRealItems) {
  json draft = draft_naming({&kPartyA, &kPartyB}, "x");
  draft["parties"][0]["participant"] = kAdvisor.participant;
  EXPECT_EQ(verdict(c.act(kPresiding, Action::draft_save, {{"draft", draft}})),
            "procedure/unknown_party");
  EXPECT_EQ(verdict(c.act(kPartyA, Action::draft_save, {{"draft", draft_naming({&kPartyA}, "x")}})),
            "forbidden");
  const int v = save("x").first;
  Case::ok(c.act(kPartyA, Action::draft_comment,
                 {{"version", v}, {"item", "i1"}, {"text", "金额应为九千"}, {"proposal", true}}));
  EXPECT_EQ(verdict(c.act(kPartyA, Action::draft_comment,
                          {{"version", v}, {"item", "i9"}, {"text", "x"}, {"proposal", false}})),
            "procedure/no_such_item");
  EXPECT_EQ(
      verdict(c.act(kPartyA, Action::draft_comment,
                    {{"version", v + 1}, {"item", nullptr}, {"text", "x"}, {"proposal", false}})),
      "stale");
  EXPECT_EQ(
      verdict(c.act(kPartyA, Action::key_register, {{"public_key", "AAAA"}, {"device", "x"}})),
      "procedure/bad_key");
  EXPECT_EQ(verdict(c.act(kPartyA, Action::key_register,
                          {{"public_key", crypto::to_base64(a.key.public_key().spki_der())},
                           {"device", "x"}})),
            "unchanged");
}

// 司法确认 (RECORD.md §5.2): the application is the sealed agreement's, addressed to the court the
// presiding mediator chose, and each party the agreement names confirms it once with their key.
json confirmation_by(const Browser& who, int version, const std::string& sha, std::int64_t size,
                     std::int64_t time = Case::kNow) {
  const auto root = Case::root_of(size);
  const auto statement = record::application_statement_bytes(
      {"roomroomroom0001", version, sha, who.who.participant, size, root, time});
  return {{"version", version},       {"application_sha256", sha}, {"key", who.fingerprint()},
          {"record_size", size},      {"record_root", root},       {"time", time},
          {"signature", crypto::to_base64(who.key.sign(statement))}};
}

json prepare(bool ownership = false) {
  return {{"basis", "party_domicile"}, {"court", "杭州市西湖区人民法院"}, {"confirms_ownership", ownership}};
}

TEST_F(Signing, TheApplicationIsTheSealedAgreementsAndEachNamedPartyConfirmsItOnce) {
  auto [version, sha] = save("被申请人支付工资八千元");
  EXPECT_EQ(verdict(c.act(kPresiding, Action::application_prepare, prepare())), "wrong_phase/phase");
  const auto size = c.last_seq() + 1;
  Case::ok(c.act(kPartyA, Action::agreement_sign, a.sign(version, sha, size)));
  Case::ok(c.act(kPartyB, Action::agreement_sign, b.sign(version, sha, size)));
  Case::ok(c.act(kPresiding, Action::agreement_sign, m.sign(version, sha, size)));
  Case::ok(c.act(kPresiding, Action::agreement_conclude, json::object()));

  EXPECT_EQ(verdict(c.act(kPartyA, Action::application_prepare, prepare())), "forbidden");
  EXPECT_EQ(verdict(c.act(kPresiding, Action::application_prepare, prepare(true))),
            "procedure/ownership");
  auto prepared = Case::ok(c.act(kPresiding, Action::application_prepare, prepare()));
  const auto& app = prepared.body["application"];
  EXPECT_EQ(prepared.body["sha256"], crypto::sha256_hex(record::to_canonical(app)));
  EXPECT_EQ(app["agreement"]["sha256"], sha);
  EXPECT_EQ(app["court"]["basis_words"], "当事人住所地");
  EXPECT_EQ(app["applicants"].size(), 2u);
  EXPECT_EQ(app["applicants"][1]["name"], kPartyB.name);
  EXPECT_EQ(app["deadline"], to_string(*c.state.confirmation_due()));
  EXPECT_EQ(app["undertakings"].size(), 3u);
  // The same choice again changes nothing.
  EXPECT_EQ(verdict(c.act(kPresiding, Action::application_prepare, prepare())), "unchanged");

  const int v = prepared.body["version"];
  const std::string app_sha = prepared.body["sha256"];
  const auto at = c.last_seq() + 1;
  EXPECT_EQ(verdict(c.act(kPartyA, Action::application_confirm,
                          confirmation_by(a, v, std::string(64, '0'), at))),
            "stale");
  EXPECT_EQ(verdict(c.act(kPartyA, Action::application_confirm, confirmation_by(b, v, app_sha, at))),
            "procedure/key_unknown");
  EXPECT_EQ(verdict(c.act(kPartyA, Action::application_confirm,
                          confirmation_by(a, v, app_sha, at, Case::kNow + 11 * 60 * 1000))),
            "procedure/clock");
  Case::ok(c.act(kPartyA, Action::application_confirm, confirmation_by(a, v, app_sha, at)));
  EXPECT_EQ(verdict(c.act(kPartyA, Action::application_confirm, confirmation_by(a, v, app_sha, at))),
            "procedure/already_confirmed");
  EXPECT_EQ(verdict(c.act(kPresiding, Action::application_confirm, confirmation_by(m, v, app_sha, at))),
            "forbidden");
  Case::ok(c.act(kPartyB, Action::application_confirm, confirmation_by(b, v, app_sha, at)));
  EXPECT_EQ(c.state.application_confirmations(v).size(), 2u);
}

TEST(Acts, APersonalStatusCaseGetsNoApplicationAndIsToldTheAlternatives) {
  Case c("婚姻家庭");
  ActContext context{c.state, kPresiding};
  const auto refused = plan_application_prepare({Action::application_prepare, "x", prepare()}, context);
  ASSERT_TRUE(std::holds_alternative<ActRefusal>(refused));
  const auto& r = std::get<ActRefusal>(refused);
  EXPECT_EQ(r.rule, "personal_status");
  EXPECT_NE(r.message.find("第三百五十五条"), std::string::npos);
  EXPECT_NE(r.message.find("婚姻登记机关"), std::string::npos);
}

TEST(Acts, TheApplicationStatementIsRecordMdsWorkedExample) {
  EXPECT_EQ(record::application_statement_bytes(
                {"exampleRoom00001", 1, std::string(64, '0'), "0a1b2c3d4e5f", 2,
                 "bcc0513f8cb06ff9bd1f8ab184ea9a2cd83e9b38864ee9d20ce909f36b01c8c5",
                 1714521720000}),
            R"({"application_sha256":"0000000000000000000000000000000000000000000000000000000000000000","application_version":1,"record_root":"bcc0513f8cb06ff9bd1f8ab184ea9a2cd83e9b38864ee9d20ce909f36b01c8c5","record_size":2,"role":"party","room":"exampleRoom00001","signer":"0a1b2c3d4e5f","time":1714521720000,"type":"mediation-room/application-confirmation/v1"})");
}

}  // namespace
}  // namespace mr::room
