// The procedure over real TLS WebSockets (PROTOCOL.md §6): a case along the not-agreed path to
// closed, a disclosure a party rejects, a recusal granted to an assisting mediator of another
// organisation, and every refusal a participant would meet.
#include "procedure_fixture.hpp"

namespace mr::test {
namespace {

class Procedure : public ProcedureFixture {};

TEST_F(Procedure, ACaseRunsFromIntakeToClosedAlongTheNotAgreedPath) {
  auto m = join(mediator_);
  auto a = join(party_a_);
  auto b = join(party_b_);
  auto welcome = std::find_if(m->received().begin(), m->received().end(),
                              [](const json& f) { return f["type"] == "welcome"; });
  EXPECT_EQ((*welcome)["case"]["phase"], "intake");
  EXPECT_EQ((*welcome)["case"]["presiding"], mediator_.participant);

  // Mediation cannot start before the notice is acknowledged.
  expect_refused(act(*m, "phase.advance", {{"to", "notice"}}), "procedure", "disclosure_missing");
  expect_ack(act(*m, "disclosure.make", {{"conflict", false}, {"statement", "无利害关系"}}));
  expect_ack(act(*m, "phase.advance", {{"to", "notice"}}));
  expect_ack(act(*a, "notice.acknowledge",
                 {{"language", "zh-CN"}, {"text_sha256", notice(party_a_)["sha256"]}}));
  expect_refused(act(*m, "phase.advance", {{"to", "mediation"}}), "procedure",
                 "notice_unacknowledged");
  // B reads it in English; the English text's hash is what is recorded.
  const auto en = notice(party_b_, "en");
  EXPECT_NE(en["text"].get<std::string>().find("Notice of rights and duties"), std::string::npos);
  expect_ack(act(*b, "notice.acknowledge", {{"language", "en"}, {"text_sha256", en["sha256"]}}));
  expect_ack(act(*m, "phase.advance", {{"to", "mediation"}}));
  wait_phase(*a, "mediation");

  // A back-to-back session with A: B's page is told it runs, never what is said in it.
  expect_ack(act(*m, "caucus.open", {{"side", "A"}}));
  m->send({{"type", "send"}, {"id", "c1"}, {"channel", "caucus:A"}, {"text", "您的底线是多少"}});
  m->next_of_type("ack", 5s);
  expect_ack(act(*m, "caucus.close", {{"side", "A"}}));
  // The record: an undisputed fact both parties confirm once their identity is checked.
  auto fact = act(*m, "transcript.write",
                  {{"kind", "fact"}, {"side", nullptr}, {"text", "双方存在劳动关系"}});
  expect_ack(fact);
  auto entry = event_of_kind(*m, "transcript.entry");
  json confirm = {
      {"entry", "e1"}, {"version", 1}, {"sha256", entry["body"]["sha256"]}, {"confirm", true}};
  expect_refused(act(*a, "facts.confirm", confirm), "identity_unchecked");
  check_identity(*m, party_a_);
  expect_ack(act(*a, "facts.confirm", confirm));

  expect_ack(
      act(*m, "mediation.fail", {{"facts", "拖欠三个月工资"}, {"reason", "对金额分歧过大"}}));
  expect_ack(act(*m, "referral.record",
                 {{"route", "arbitration"},
                  {"reason", "劳动争议须先经仲裁"},
                  {"next_steps", "向区劳动人事争议仲裁委员会申请仲裁"}}));
  expect_ack(act(*m, "phase.advance", {{"to", "closed"}}));
  // Everyone hears of the close, and the room is read-only for everyone.
  wait_phase(*b, "closed");
  b->send({{"type", "send"}, {"id", "late"}, {"channel", "main"}, {"text", "还能说话吗"}});
  auto refused = b->next_of_type("error");
  EXPECT_EQ(refused["code"], "case_closed");
  expect_refused(
      act(*m, "identity.check",
          {{"participant", party_b_.participant}, {"method", "other"}, {"document", "x"}}),
      "case_closed");
  m->send({{"type", "typing"}, {"channel", "main"}});
  EXPECT_EQ(m->next_of_type("error")["code"], "case_closed");
  // No advisor is brought in any more, and nothing can be shared.
  m->send({{"type", "advisor"}, {"id", "late-advisor"}, {"participant", advisor_.participant},
           {"in_main", true}});
  EXPECT_EQ(m->next_of_type("error")["code"], "case_closed");
  const auto upload = api("POST", "/r/" + room_ + "/api/uploads",
                          {{"name", "补充证据.pdf"}, {"size", 1000}, {"channel", "main"}},
                          party_b_.cookie);
  EXPECT_EQ(upload.status, 409);
  EXPECT_EQ(upload.json_body()["error"], "conflict");

  // B never received a byte of A's caucus, and the phase changes were each followed by a
  // signed checkpoint (one per change at least).
  for (const auto& f : b->received()) EXPECT_EQ(f.dump().find("您的底线"), std::string::npos);
  int opened = 0;
  for (const auto& f : b->received())
    opened +=
        f["type"] == "event" && f["header"]["kind"] == "caucus.opened" && f["body"]["side"] == "A";
  EXPECT_EQ(opened, 1);
}

TEST_F(Procedure, EveryPhaseChangeIsFollowedAtOnceByASignedCheckpoint) {
  auto m = join(mediator_);
  expect_ack(act(*m, "disclosure.make", {{"conflict", false}, {"statement", "无"}}));
  auto ack = act(*m, "phase.advance", {{"to", "notice"}});
  expect_ack(ack);
  // The default checkpoint interval is 5 s and N is 1000: a checkpoint now is the phase's.
  for (;;) {
    auto c = m->next_of_type("checkpoint", 3s);
    auto lines = c["note"].get<std::string>();
    auto size = std::stoll(lines.substr(lines.find('\n') + 1));
    if (size > ack["seq"].get<std::int64_t>()) break;
  }
}

TEST_F(Procedure, APartyRejectingADisclosedConflictStopsMediation) {
  auto m = join(mediator_);
  auto a = join(party_a_);
  auto b = join(party_b_);
  expect_ack(
      act(*m, "disclosure.make", {{"conflict", true}, {"statement", "本人系被申请人的远房表亲"}}));
  auto disclosure = event_of_kind(*a, "disclosure.made");
  expect_ack(act(*m, "phase.advance", {{"to", "notice"}}));
  for (auto* ws : {a.get(), b.get()})
    expect_ack(act(*ws, "notice.acknowledge",
                   {{"language", "zh-CN"}, {"text_sha256", notice(party_a_)["sha256"]}}));
  check_identity(*m, party_a_);
  check_identity(*m, party_b_);
  expect_ack(act(*a, "disclosure.answer", {{"disclosure", disclosure["seq"]}, {"accept", true}}));
  expect_ack(act(*b, "disclosure.answer", {{"disclosure", disclosure["seq"]}, {"accept", false}}));
  expect_refused(act(*m, "phase.advance", {{"to", "mediation"}}), "procedure",
                 "conflict_not_accepted");
}

TEST_F(Procedure, ARecusalIsGrantedToAnAssistingMediatorOfAnotherOrganisation) {
  run_cli({"mediator", "add", "--data", dir_.string(), "--login", "qian", "--name", "钱调解",
           "--org", "上城区人民调解委员会", "--password", "another-horse", "--json"});
  auto m = join(mediator_);
  auto a = join(party_a_);
  expect_ack(act(*m, "mediator.add", {{"login", "qian"}}));
  auto added = event_of_kind(*m, "mediator.added");
  EXPECT_EQ(added["body"]["org"], "上城区人民调解委员会");
  const std::string qian_id = added["body"]["participant"]["id"];
  expect_refused(act(*m, "mediator.add", {{"login", "nobody"}}), "unknown_participant");

  // The assisting mediator sees the case in their list and joins with their own login.
  auto login = api("POST", "/api/login", {{"login", "qian"}, {"password", "another-horse"}});
  Person qian{qian_id, login.set_cookie, ""};
  auto list = api("GET", "/api/rooms", nullptr, qian.cookie).json_body();
  ASSERT_EQ(list["cases"].size(), 1u);
  EXPECT_EQ(list["cases"][0]["room"]["id"], room_);
  auto q = join(qian);

  expect_ack(act(*a, "recusal.request",
                 {{"mediator", mediator_.participant}, {"reason", "调解员与被申请人相识"}}));
  auto request = event_of_kind(*q, "recusal.requested");
  expect_refused(act(*m, "recusal.decide",
                     {{"request", request["seq"]},
                      {"granted", true},
                      {"reason", "r"},
                      {"replacement", qian_id}}),
                 "procedure", "recusal_subject");
  expect_ack(act(*q, "recusal.decide",
                 {{"request", request["seq"]},
                  {"granted", true},
                  {"reason", "确有相识"},
                  {"replacement", qian_id}}));
  // The recused mediator's connection ends; the replacement presides.
  EXPECT_EQ(m->wait_close(5s), 4001);
  for (;;) {
    auto c = a->next_of_type("case", 5s);
    if (c["case"]["presiding"] == qian_id) break;
  }
  EXPECT_EQ(api("GET", "/api/rooms", nullptr, mediator_.cookie).json_body()["cases"].size(), 0u);
  EXPECT_EQ(api("GET", "/api/rooms/" + room_, nullptr, mediator_.cookie).status, 404);
  EXPECT_EQ(refused_upgrade(*tls_, server_->port(), ws_path(), mediator_.cookie).status, 401);
  // The replacement moves the case on.
  expect_ack(act(*q, "disclosure.make", {{"conflict", false}, {"statement", "无利害关系"}}));
  expect_ack(act(*q, "phase.advance", {{"to", "notice"}}));
}

TEST_F(Procedure, NoOneStepsOutsideTheirRole) {
  auto m = join(mediator_);
  auto a = join(party_a_);
  auto adv = join(advisor_);
  auto obs = join(observer_);
  // A party cannot move the case, nor can an advisor or an observer.
  expect_refused(act(*a, "phase.advance", {{"to", "notice"}}), "forbidden");
  expect_refused(act(*adv, "phase.advance", {{"to", "notice"}}), "forbidden");
  expect_refused(act(*obs, "case.suspend", {{"reason", "x"}}), "forbidden");
  // An advisor never signs or confirms, and reads no caucus: not even by asking for a proof.
  expect_refused(
      act(*adv, "facts.confirm",
          {{"entry", "e1"}, {"version", 1}, {"sha256", std::string(64, 'a')}, {"confirm", true}}),
      "forbidden");
  m->send({{"type", "send"}, {"id", "c"}, {"channel", "caucus:A"}, {"text", "只给申请人"}});
  const auto seq = m->next_of_type("ack")["seq"].get<std::int64_t>();
  adv->send({{"type", "proof"}, {"id", "p"}, {"seq", seq}, {"size", seq + 1}});
  auto refused = adv->next_of_type("error");
  EXPECT_EQ(refused["code"], "forbidden");
  EXPECT_EQ(refused["ref"], "p");
  // The advisor explains the law only once brought into the joint room.
  json card = {
      {"law", "《劳动合同法》"}, {"article", "第三十条"}, {"explanation", "工资应当按时足额支付"}};
  expect_refused(act(*adv, "law.explain", card), "forbidden");
  m->send({{"type", "advisor"},
           {"id", "in"},
           {"participant", advisor_.participant},
           {"in_main", true}});
  adv->next_of_type("access");
  expect_ack(act(*adv, "law.explain", card));
  auto explained = event_of_kind(*a, "legal.explained");
  EXPECT_EQ(explained["body"]["article"], "第三十条");
  // Malformed args are refused as bad frames, naming the member.
  auto bad = act(*m, "identity.check",
                 {{"participant", party_a_.participant}, {"method", "guess"}, {"document", "1"}});
  expect_refused(bad, "bad_frame");
  EXPECT_NE(bad["message"].get<std::string>().find("method"), std::string::npos);
  expect_refused(act(*m, "no.such.act", json::object()), "bad_frame");
}

TEST_F(Procedure, TheCaseListShowsPhaseDeadlinesAndParties) {
  auto m = join(mediator_);
  expect_ack(act(*m, "disclosure.make", {{"conflict", false}, {"statement", "无"}}));
  expect_ack(act(*m, "phase.advance", {{"to", "notice"}}));
  // The summary goes through the store's writer after the ack: wait for the list to show it.
  json row;
  for (int i = 0; i < 50; ++i) {
    row = api("GET", "/api/rooms", nullptr, mediator_.cookie).json_body()["cases"][0];
    if (row["case"]["phase"] == "notice") break;
    m->next(100ms);  // a bounded wait on the socket, not a sleep
  }
  EXPECT_EQ(row["case"]["phase"], "notice");
  EXPECT_EQ(row["room"]["field"], "劳动社保");
  EXPECT_EQ(row["parties"].size(), 2u);
  EXPECT_GT(row["last_activity"].get<std::int64_t>(), 0);
  EXPECT_TRUE(row["case"]["confirmation_due"].is_null());
}

}  // namespace
}  // namespace mr::test
