// A mediator and two parties chat over real TLS WebSockets; each sees exactly what it may.
#include "room_fixture.hpp"

namespace mr::test {
namespace {

class Chat : public RoomFixture {};

// Departures recorded at once instead of after the reconnect grace.
class Departures : public RoomFixture {
  std::vector<std::string> serve_options() const override { return {"--leave-grace", "0"}; }
};

// A reload within the grace: the others see no departure and no new arrival.
class Reconnects : public RoomFixture {
  std::vector<std::string> serve_options() const override { return {"--leave-grace", "30"}; }
};

bool mentions(const std::vector<json>& frames, const std::string& needle) {
  for (const auto& f : frames)
    if (f.dump().find(needle) != std::string::npos) return true;
  return false;
}

TEST_F(Chat, WelcomeNamesTheRoleAndChannels) {
  auto a = connect(party_a_);
  a->send({{"type", "hello"}});
  auto welcome = a->next_of_type("welcome");
  EXPECT_EQ(welcome["you"]["role"], "party");
  EXPECT_EQ(welcome["you"]["side"], "A");
  EXPECT_EQ(welcome["read"], json({"main", "caucus:A"}));
  EXPECT_EQ(welcome["write"], json({"main", "caucus:A"}));
  EXPECT_EQ(welcome["room"]["id"], room_);
  EXPECT_EQ(welcome["head"], 0);  // only room.created is committed yet
  EXPECT_EQ(welcome["epoch"], 1);
  EXPECT_EQ(welcome["reset"], false);
  // The documented defaults (PROTOCOL.md §5).
  EXPECT_EQ(welcome["limits"],
            json({{"max_frame", 65536}, {"max_text", 4000}, {"rate", 20}, {"burst", 40}}));
  auto replay = a->next_of_type("event");
  EXPECT_EQ(replay["seq"], 0);
  EXPECT_EQ(replay["header"]["kind"], "room.created");
  EXPECT_EQ(replay["body"]["title"], "劳动报酬纠纷");
}

TEST_F(Chat, EveryoneInMainSeesEachMessageAfterTheSendersAck) {
  auto m = join(mediator_);
  auto a = join(party_a_);
  auto b = join(party_b_);

  a->send(send_frame("a-1", "main", "我要求支付拖欠的工资"));
  auto ack = a->next_of_type("ack");
  EXPECT_EQ(ack["id"], "a-1");
  EXPECT_EQ(ack["duplicate"], false);
  // The sender's own copy of the event came before its ack.
  auto own = std::find_if(a->received().begin(), a->received().end(), [](const json& f) {
    return f["type"] == "event" && f["body"].value("text", "") == "我要求支付拖欠的工资";
  });
  ASSERT_NE(own, a->received().end());
  EXPECT_EQ((*own)["seq"], ack["seq"]);
  for (auto* ws : {m.get(), b.get()}) {
    auto e = event_with_text(*ws, "我要求支付拖欠的工资");
    EXPECT_EQ(e["seq"], ack["seq"]);
    EXPECT_EQ(e["header"]["actor"], party_a_.participant);
    EXPECT_EQ(e["header"]["channel"], "main");
  }
}

TEST_F(Chat, APartyNeverReceivesTheOtherSidesCaucus) {
  auto m = join(mediator_);
  auto a = join(party_a_);
  auto b = join(party_b_);

  m->send(send_frame("m-1", "caucus:A", "背对背：您的底线是多少？"));
  event_with_text(*a, "背对背：您的底线是多少？");
  a->send(send_frame("a-1", "caucus:A", "最低八千元"));
  event_with_text(*m, "最低八千元");
  // A later message in main reaches B; had the caucus leaked, B would have got it first.
  m->send(send_frame("m-2", "main", "现在开始联合调解"));
  event_with_text(*b, "现在开始联合调解");
  EXPECT_FALSE(mentions(b->received(), "caucus:A"));
  EXPECT_FALSE(mentions(b->received(), "最低八千元"));
  EXPECT_FALSE(mentions(b->received(), "您的底线"));

  // And a late joiner on side B gets none of it in the replay either.
  std::vector<json> replay;
  auto b2 = join(party_b_, &replay);
  EXPECT_FALSE(mentions(replay, "caucus:A"));
  EXPECT_TRUE(mentions(replay, "现在开始联合调解"));
}

TEST_F(Chat, AdvisorsConsultWithMediatorsOnly) {
  auto m = join(mediator_);
  auto adv = join(advisor_);
  auto a = join(party_a_);
  adv->send(send_frame("adv-1", "consult", "依据劳动合同法第三十条"));
  event_with_text(*m, "依据劳动合同法第三十条");
  adv->send(send_frame("adv-2", "main", "我想直接对当事人说"));
  auto refused = adv->next_of_type("error");
  EXPECT_EQ(refused["code"], "forbidden_channel");
  EXPECT_EQ(refused["ref"], "adv-2");
  m->send(send_frame("m-1", "main", "请双方陈述"));
  event_with_text(*a, "请双方陈述");
  EXPECT_FALSE(mentions(a->received(), "劳动合同法"));
  EXPECT_FALSE(mentions(a->received(), advisor_.participant));  // not even their presence
}

TEST_F(Chat, AMediatorBringsAnAdvisorIntoTheJointRoomAndOutAgain) {
  auto m = join(mediator_);
  auto a = join(party_a_);
  m->send(send_frame("m-0", "main", "引入前的陈述"));
  m->next_of_type("ack");
  event_with_text(*a, "引入前的陈述");
  auto adv = join(advisor_);

  // A party cannot do it.
  a->send(
      {{"type", "advisor"}, {"id", "x"}, {"participant", advisor_.participant}, {"in_main", true}});
  EXPECT_EQ(a->next_of_type("error")["code"], "forbidden");

  m->send({{"type", "advisor"},
           {"id", "in-1"},
           {"participant", advisor_.participant},
           {"in_main", true}});
  EXPECT_EQ(m->next_of_type("ack")["id"], "in-1");
  auto access = adv->next_of_type("access");
  EXPECT_EQ(access["write"], json({"main", "consult"}));
  adv->send(send_frame("adv-1", "main", "根据劳动合同法，工资应按时足额支付"));
  event_with_text(*a, "根据劳动合同法，工资应按时足额支付");
  // The party now sees the advisor among those present (announced before the advisor spoke).
  bool shown = false;
  for (const auto& f : a->received())
    shown = shown ||
            (f["type"] == "presence" && f.dump().find(advisor_.participant) != std::string::npos);
  EXPECT_TRUE(shown);
  // The advisor did not get the joint room's history from before.
  EXPECT_FALSE(mentions(adv->received(), "引入前的陈述"));

  m->send({{"type", "advisor"},
           {"id", "out-1"},
           {"participant", advisor_.participant},
           {"in_main", false}});
  EXPECT_EQ(adv->next_of_type("access")["write"], json({"consult"}));
  adv->send(send_frame("adv-2", "main", "送出后不能再说"));
  EXPECT_EQ(adv->next_of_type("error")["code"], "forbidden_channel");
}

TEST_F(Chat, ObserversReadMainButCannotWrite) {
  auto obs = join(observer_);
  obs->send(send_frame("o-1", "main", "我能发言吗"));
  auto refused = obs->next_of_type("error");
  EXPECT_EQ(refused["code"], "forbidden_channel");
  auto m = join(mediator_);
  m->send(send_frame("m-1", "main", "旁听人请保持安静"));
  event_with_text(*obs, "旁听人请保持安静");
}

TEST_F(Departures, PresenceShowsWhoIsOnline) {
  auto m = join(mediator_);
  auto a = join(party_a_);
  // The mediator learns of A's arrival from a presence frame and a recorded join event.
  json presence;
  do {
    presence = m->next_of_type("presence");
  } while (presence["online"].size() < 2);
  std::set<std::string> ids;
  for (const auto& p : presence["online"]) ids.insert(p["id"]);
  EXPECT_TRUE(ids.count(party_a_.participant));
  EXPECT_TRUE(ids.count(mediator_.participant));
  a.reset();  // A's connection goes away
  do {
    presence = m->next_of_type("presence");
  } while (presence["online"].size() != 1);
  EXPECT_EQ(presence["online"][0]["id"], mediator_.participant);
}

TEST_F(Reconnects, AReloadWithinTheGraceIsNeitherADepartureNorAnArrival) {
  auto m = join(mediator_);
  auto a = join(party_a_);
  a.reset();  // the page reloads
  a = join(party_a_);
  a->send(send_frame("a-1", "main", "我回来了"));
  event_with_text(*m, "我回来了");
  int joined = 0, left = 0;
  for (const auto& f : m->received()) {
    if (f["type"] != "event" || f["header"]["actor"] != party_a_.participant) continue;
    joined += f["header"]["kind"] == "participant.joined";
    left += f["header"]["kind"] == "participant.left";
  }
  EXPECT_EQ(joined, 1);
  EXPECT_EQ(left, 0);
}

TEST_F(Chat, TypingReachesReadersOfTheChannelOnly) {
  auto m = join(mediator_);
  auto a = join(party_a_);
  auto b = join(party_b_);
  a->send({{"type", "typing"}, {"channel", "caucus:A"}});
  auto typing = m->next_of_type("typing");
  EXPECT_EQ(typing["participant"], party_a_.participant);
  EXPECT_EQ(typing["channel"], "caucus:A");
  m->send(send_frame("m-1", "main", "继续"));
  event_with_text(*b, "继续");
  for (const auto& f : b->received()) EXPECT_NE(f["type"], "typing");
}

// The seq the next event gets, learnt by sending one: nothing else was recorded in between.
std::int64_t seq_of_next_message(WsClient& ws, const std::string& id) {
  ws.send(send_frame(id, "main", "标记 " + id));
  return ws.next_of_type("ack")["seq"];
}

TEST_F(Chat, AnAdvisorFrameNamingNoAdvisorOfTheRoomIsRefusedAndRecordsNothing) {
  auto m = join(mediator_);
  auto adv = join(advisor_);
  const auto before = seq_of_next_message(*m, "mark-1");
  for (const auto& who : {party_a_.participant, std::string("000000000000")}) {
    m->send({{"type", "advisor"}, {"id", "in-" + who}, {"participant", who}, {"in_main", true}});
    auto refused = m->next_of_type("error");
    EXPECT_EQ(refused["code"], "unknown_participant") << who;
    EXPECT_EQ(refused["ref"], "in-" + who);
  }
  // Sending out an advisor who is not in the joint room changes nothing either.
  m->send({{"type", "advisor"},
           {"id", "out-1"},
           {"participant", advisor_.participant},
           {"in_main", false}});
  EXPECT_EQ(m->next_of_type("error")["code"], "unchanged");
  EXPECT_EQ(seq_of_next_message(*m, "mark-2"), before + 1);
}

// PROTOCOL.md §4: typing is "not recorded".
TEST_F(Chat, TypingIsNotRecorded) {
  auto m = join(mediator_);
  auto a = join(party_a_);
  const auto before = seq_of_next_message(*m, "mark-1");
  a->send({{"type", "typing"}, {"channel", "main"}});
  EXPECT_EQ(m->next_of_type("typing")["participant"], party_a_.participant);
  EXPECT_EQ(seq_of_next_message(*m, "mark-2"), before + 1);
}

// The same invite on a phone and a computer: one person, present while either is connected.
TEST_F(Departures, OnePersonOnTwoDevicesJoinsOnceAndLeavesWithTheLastConnection) {
  auto m = join(mediator_);
  auto kind_count = [&](const std::string& kind, std::size_t from = 0) {
    int n = 0;
    const auto& frames = m->received();
    for (std::size_t i = from; i < frames.size(); ++i)
      n += frames[i]["type"] == "event" && frames[i]["header"]["kind"] == kind &&
           frames[i]["header"]["actor"] == party_a_.participant;
    return n;
  };
  auto phone = join(party_a_);
  auto computer = join(party_a_);
  seq_of_next_message(*m, "mark-1");  // every event of the two joins has reached m by now
  EXPECT_EQ(kind_count("participant.joined"), 1);

  const auto mark = m->received().size();
  phone.reset();
  // No client is told that one of two devices went; the server's log is the only sign. The
  // session hands the close to the room as it logs it, before mark-2 can reach the room.
  ASSERT_TRUE(server_->wait_for_log(
      "websocket closed room=" + room_ + " participant=" + party_a_.participant, 1, 5s));
  seq_of_next_message(*m, "mark-2");
  EXPECT_EQ(kind_count("participant.left", mark), 0) << "left while still on the computer";

  computer.reset();
  for (;;) {
    auto e = m->next_of_type("event");
    if (e["header"]["kind"] == "participant.left") {
      EXPECT_EQ(e["body"]["participant"], party_a_.participant);
      break;
    }
  }
}

// PROTOCOL.md §4: frames that queue up for a connection go out joined, one per line, in
// messages of at most 64 KiB. A replay queues many at once.
TEST_F(Chat, QueuedFramesAreJoinedIntoMessagesOfAtMost64KiB) {
  auto m = join(mediator_);
  std::string text;
  for (int i = 0; i < 4000; ++i) text += "长";  // 12 000 bytes
  for (int i = 0; i < 30; ++i) m->send(send_frame("long-" + std::to_string(i), "main", text));
  for (int i = 0; i < 30; ++i) m->next_of_type("ack");

  auto b = connect(party_b_);
  const auto replay = hello(*b);
  std::size_t joined = 0, frames = 0;
  for (const auto& message : b->messages()) {
    const auto parts = std::count(message.begin(), message.end(), '\n') + 1;
    frames += parts;
    if (parts > 1) {
      ++joined;
      EXPECT_LE(message.size(), 65536u);
    }
  }
  EXPECT_GT(joined, 0u);
  EXPECT_EQ(frames, b->received().size());
  // The replay up to caught_up: room.created, m's join, 30 messages. (B's own join may already
  // have come in the same message as caught_up.)
  EXPECT_EQ(events_in(replay).size(), 32u);
}

}  // namespace
}  // namespace mr::test
