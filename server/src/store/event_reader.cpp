#include "store/event_reader.hpp"

#include <SQLiteCpp/Statement.h>

namespace mr::store {
namespace {

constexpr const char* kColumns =
    "SELECT room, seq, time_ms, actor, kind, channel, client_id, header, body FROM events ";

std::string blob(SQLite::Column column) {
  return {static_cast<const char*>(column.getBlob()), std::size_t(column.getBytes())};
}

StoredEvent row_to_event(SQLite::Statement& q) {
  StoredEvent e;
  e.room = q.getColumn(0).getString();
  e.seq = q.getColumn(1).getInt64();
  e.time_ms = q.getColumn(2).getInt64();
  e.actor = q.getColumn(3).getString();
  e.kind = q.getColumn(4).getString();
  e.channel = q.getColumn(5).getString();
  if (!q.getColumn(6).isNull()) e.client_id = q.getColumn(6).getString();
  e.header = blob(q.getColumn(7));
  e.body = blob(q.getColumn(8));
  return e;
}

}  // namespace

std::vector<StoredEvent> read_events(SQLite::Database& db, const std::string& room,
                                     std::int64_t first, std::int64_t last) {
  SQLite::Statement q(db, std::string(kColumns) + "WHERE room=? AND seq BETWEEN ? AND ? ORDER BY seq");
  q.bind(1, room);
  q.bind(2, first);
  q.bind(3, last);
  std::vector<StoredEvent> out;
  while (q.executeStep()) out.push_back(row_to_event(q));
  return out;
}

void for_each_event(SQLite::Database& db, const std::string& room,
                    const std::function<void(StoredEvent&&)>& visit) {
  SQLite::Statement q(db, std::string(kColumns) + "WHERE room=? ORDER BY seq");
  q.bind(1, room);
  while (q.executeStep()) visit(row_to_event(q));
}

std::int64_t next_seq(SQLite::Database& db, const std::string& room) {
  SQLite::Statement q(db, "SELECT COALESCE(MAX(seq) + 1, 0) FROM events WHERE room=?");
  q.bind(1, room);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

std::vector<StoredCheckpoint> read_checkpoints(SQLite::Database& db, const std::string& room) {
  SQLite::Statement q(
      db, "SELECT room, size, root, note, created_ms FROM checkpoints WHERE room=? ORDER BY size");
  q.bind(1, room);
  std::vector<StoredCheckpoint> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getString(), q.getColumn(1).getInt64(), blob(q.getColumn(2)),
                   q.getColumn(3).getString(), q.getColumn(4).getInt64()});
  return out;
}

}  // namespace mr::store
