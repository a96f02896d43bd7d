// How the server ends or keeps connections it cannot serve (PROTOCOL.md §3, §4): 1001 when it
// stops; a refused write answered `unavailable` on a connection that stays open.
#include <SQLiteCpp/Database.h>
#include <signal.h>

#include "room_fixture.hpp"

namespace mr::test {
namespace {

class CloseCodes : public RoomFixture {
 protected:
  // A store that refuses every new event, as a full disk would; undone by the destructor.
  struct BrokenStore {
    explicit BrokenStore(const std::filesystem::path& dir)
        : db((dir / "mediation.db").string(), SQLite::OPEN_READWRITE) {
      db.setBusyTimeout(5000);
      db.exec(
          "CREATE TRIGGER test_store_full BEFORE INSERT ON events "
          "BEGIN SELECT RAISE(ABORT, 'database or disk is full (test)'); END");
    }
    ~BrokenStore() { db.exec("DROP TRIGGER test_store_full"); }
    SQLite::Database db;
  };
};

TEST_F(CloseCodes, EveryoneIsToldWith1001WhenTheServerStops) {
  auto m = join(mediator_);
  auto a = join(party_a_);
  kill(server_->pid(), SIGTERM);
  EXPECT_EQ(m->wait_close(), 1001);
  EXPECT_EQ(a->wait_close(), 1001);
  EXPECT_EQ(server_->stop(), 0);
}

// Clients that never answer the close frame do not keep the server's rooms and connections alive
// past its end: under LeakSanitizer (the sanitizer build) a leak would make the exit status fail.
TEST_F(CloseCodes, AServerStoppedWhileClientsNeverAnswerExitsCleanly) {
  auto m = join(mediator_);
  auto a = join(party_a_);
  auto b = join(party_b_);
  EXPECT_EQ(server_->stop(), 0);
  EXPECT_TRUE(m->hung_up(5s));
}

// PROTOCOL.md §3: a write the store refuses is answered `unavailable` and nothing is recorded;
// the connection stays, and once the store takes writes again a retry is recorded once.
TEST_F(CloseCodes, AWriteTheStoreRefusesIsAnsweredUnavailableAndRecordsNothing) {
  auto m = join(mediator_);
  auto a = join(party_a_);
  {
    BrokenStore broken(dir_);
    a->send(send_frame("lost-1", "main", "这条未能记录"));
    auto error = a->next_of_type("error");
    EXPECT_EQ(error["code"], "unavailable");
    EXPECT_EQ(error["ref"], "lost-1");
  }
  a->send(send_frame("lost-1", "main", "这条未能记录"));  // the client's retry
  auto ack = a->next_of_type("ack");
  EXPECT_EQ(ack["duplicate"], false);
  EXPECT_EQ(event_with_text(*m, "这条未能记录")["seq"], ack["seq"]);
  EXPECT_FALSE(a->closed());
  EXPECT_FALSE(m->closed());
  // Recorded exactly once, and no acknowledgement was given for the refused attempt.
  std::vector<json> replay;
  join(mediator_, &replay);
  int copies = 0;
  for (const auto& e : events_in(replay)) copies += e["body"].value("text", "") == "这条未能记录";
  EXPECT_EQ(copies, 1);
  int acks = 0;
  for (const auto& f : a->received()) acks += f["type"] == "ack";
  EXPECT_EQ(acks, 1);
}

}  // namespace
}  // namespace mr::test
