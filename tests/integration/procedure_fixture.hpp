#pragma once
// A room fixture that speaks the procedure (PROTOCOL.md §6-7): acts and their answers, events by
// kind, the case's phase, and the ordinary way to mediation.
#include "room_fixture.hpp"

namespace mr::test {

class ProcedureFixture : public RoomFixture {
 protected:
  // Sends an act and answers the ack or the error that answers it.
  json act(WsClient& ws, const std::string& action, json args) {
    const auto id = "act-" + std::to_string(++acts_);
    ws.send({{"type", "act"}, {"id", id}, {"action", action}, {"args", std::move(args)}});
    for (;;) {
      auto f = ws.next(5s);
      if (!f) throw std::runtime_error("no answer to " + action);
      if ((f->value("type", "") == "ack" && f->value("id", "") == id) ||
          (f->value("type", "") == "error" && f->value("ref", json()) == id))
        return *f;
    }
  }
  static void expect_ack(const json& answer) {
    EXPECT_EQ(answer.value("type", ""), "ack") << answer.dump();
  }
  static void expect_refused(const json& answer, const std::string& code,
                             const std::string& rule = {}) {
    EXPECT_EQ(answer.value("type", ""), "error") << answer.dump();
    EXPECT_EQ(answer.value("code", ""), code) << answer.dump();
    if (!rule.empty()) {
      EXPECT_EQ(answer.value("rule", ""), rule) << answer.dump();
    }
  }
  json notice(const Person& who, const std::string& lang = "zh-CN") {
    return api("GET", "/r/" + room_ + "/api/notice?lang=" + lang, nullptr, who.cookie).json_body();
  }
  // The latest event of `kind` the client has received, reading on until one comes.
  static json event_of_kind(WsClient& ws, const std::string& kind) {
    for (auto it = ws.received().rbegin(); it != ws.received().rend(); ++it)
      if ((*it)["type"] == "event" && (*it)["header"]["kind"] == kind) return *it;
    for (;;)
      if (auto e = ws.next_of_type("event"); e["header"]["kind"] == kind) return e;
  }
  // Reads case frames until one says `phase`.
  static void wait_phase(WsClient& ws, const std::string& phase) {
    for (;;)
      if (ws.next_of_type("case", 5s)["case"]["phase"] == phase) return;
  }
  void check_identity(WsClient& m, const Person& who) {
    expect_ack(act(m, "identity.check",
                   {{"participant", who.participant},
                    {"method", "id_card_video"},
                    {"document", "330102199001011234"}}));
  }
  // Disclosure, notice acknowledged by both parties, mediation.
  void to_mediation(WsClient& m, WsClient& a, WsClient& b) {
    expect_ack(
        act(m, "disclosure.make", {{"conflict", false}, {"statement", "与双方均无利害关系"}}));
    expect_ack(act(m, "phase.advance", {{"to", "notice"}}));
    for (auto* ws : {&a, &b})
      expect_ack(act(*ws, "notice.acknowledge",
                     {{"language", "zh-CN"}, {"text_sha256", notice(party_a_)["sha256"]}}));
    expect_ack(act(m, "phase.advance", {{"to", "mediation"}}));
  }
  int acts_ = 0;
};

}  // namespace mr::test
