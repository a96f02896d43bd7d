// The store's append (group commit from one writer) and replay, on real SQLite files.
#include <gtest/gtest.h>

#include <future>

#include "crypto/random.hpp"
#include "store/catalog.hpp"
#include "store/event_reader.hpp"
#include "store/event_writer.hpp"

namespace mr::store {
namespace {

class EventStore : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("mr-store-" + crypto::random_hex(4));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static StoredEvent event(const std::string& room, std::int64_t seq, std::string channel = "main") {
    return {room, seq, 1000 + seq, "actor", "message", std::move(channel),
            "c" + std::to_string(seq), "{\"seq\":" + std::to_string(seq) + "}", "{}"};
  }

  std::filesystem::path dir_;
};

TEST_F(EventStore, AppendsAreReadBackInOrderWithTheirExactBytes) {
  {
    EventWriter writer(dir_);
    std::vector<std::future<bool>> done;
    for (int i = 0; i < 50; ++i) {
      auto p = std::make_shared<std::promise<bool>>();
      done.push_back(p->get_future());
      writer.append(1, event("r1", i, i % 2 ? "main" : "caucus:A"),
                    [p](bool ok) { p->set_value(ok); });
    }
    for (auto& f : done) EXPECT_TRUE(f.get());
    // 50 appends queued at once commit in fewer transactions than events.
    EXPECT_LT(writer.batches(), 50u);
    EXPECT_EQ(writer.events(), 50u);
  }
  Catalog catalog(dir_);
  catalog.with_db([](SQLite::Database& db) {
    EXPECT_EQ(next_seq(db, "r1"), 50);
    EXPECT_EQ(next_seq(db, "other"), 0);
    auto some = read_events(db, "r1", 10, 19);
    ASSERT_EQ(some.size(), 10u);
    EXPECT_EQ(some.front().seq, 10);
    EXPECT_EQ(some.front().header, "{\"seq\":10}");
    EXPECT_EQ(some.front().channel, "caucus:A");
    EXPECT_EQ(some.front().client_id, "c10");
    std::int64_t expect = 0;
    for_each_event(db, "r1", [&](StoredEvent&& e) { EXPECT_EQ(e.seq, expect++); });
    EXPECT_EQ(expect, 50);
  });
}

TEST_F(EventStore, ADuplicateSeqFailsItsBatchAndEveryLaterAppendOfThatStream) {
  EventWriter writer(dir_);
  auto append = [&](std::uint64_t stream, StoredEvent e) {
    std::promise<bool> p;
    auto f = p.get_future();
    writer.append(stream, std::move(e), [&p](bool ok) { p.set_value(ok); });
    return f.get();
  };
  EXPECT_TRUE(append(7, event("r", 0)));
  EXPECT_FALSE(append(7, event("r", 0)));  // the same seq twice: refused
  EXPECT_FALSE(append(7, event("r", 1)));  // the stream is stopped: no gap can follow
  EXPECT_TRUE(append(8, event("r", 1)));   // a reloaded room (new stream) goes on
}

TEST_F(EventStore, CatalogKeepsOnlyTokenHashesAndRevocationEndsSessions) {
  Catalog catalog(dir_);
  catalog.add_mediator({"m1", "login", "张三", "org", "hash", 1});
  catalog.create_room({"room1", "t", "其他", "m1", 1, 1},
                      {"p0", "room1", "mediator", std::nullopt, "张三", "m1"}, event("room1", 0));
  catalog.create_invite({"i1", "room1", "p1", 1, 1'000'000, std::nullopt}, "token-hash",
                        {"p1", "room1", "party", "A", "李四", std::nullopt});
  catalog.create_session("session-hash", {std::nullopt, "p1", "i1", 1'000'000});
  EXPECT_TRUE(catalog.invite_by_token_hash("token-hash"));
  EXPECT_TRUE(catalog.session("session-hash", 10));
  EXPECT_FALSE(catalog.session("session-hash", 2'000'000));  // expired
  EXPECT_TRUE(catalog.revoke_invite("i1", 50));
  EXPECT_FALSE(catalog.revoke_invite("i1", 60));
  EXPECT_FALSE(catalog.session("session-hash", 10));
  EXPECT_EQ(catalog.invite("i1")->revoked_ms, 50);
  EXPECT_EQ(catalog.mediator_participant("room1", "m1")->id, "p0");
}

}  // namespace
}  // namespace mr::store
