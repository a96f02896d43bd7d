// How the server ends connections it cannot keep (PROTOCOL.md §4, close codes): 1001 when it
// stops, and 1011 with `unavailable` when the store fails, after which nothing was recorded.
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

TEST_F(CloseCodes, AStoreFailureEndsTheRoomsConnectionsWith1011AndRecordsNothing) {
  auto m = join(mediator_);
  auto a = join(party_a_);
  {
    BrokenStore broken(dir_);
    a->send(send_frame("lost-1", "main", "这条未能记录"));
    auto error = a->next_of_type("error");
    EXPECT_EQ(error["code"], "unavailable");
    EXPECT_EQ(a->wait_close(), 1011);
    EXPECT_EQ(m->next_of_type("error")["code"], "unavailable");
    EXPECT_EQ(m->wait_close(), 1011);
    for (const auto& f : a->received()) EXPECT_NE(f["type"], "ack") << f;
  }
  // Once the store works again the room reloads from what it really holds.
  std::vector<json> replay;
  auto again = join(mediator_, &replay);
  for (const auto& e : events_in(replay)) EXPECT_NE(e["body"].value("text", ""), "这条未能记录");
  again->send(send_frame("after", "main", "恢复后"));
  EXPECT_EQ(again->next_of_type("ack")["id"], "after");
}

}  // namespace
}  // namespace mr::test
