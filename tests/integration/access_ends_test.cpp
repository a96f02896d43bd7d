// Access ends when it ends (issue 12, items 1–3, 5, 7): a revocation by the CLI, the expiry of a
// session and a logout each close the live connections they covered with 4001 at once; one person
// or one address holds a bounded number of connections; typing notices are throttled by the
// server, whatever the client sends.
#include <SQLiteCpp/Database.h>

#include "record/event.hpp"
#include "room_fixture.hpp"

namespace mr::test {
namespace {

class AccessEnds : public RoomFixture {
 protected:
  // Moves the end of `who`'s sessions to `ms_from_now`, as the passing of time would bring it
  // nearer (the shortest invite lasts an hour).
  void end_sessions_of_invite_in(const std::string& invite, std::int64_t ms_from_now) {
    SQLite::Database db((dir_ / "mediation.db").string(), SQLite::OPEN_READWRITE);
    db.setBusyTimeout(5000);
    const auto when = std::to_string(record::now_ms() + ms_from_now);
    db.exec("UPDATE invites SET expires_ms = " + when + " WHERE id = '" + invite + "'");
    db.exec("UPDATE sessions SET expires_ms = " + when + " WHERE invite = '" + invite + "'");
  }
};

TEST_F(AccessEnds, RevokingWithTheCliClosesThePersonsLiveConnections) {
  auto m = join(mediator_);
  auto phone = join(party_a_);
  auto computer = join(party_a_);
  auto out = run_cli({"invite", "revoke", party_a_.invite, "--data", dir_.string(), "--json"});
  EXPECT_EQ(json::parse(out)["connections_closed"], 2) << out;
  EXPECT_EQ(phone->wait_close(), 4001);
  EXPECT_EQ(computer->wait_close(), 4001);
  // Nothing more of `main` reaches them, and the others stay.
  m->send(send_frame("after", "main", "撤销之后"));
  EXPECT_EQ(m->next_of_type("ack")["id"], "after");
  EXPECT_FALSE(m->closed());
}

TEST_F(AccessEnds, RevokingWithTheCliBeforeHelloClosesTheConnectionToo) {
  auto a = connect(party_a_);  // upgraded, no hello yet
  run_cli({"invite", "revoke", party_a_.invite, "--data", dir_.string()});
  EXPECT_EQ(a->wait_close(), 4001);
}

TEST_F(AccessEnds, AnExpiringSessionClosesItsOpenConnectionWhenItEnds) {
  end_sessions_of_invite_in(party_a_.invite, 1500);
  auto a = join(party_a_);
  auto b = join(party_b_);
  // No frame is needed: the end comes by itself.
  EXPECT_EQ(a->wait_close(10s), 4001);
  EXPECT_FALSE(b->closed());
  b->send(send_frame("still", "main", "乙方还在"));
  EXPECT_EQ(b->next_of_type("ack")["id"], "still");
}

// The mediator's login session (12 hours) ends its connections when it ends, too.
TEST_F(AccessEnds, AnExpiringMediatorSessionClosesItsOpenConnectionWhenItEnds) {
  {
    SQLite::Database db((dir_ / "mediation.db").string(), SQLite::OPEN_READWRITE);
    db.setBusyTimeout(5000);
    db.exec("UPDATE sessions SET expires_ms = " + std::to_string(record::now_ms() + 1500) +
            " WHERE mediator IS NOT NULL");
  }
  auto m = join(mediator_);
  auto a = join(party_a_);
  EXPECT_EQ(m->wait_close(10s), 4001);
  EXPECT_FALSE(a->closed());
  EXPECT_EQ(api("GET", "/api/me", nullptr, mediator_.cookie).status, 401);
}

TEST_F(AccessEnds, LoggingOutClosesEveryConnectionOfThatSessionAndNoOther) {
  auto console = join(mediator_);
  auto second_tab = join(mediator_);
  auto other_login = api("POST", "/api/login", {{"login", "m1"}, {"password", "correct-horse"}});
  ASSERT_EQ(other_login.status, 200);
  auto other_device = join(Person{mediator_.participant, other_login.set_cookie, ""});
  ASSERT_EQ(api("POST", "/api/logout", nullptr, mediator_.cookie, own_origin()).status, 204);
  EXPECT_EQ(console->wait_close(), 4001);
  EXPECT_EQ(second_tab->wait_close(), 4001);
  // The same mediator logged in elsewhere keeps that session.
  other_device->send(send_frame("elsewhere", "caucus:A", "另一台设备"));
  EXPECT_EQ(other_device->next_of_type("ack")["id"], "elsewhere");
}

class ConnectionCaps : public RoomFixture {
 protected:
  std::vector<std::string> serve_options() const override {
    return {"--max-connections-per-participant", "2", "--max-connections-per-address", "4"};
  }
};

TEST_F(ConnectionCaps, APersonOverTheirLimitIsClosedWith4029AndTheOthersStay) {
  auto first = join(party_a_);
  auto second = join(party_a_);
  auto third = connect(party_a_);
  EXPECT_EQ(third->wait_close(), 4029);
  // A slot comes free when one closes.
  first.reset();
  ASSERT_TRUE(server_->wait_for_log(
      "websocket closed room=" + room_ + " participant=" + party_a_.participant, 1, 5s));
  auto again = join(party_a_);
  again->send(send_frame("back", "main", "回来了"));
  EXPECT_EQ(again->next_of_type("ack")["id"], "back");
}

TEST_F(ConnectionCaps, AnAddressOverItsLimitIsClosedWith4029) {
  auto m = join(mediator_);
  auto a = join(party_a_);
  auto b = join(party_b_);
  auto o = join(observer_);
  auto fifth = connect(advisor_);
  EXPECT_EQ(fifth->wait_close(), 4029);
  EXPECT_TRUE(server_->wait_for_log("too many connections", 1, 5s));
}

// PROTOCOL.md §4: at most one typing notice per channel every 2 s per connection.
TEST_F(AccessEnds, TypingNoticesAreThrottledByTheServer) {
  auto m = join(mediator_);
  auto a = join(party_a_);
  for (int i = 0; i < 10; ++i) a->send({{"type", "typing"}, {"channel", "main"}});
  a->send(send_frame("mark", "main", "标记"));
  event_with_text(*m, "标记");  // every notice passed on reached m before this
  int typing = 0;
  for (const auto& f : m->received()) typing += f["type"] == "typing";
  EXPECT_EQ(typing, 1);
}

}  // namespace
}  // namespace mr::test
