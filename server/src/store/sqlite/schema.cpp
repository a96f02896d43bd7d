#include "store/sqlite/schema.hpp"

#include <SQLiteCpp/Transaction.h>

#include <array>

namespace mr::store::sqlite {
namespace {

// Append-only list: a deployed database has run every step up to its user_version.
constexpr std::array kMigrations = {
    R"sql(
CREATE TABLE mediators (
  id TEXT PRIMARY KEY,
  login TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  org TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_ms INTEGER NOT NULL
);
CREATE TABLE rooms (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  field TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES mediators(id),
  created_ms INTEGER NOT NULL,
  epoch INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE participants (
  id TEXT PRIMARY KEY,
  room TEXT NOT NULL REFERENCES rooms(id),
  role TEXT NOT NULL,
  side TEXT,
  name TEXT NOT NULL,
  mediator TEXT REFERENCES mediators(id)
);
CREATE INDEX participants_by_room ON participants(room);
CREATE TABLE invites (
  id TEXT PRIMARY KEY,
  token_hash BLOB NOT NULL UNIQUE,
  room TEXT NOT NULL REFERENCES rooms(id),
  participant TEXT NOT NULL REFERENCES participants(id),
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  revoked_ms INTEGER
);
CREATE INDEX invites_by_room ON invites(room);
CREATE TABLE sessions (
  token_hash BLOB PRIMARY KEY,
  mediator TEXT REFERENCES mediators(id),
  participant TEXT REFERENCES participants(id),
  invite TEXT REFERENCES invites(id),
  expires_ms INTEGER NOT NULL
);
CREATE TABLE events (
  room TEXT NOT NULL,
  seq INTEGER NOT NULL,
  time_ms INTEGER NOT NULL,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL,
  channel TEXT NOT NULL,
  client_id TEXT,
  header BLOB NOT NULL,
  body BLOB NOT NULL,
  PRIMARY KEY (room, seq)
) WITHOUT ROWID;
CREATE TABLE checkpoints (
  room TEXT NOT NULL,
  size INTEGER NOT NULL,
  root BLOB NOT NULL,
  note TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (room, size)
) WITHOUT ROWID;
)sql",
    // Revoking an invite marks its sessions revoked (so a refusal can say so); ended sessions
    // are purged by time. A request id is unique per sender, so the store itself refuses a
    // second event for one retried send.
    R"sql(
ALTER TABLE sessions ADD COLUMN revoked_ms INTEGER;
CREATE INDEX sessions_by_invite ON sessions(invite);
CREATE INDEX sessions_by_expiry ON sessions(expires_ms);
CREATE UNIQUE INDEX events_by_request ON events(room, actor, client_id) WHERE client_id IS NOT NULL;
)sql",
    // The procedure (PROTOCOL.md §6): a mediator recused from a case is removed from it; each
    // room keeps its case summary (phase, deadlines) for the case list, written by the room
    // after every step so that listing cases needs no room loaded.
    R"sql(
ALTER TABLE participants ADD COLUMN removed_ms INTEGER;
ALTER TABLE rooms ADD COLUMN case_summary TEXT;
)sql",
    // Events in append order (issue 13): clustered on (room, seq), a commit of events of many
    // rooms dirtied a leaf page per room, 14 KiB of WAL per event at 64 events over 100 rooms;
    // a rowid table appends to its last pages and only the two small indexes scatter (6 KiB).
    R"sql(
CREATE TABLE events_in_order (
  room TEXT NOT NULL,
  seq INTEGER NOT NULL,
  time_ms INTEGER NOT NULL,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL,
  channel TEXT NOT NULL,
  client_id TEXT,
  header BLOB NOT NULL,
  body BLOB NOT NULL
);
INSERT INTO events_in_order SELECT room, seq, time_ms, actor, kind, channel, client_id, header, body
  FROM events ORDER BY room, seq;
DROP TABLE events;
ALTER TABLE events_in_order RENAME TO events;
CREATE UNIQUE INDEX events_by_seq ON events(room, seq);
CREATE UNIQUE INDEX events_by_request ON events(room, actor, client_id) WHERE client_id IS NOT NULL;
)sql",
    // RFC 3161 time-stamp tokens over checkpoints (issue 10 item 6), one per (room, size), kept
    // beside the checkpoint they stamp. tsa_time_ms is the time the token states.
    R"sql(
CREATE TABLE timestamp_tokens (
  room TEXT NOT NULL,
  size INTEGER NOT NULL,
  token BLOB NOT NULL,
  tsa_time_ms INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (room, size)
) WITHOUT ROWID;
)sql",
};

}  // namespace

void migrate(SQLite::Database& db, int up_to) {
  SQLite::Transaction lock(db, SQLite::TransactionBehavior::IMMEDIATE);
  int version = db.execAndGet("PRAGMA user_version").getInt();
  const int last = up_to < 0 ? int(kMigrations.size()) : up_to;
  for (int v = version; v < last; ++v) {
    db.exec(kMigrations[v]);
    db.exec("PRAGMA user_version=" + std::to_string(v + 1));
  }
  lock.commit();
}

}  // namespace mr::store::sqlite
