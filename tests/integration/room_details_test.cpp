// What PROTOCOL.md §3-§4 once left vague, as the server now does it (issue 12 item 11): whom an
// advisor in consult is told of, and by name; where an advisor's departure is recorded; the
// frames after caught_up; typing never echoed.
#include "room_fixture.hpp"

namespace mr::test {
namespace {

// Departures at once; a checkpoint after every event, so one is always there to be sent.
class RoomDetails : public RoomFixture {
 protected:
  std::vector<std::string> serve_options() const override {
    return {"--leave-grace", "0", "--checkpoint-every", "1"};
  }
  static json person_in(const json& list, const std::string& id) {
    for (const auto& p : list)
      if (p["id"] == id) return p;
    return nullptr;
  }
  // Everything the room sent `ws` before now has arrived once the answer to this is in.
  static void sync(WsClient& ws, const std::string& id) {
    ws.send({{"type", "checkpoint"}, {"id", id}});
    for (;;) {
      auto f = ws.next().value();
      if ((f["type"] == "checkpoint" && f.value("id", "") == id) ||
          (f["type"] == "error" && f["ref"] == id))
        return;
    }
  }
};

// The advisor reads no `main` event, so neither room.created nor the mediator's arrival names the
// mediator to it: welcome.people and presence must (the browser showed "参与人 3d07c1d8a7d4").
TEST_F(RoomDetails, AnAdvisorInConsultIsToldTheMediatorByName) {
  auto m = join(mediator_);
  std::vector<json> replay;
  auto adv = join(advisor_, &replay);
  const auto& welcome = replay.front();
  ASSERT_EQ(welcome["type"], "welcome");
  for (const auto& e : events_in(replay)) EXPECT_EQ(e["header"]["channel"], "consult") << e;
  const auto mediator = person_in(welcome["people"], mediator_.participant);
  ASSERT_TRUE(mediator.is_object()) << welcome["people"];
  EXPECT_EQ(mediator["name"], "张三");
  EXPECT_EQ(mediator["role"], "mediator");
  // Parties are named too; the observer is not the advisor's to know of.
  EXPECT_EQ(person_in(welcome["people"], party_a_.participant)["name"], "李四");
  EXPECT_TRUE(person_in(welcome["people"], observer_.participant).is_null());

  m->send(send_frame("m-1", "consult", "请问工资拖欠的法律依据？"));
  EXPECT_EQ(event_with_text(*adv, "请问工资拖欠的法律依据？")["header"]["actor"],
            mediator_.participant);
  sync(*adv, "sync");
  json presence;
  for (const auto& f : adv->received())
    if (f["type"] == "presence") presence = f;
  ASSERT_TRUE(presence.is_object());
  EXPECT_EQ(person_in(presence["online"], mediator_.participant)["name"], "张三");
}

// PROTOCOL.md §4: an advisor who joined in consult, was brought into main and left from there is
// recorded leaving in main, where the others saw them.
TEST_F(RoomDetails, AnAdvisorWhoLeavesFromMainIsRecordedLeavingInMain) {
  auto m = join(mediator_);
  auto a = join(party_a_);
  auto adv = join(advisor_);
  json joined;
  do joined = m->next_of_type("event");
  while (joined["header"]["kind"] != "participant.joined" ||
         joined["body"]["participant"]["id"] != advisor_.participant);
  EXPECT_EQ(joined["header"]["channel"], "consult");
  m->send({{"type", "advisor"},
           {"id", "in"},
           {"participant", advisor_.participant},
           {"in_main", true}});
  EXPECT_EQ(m->next_of_type("ack")["id"], "in");
  adv.reset();
  json left;
  do left = a->next_of_type("event");
  while (left["header"]["kind"] != "participant.left");
  EXPECT_EQ(left["body"]["participant"], advisor_.participant);
  EXPECT_EQ(left["header"]["channel"], "main");
}

// PROTOCOL.md §3: caught_up, then presence, then the latest checkpoint, then live frames (the
// person's own arrival among them).
TEST_F(RoomDetails, AfterCaughtUpComePresenceThenTheLatestCheckpointThenLiveFrames) {
  auto m = join(mediator_);
  m->send(send_frame("m-1", "main", "开始"));
  m->next_of_type("checkpoint");  // one is signed after every event
  auto a = connect(party_a_);
  auto replay = hello(*a);
  ASSERT_EQ(replay.back()["type"], "caught_up");
  EXPECT_EQ(a->next().value()["type"], "presence");
  EXPECT_EQ(a->next().value()["type"], "checkpoint");
  json own;
  do own = a->next_of_type("event");
  while (own["header"]["kind"] != "participant.joined");
  EXPECT_EQ(own["body"]["participant"]["id"], party_a_.participant);
}

// PROTOCOL.md §4: typing is never echoed, to the connection that sent it nor to the same
// person's other connections.
TEST_F(RoomDetails, TypingIsNeverEchoedToTheSendersConnections) {
  auto m1 = join(mediator_);
  auto m2 = join(mediator_);
  auto a = join(party_a_);
  m1->send({{"type", "typing"}, {"channel", "main"}});
  EXPECT_EQ(a->next_of_type("typing")["participant"], mediator_.participant);
  sync(*m1, "s1");
  sync(*m2, "s2");
  for (const auto* ws : {m1.get(), m2.get()})
    for (const auto& f : ws->received()) EXPECT_NE(f["type"], "typing") << f;
}

}  // namespace
}  // namespace mr::test
