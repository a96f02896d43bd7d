// The SQLite store on real files: group commit from one writer, one room's fault kept to that
// room, reads through the pool, the catalog, and a read-only store.
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <future>

#include "crypto/random.hpp"
#include "store/sqlite/connection.hpp"
#include "store/store.hpp"

namespace mr::store {
namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("mr-store-" + crypto::random_hex(4));
    store_ = open_sqlite_store(dir_);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  static StoredEvent event(const std::string& room, std::int64_t seq,
                           std::string channel = "main") {
    return {room,
            seq,
            1000 + seq,
            "actor",
            "message",
            std::move(channel),
            "c" + std::to_string(seq),
            "{\"seq\":" + std::to_string(seq) + "}",
            "{}"};
  }
  // Queues an append and answers a future for its outcome.
  std::future<std::error_code> append(std::uint64_t stream, StoredEvent e) {
    auto p = std::make_shared<std::promise<std::error_code>>();
    auto f = p->get_future();
    store_->append(stream, std::move(e), [p](std::error_code ec) { p->set_value(ec); });
    return f;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(SqliteStoreTest, AppendsAreReadBackInOrderWithTheirExactBytes) {
  std::vector<std::future<std::error_code>> done;
  for (int i = 0; i < 50; ++i)
    done.push_back(append(1, event("r1", i, i % 2 ? "main" : "caucus:A")));
  for (auto& f : done) EXPECT_FALSE(f.get());
  // 50 appends queued at once commit in fewer transactions than events.
  EXPECT_LT(store_->batches(), 50u);
  EXPECT_EQ(store_->events_written(), 50u);

  EXPECT_EQ(*store_->next_seq("r1"), 50);
  EXPECT_EQ(*store_->next_seq("other"), 0);
  auto some = store_->read_events("r1", 10, 19, 1 << 20);
  ASSERT_TRUE(some);
  ASSERT_EQ(some->size(), 10u);
  EXPECT_EQ(some->front().seq, 10);
  EXPECT_EQ(some->front().header, "{\"seq\":10}");
  EXPECT_EQ(some->front().channel, "caucus:A");
  EXPECT_EQ(some->front().client_id, "c10");
  std::int64_t expect = 5;
  ASSERT_TRUE(
      store_->for_each_event("r1", 5, [&](StoredEvent&& e) { EXPECT_EQ(e.seq, expect++); }));
  EXPECT_EQ(expect, 50);
  EXPECT_EQ(*store_->seq_of_request("r1", "actor", "c17"), 17);
  EXPECT_FALSE(*store_->seq_of_request("r1", "someone else", "c17"));
}

TEST_F(SqliteStoreTest, AReadStopsAtItsByteBudgetButReturnsAtLeastOneEvent) {
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(append(1, event("r", i)).get());
  // Each event is 12-13 bytes of header and body.
  EXPECT_EQ(store_->read_events("r", 0, 9, 30)->size(), 3u);
  EXPECT_EQ(store_->read_events("r", 0, 9, 1)->size(), 1u);
}

TEST_F(SqliteStoreTest, OneRoomsBadAppendDoesNotFailTheOtherRoomsOfItsBatch) {
  EXPECT_FALSE(append(7, event("bad", 0)).get());
  // Another connection holds the write lock, so everything below queues into one batch.
  auto blocker = sqlite::open_writable(dir_);
  blocker.exec("BEGIN IMMEDIATE");
  auto held = append(9, event("first", 0));     // the writer takes this one and waits for the lock
  auto duplicate = append(7, event("bad", 0));  // seq 0 again: refused
  auto after = append(7, event("bad", 1));      // the stream is stopped: no gap can follow
  auto other = append(8, event("good", 0));     // another room in the same batch
  auto other_next = append(8, event("good", 1));
  blocker.exec("COMMIT");
  EXPECT_FALSE(held.get());
  EXPECT_EQ(duplicate.get(), StoreErrc::constraint);
  EXPECT_EQ(after.get(), StoreErrc::constraint);
  EXPECT_FALSE(other.get());
  EXPECT_FALSE(other_next.get());
  EXPECT_EQ(*store_->next_seq("good"), 2);
  EXPECT_EQ(*store_->next_seq("bad"), 1);
  EXPECT_FALSE(append(10, event("bad", 1)).get());  // a reloaded room (new stream) goes on
}

TEST_F(SqliteStoreTest, ARepeatedRequestIdIsRefusedByTheStoreItself) {
  EXPECT_FALSE(append(1, event("r", 0)).get());
  auto again = event("r", 1);
  again.client_id = "c0";  // the same sender and id as seq 0
  EXPECT_EQ(append(1, again).get(), StoreErrc::constraint);
}

TEST_F(SqliteStoreTest, TheCatalogKeepsSessionsUntilPurgedAndRevocationMarksThem) {
  ASSERT_TRUE(store_->add_mediator({"m1", "login", "张三", "org", "hash", 1}));
  EXPECT_EQ(store_->add_mediator({"m2", "login", "李四", "org", "hash", 1}).error(),
            StoreErrc::constraint);
  ASSERT_TRUE(
      store_->create_room({"room1", "t", "其他", "m1", 1, 1},
                          {"p0", "room1", "mediator", std::nullopt, "张三", "m1", std::nullopt},
                          event("room1", 0), "{}"));
  ASSERT_TRUE(
      store_->create_invite({"i1", "room1", "p1", 1, 1'000'000, std::nullopt}, "token-hash",
                            {"p1", "room1", "party", "A", "李四", std::nullopt, std::nullopt}));
  ASSERT_TRUE(store_->create_session("session-hash", {std::nullopt, "p1", "i1", 1'000'000, {}}));
  EXPECT_TRUE(*store_->invite_by_token_hash("token-hash"));
  auto s = *store_->session("session-hash");
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->valid_at(10));
  EXPECT_FALSE(s->valid_at(2'000'000));  // expired
  EXPECT_EQ(*store_->revoke_invite("i1", 50), 1);
  EXPECT_EQ(*store_->revoke_invite("i1", 60), 0);
  s = *store_->session("session-hash");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->revoked_ms, 50);
  EXPECT_FALSE(s->valid_at(10));
  EXPECT_EQ((*store_->invite("i1"))->revoked_ms, 50);
  EXPECT_EQ((*store_->mediator_participant("room1", "m1"))->id, "p0");
  EXPECT_EQ(*store_->purge_expired_sessions(40), 0);
  EXPECT_EQ(*store_->purge_expired_sessions(51), 1);
  EXPECT_FALSE(*store_->session("session-hash"));
}

TEST_F(SqliteStoreTest, ASnapshotHoldsTheWholeRoomAndAnUnknownRoomIsNotFound) {
  ASSERT_TRUE(store_->add_mediator({"m1", "login", "张三", "org", "hash", 1}));
  ASSERT_TRUE(
      store_->create_room({"room1", "t", "其他", "m1", 1, 1},
                          {"p0", "room1", "mediator", std::nullopt, "张三", "m1", std::nullopt},
                          event("room1", 0), "{}"));
  EXPECT_FALSE(append(1, event("room1", 1)).get());
  auto snap = store_->snapshot("room1");
  ASSERT_TRUE(snap);
  EXPECT_EQ(snap->room.title, "t");
  EXPECT_EQ(snap->creator->name, "张三");
  EXPECT_EQ(snap->participants.size(), 1u);
  EXPECT_EQ(snap->events.size(), 2u);
  EXPECT_EQ(store_->snapshot("nope").error(), StoreErrc::not_found);
}

// Time-stamp tokens go through the writer like checkpoints, one per (room, size), the first kept,
// and a snapshot holds them in size order.
TEST_F(SqliteStoreTest, TimestampTokensAreKeptOncePerCheckpointAndInTheSnapshot) {
  ASSERT_TRUE(store_->add_mediator({"m1", "login", "张三", "org", "hash", 1}));
  ASSERT_TRUE(
      store_->create_room({"room1", "t", "其他", "m1", 1, 1},
                          {"p0", "room1", "mediator", std::nullopt, "张三", "m1", std::nullopt},
                          event("room1", 0), "{}"));
  auto put = [&](std::int64_t size, std::string token) {
    std::promise<std::error_code> done;
    store_->append_timestamp(Store::new_stream_id(), {"room1", size, std::move(token), 7, 8},
                             [&](std::error_code ec) { done.set_value(ec); });
    return done.get_future().get();
  };
  EXPECT_FALSE(put(3, std::string("\x30\x00first", 7)));
  EXPECT_FALSE(put(1, "one"));
  EXPECT_FALSE(put(3, "second"));  // ignored: the first token of a checkpoint stays
  auto snap = store_->snapshot("room1");
  ASSERT_TRUE(snap);
  ASSERT_EQ(snap->timestamps.size(), 2u);
  EXPECT_EQ(snap->timestamps[0].size, 1);
  EXPECT_EQ(snap->timestamps[1].size, 3);
  EXPECT_EQ(snap->timestamps[1].token, std::string("\x30\x00first", 7));
  EXPECT_EQ(snap->timestamps[1].tsa_time_ms, 7);
  store_.reset();
  auto ro = open_sqlite_store(dir_, OpenMode::read_only);
  EXPECT_EQ(ro->snapshot("room1")->timestamps.size(), 2u);
  std::promise<std::error_code> refused;
  ro->append_timestamp(1, {"room1", 5, "x", 1, 1},
                       [&](std::error_code ec) { refused.set_value(ec); });
  EXPECT_EQ(refused.get_future().get(), StoreErrc::read_only);
}

TEST_F(SqliteStoreTest, AReadOnlyStoreReadsButRefusesEveryWrite) {
  EXPECT_FALSE(append(1, event("r", 0)).get());
  store_.reset();
  auto ro = open_sqlite_store(dir_, OpenMode::read_only);
  EXPECT_EQ(*ro->next_seq("r"), 1);
  EXPECT_EQ(ro->add_mediator({"m1", "x", "n", "o", "h", 1}).error(), StoreErrc::read_only);
  std::promise<std::error_code> refused;
  ro->append(1, event("r", 1), [&](std::error_code ec) { refused.set_value(ec); });
  EXPECT_EQ(refused.get_future().get(), StoreErrc::read_only);
  EXPECT_THROW(open_sqlite_store(dir_ / "missing", OpenMode::read_only), std::runtime_error);
}

TEST_F(SqliteStoreTest, TheDatabaseIsOwnerOnlyAndItsSchemaCurrent) {
  namespace fs = std::filesystem;
  EXPECT_EQ(fs::status(dir_).permissions() & (fs::perms::group_all | fs::perms::others_all),
            fs::perms::none);
  SQLite::Database db(sqlite::database_file(dir_).string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("PRAGMA user_version").getInt(), 5);
  EXPECT_TRUE(db.tableExists("events"));
  EXPECT_EQ(
      db.execAndGet("SELECT count(*) FROM sqlite_master WHERE name='events_by_request'").getInt(),
      1);
}

TEST_F(SqliteStoreTest, AnExistingDirectoryOthersCouldReadIsMadeOwnerOnly) {
  namespace fs = std::filesystem;
  store_.reset();
  fs::permissions(dir_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec);
  store_ = open_sqlite_store(dir_);
  EXPECT_EQ(fs::status(dir_).permissions() & (fs::perms::group_all | fs::perms::others_all),
            fs::perms::none);
}

}  // namespace
}  // namespace mr::store
