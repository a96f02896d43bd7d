// The SQLite schema (store/sqlite/schema): a fresh database has every table, and migrating
// again changes nothing, so every start and every CLI command may run it.
#include "store/sqlite/schema.hpp"

#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <set>

#include "crypto/random.hpp"
#include "store/sqlite/connection.hpp"

namespace mr::store::sqlite {
namespace {

class Schema : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static int user_version(SQLite::Database& db) {
    return db.execAndGet("PRAGMA user_version").getInt();
  }
  // Every table, index and trigger with the SQL that made it.
  static std::set<std::string> schema(SQLite::Database& db) {
    std::set<std::string> out;
    SQLite::Statement q(db,
                        "SELECT type || ' ' || name || ': ' || ifnull(sql, '') FROM sqlite_master");
    while (q.executeStep()) out.insert(q.getColumn(0).getString());
    return out;
  }
  static std::set<std::string> tables(SQLite::Database& db) {
    std::set<std::string> out;
    SQLite::Statement q(db, "SELECT name FROM sqlite_master WHERE type='table'");
    while (q.executeStep()) out.insert(q.getColumn(0).getString());
    return out;
  }

  std::filesystem::path dir_ =
      std::filesystem::temp_directory_path() / ("mr-schema-" + crypto::random_hex(4));
};

TEST_F(Schema, AFreshDatabaseHasEveryTableAtAVersion) {
  auto db = open_writable(dir_);
  EXPECT_GE(user_version(db), 1);
  const std::set<std::string> expected = {"mediators",   "rooms",           "participants",
                                          "invites",     "sessions",        "events",
                                          "checkpoints", "timestamp_tokens"};
  auto present = tables(db);
  for (const auto& t : expected) EXPECT_TRUE(present.count(t)) << t;
}

TEST_F(Schema, MigratingAgainChangesNothingAndKeepsTheData) {
  auto db = open_writable(dir_);
  const int version = user_version(db);
  const auto before = schema(db);
  db.exec("INSERT INTO mediators VALUES ('m1', 'wang', '王调解', '调委会', 'x', 1)");
  migrate(db);
  migrate(db);
  EXPECT_EQ(user_version(db), version);
  EXPECT_EQ(schema(db), before);
  EXPECT_EQ(db.execAndGet("SELECT name FROM mediators WHERE id='m1'").getString(), "王调解");
  // Reopening (a server start, a CLI command) migrates too, with the same result.
  auto again = open_writable(dir_);
  EXPECT_EQ(user_version(again), version);
  EXPECT_EQ(schema(again), before);
}

// Version 4 moved the events into a table in append order: every event of a deployed store is
// still there, found by (room, seq), and a second event at a taken seq is still refused.
TEST_F(Schema, EventsWrittenBeforeTheAppendOrderedTableAreAllKept) {
  std::filesystem::create_directories(dir_);
  {
    SQLite::Database old((dir_ / "mediation.db").string(),
                         SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    migrate(old, 3);
    for (int seq = 0; seq < 50; ++seq)
      for (const char* room : {"roomB", "roomA"})
        old.exec(std::string("INSERT INTO events VALUES ('") + room + "', " + std::to_string(seq) +
                 ", 1, 'p1', 'message', 'main', 'c" + std::to_string(seq) + "', x'01', x'02')");
  }
  auto db = open_writable(dir_);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM events").getInt(), 100);
  EXPECT_EQ(db.execAndGet("SELECT client_id FROM events WHERE room='roomA' AND seq=49").getString(),
            "c49");
  SQLite::Statement plan(db,
                         "EXPLAIN QUERY PLAN SELECT * FROM events WHERE room='roomA' AND seq>=3");
  ASSERT_TRUE(plan.executeStep());
  EXPECT_NE(plan.getColumn(3).getString().find("events_by_seq"), std::string::npos);
  EXPECT_THROW(db.exec("INSERT INTO events VALUES ('roomA', 7, 1, 'p2', 'message', 'main', NULL, "
                       "x'01', x'02')"),
               SQLite::Exception);
  EXPECT_THROW(db.exec("INSERT INTO events VALUES ('roomA', 99, 1, 'p1', 'message', 'main', 'c7', "
                       "x'01', x'02')"),
               SQLite::Exception);
}

// Version 5 added the time-stamp tokens beside the checkpoints: a deployed store keeps its
// checkpoints, has no token yet, and takes one token per (room, size).
TEST_F(Schema, AVersionFourStoreGainsAnEmptyTokenTableAndKeepsItsCheckpoints) {
  std::filesystem::create_directories(dir_);
  {
    SQLite::Database old((dir_ / "mediation.db").string(),
                         SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    migrate(old, 4);
    EXPECT_FALSE(old.tableExists("timestamp_tokens"));
    old.exec("INSERT INTO checkpoints VALUES ('roomA', 3, x'00', 'note', 1)");
  }
  auto db = open_writable(dir_);
  EXPECT_EQ(user_version(db), 5);
  EXPECT_EQ(db.execAndGet("SELECT note FROM checkpoints WHERE room='roomA' AND size=3").getString(),
            "note");
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM timestamp_tokens").getInt(), 0);
  db.exec("INSERT INTO timestamp_tokens VALUES ('roomA', 3, x'3082', 1700000000000, 2)");
  EXPECT_THROW(db.exec("INSERT INTO timestamp_tokens VALUES ('roomA', 3, x'3083', 1, 3)"),
               SQLite::Exception);
  EXPECT_EQ(db.execAndGet("SELECT tsa_time_ms FROM timestamp_tokens WHERE room='roomA' AND size=3")
                .getInt64(),
            1700000000000);
}

}  // namespace
}  // namespace mr::store::sqlite
