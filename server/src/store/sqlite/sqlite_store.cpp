#include "store/sqlite/sqlite_store.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <atomic>

#include "store/sqlite/connection.hpp"

namespace mr::store {

std::uint64_t Store::new_stream_id() {
  static std::atomic<std::uint64_t> next{1};
  return next++;
}

std::unique_ptr<Store> open_sqlite_store(const std::filesystem::path& data_dir, OpenMode mode) {
  return std::make_unique<sqlite::SqliteStore>(data_dir, mode);
}

namespace sqlite {
namespace {

std::optional<std::string> optional_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

std::string blob(const SQLite::Column& c) {
  return {static_cast<const char*>(c.getBlob()), std::size_t(c.getBytes())};
}

void bind_optional(SQLite::Statement& q, int index, const std::optional<std::string>& v) {
  if (v)
    q.bind(index, *v);
  else
    q.bind(index);
}

void bind_blob(SQLite::Statement& q, int index, const std::string& bytes) {
  q.bind(index, bytes.data(), int(bytes.size()));
}

Mediator read_mediator(SQLite::Statement& q) {
  return {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
          q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getInt64()};
}

RoomRow read_room(SQLite::Statement& q) {
  return {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
          q.getColumn(3).getString(), q.getColumn(4).getInt64(),  q.getColumn(5).getInt64()};
}

Participant read_participant(SQLite::Statement& q) {
  Participant p{q.getColumn(0).getString(),
                q.getColumn(1).getString(),
                q.getColumn(2).getString(),
                optional_text(q.getColumn(3)),
                q.getColumn(4).getString(),
                optional_text(q.getColumn(5)),
                std::nullopt};
  if (!q.getColumn(6).isNull()) p.removed_ms = q.getColumn(6).getInt64();
  return p;
}

Invite read_invite(SQLite::Statement& q) {
  Invite i{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
           q.getColumn(3).getInt64(),  q.getColumn(4).getInt64(),  std::nullopt};
  if (!q.getColumn(5).isNull()) i.revoked_ms = q.getColumn(5).getInt64();
  return i;
}

StoredEvent read_event(SQLite::Statement& q) {
  StoredEvent e;
  e.room = q.getColumn(0).getString();
  e.seq = q.getColumn(1).getInt64();
  e.time_ms = q.getColumn(2).getInt64();
  e.actor = q.getColumn(3).getString();
  e.kind = q.getColumn(4).getString();
  e.channel = q.getColumn(5).getString();
  e.client_id = optional_text(q.getColumn(6));
  e.header = blob(q.getColumn(7));
  e.body = blob(q.getColumn(8));
  return e;
}

StoredCheckpoint read_checkpoint(SQLite::Statement& q) {
  return {q.getColumn(0).getString(), q.getColumn(1).getInt64(), blob(q.getColumn(2)),
          q.getColumn(3).getString(), q.getColumn(4).getInt64()};
}

constexpr const char* kMediatorColumns =
    "SELECT id, login, name, org, password_hash, created_ms FROM mediators ";
constexpr const char* kRoomColumns =
    "SELECT id, title, field, created_by, created_ms, epoch FROM rooms ";
constexpr const char* kParticipantColumns =
    "SELECT id, room, role, side, name, mediator, removed_ms FROM participants ";
constexpr const char* kInviteColumns =
    "SELECT id, room, participant, created_ms, expires_ms, revoked_ms FROM invites ";
constexpr const char* kEventColumns =
    "SELECT room, seq, time_ms, actor, kind, channel, client_id, header, body FROM events ";
constexpr const char* kCheckpointColumns =
    "SELECT room, size, root, note, created_ms FROM checkpoints ";

template <typename Row, typename Read, typename... Args>
std::vector<Row> query_all(SQLite::Database& db, const std::string& sql, Read read,
                           const Args&... args) {
  SQLite::Statement q(db, sql);
  int index = 0;
  (q.bind(++index, args), ...);
  std::vector<Row> out;
  while (q.executeStep()) out.push_back(read(q));
  return out;
}

template <typename Row, typename Read, typename... Args>
std::optional<Row> query_one(SQLite::Database& db, const std::string& sql, Read read,
                             const Args&... args) {
  auto rows = query_all<Row>(db, sql, read, args...);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

void insert_participant(SQLite::Database& db, const Participant& p) {
  SQLite::Statement q(db,
                      "INSERT INTO participants(id, room, role, side, name, mediator) "
                      "VALUES (?,?,?,?,?,?)");
  q.bind(1, p.id);
  q.bind(2, p.room);
  q.bind(3, p.role);
  bind_optional(q, 4, p.side);
  q.bind(5, p.name);
  bind_optional(q, 6, p.mediator);
  q.exec();
}

std::vector<StoredCheckpoint> checkpoints_of(SQLite::Database& db, const std::string& room) {
  return query_all<StoredCheckpoint>(
      db, std::string(kCheckpointColumns) + "WHERE room=? ORDER BY size", read_checkpoint, room);
}

// A read-only store of a version before 5 (not migrated: it cannot be) has no tokens.
std::vector<StoredTimestamp> timestamps_of(SQLite::Database& db, const std::string& room) {
  if (!db.tableExists("timestamp_tokens")) return {};
  return query_all<StoredTimestamp>(
      db,
      "SELECT room, size, token, tsa_time_ms, created_ms FROM timestamp_tokens WHERE room=? "
      "ORDER BY size",
      [](SQLite::Statement& q) {
        return StoredTimestamp{q.getColumn(0).getString(), q.getColumn(1).getInt64(),
                               blob(q.getColumn(2)), q.getColumn(3).getInt64(),
                               q.getColumn(4).getInt64()};
      },
      room);
}

}  // namespace

SqliteStore::SqliteStore(const std::filesystem::path& data_dir, OpenMode mode)
    : reads_(data_dir, 4) {
  const bool writable = mode == OpenMode::read_write;
  if (writable) {
    write_db_ = std::make_unique<SQLite::Database>(open_writable(data_dir));
  } else if (!std::filesystem::exists(database_file(data_dir))) {
    throw std::runtime_error("no store in " + data_dir.string());
  }
  witness_ = std::make_unique<CheckpointLog>(data_dir / "checkpoints.log", writable);
  if (writable) writer_ = std::make_unique<EventWriter>(open_writable(data_dir), witness_.get());
}

std::optional<StoredCheckpoint> SqliteStore::witnessed_checkpoint(const std::string& room) {
  return witness_->latest(room);
}

template <typename F>
auto SqliteStore::read(const char* what, F&& f) {
  return guarded(what, [&] {
    auto lease = reads_.acquire();
    return f(lease.db());
  });
}

template <typename F>
auto SqliteStore::write(const char* what, F&& f) {
  using Answer = decltype(guarded(what, [&] { return f(*write_db_); }));
  if (!write_db_) return Answer(make_error_code(StoreErrc::read_only));
  std::lock_guard lock(*write_mutex_);
  return guarded(what, [&] { return f(*write_db_); });
}

// Mediators

Result<void> SqliteStore::add_mediator(const Mediator& m) {
  return write("add mediator", [&](SQLite::Database& db) {
    SQLite::Statement q(db,
                        "INSERT INTO mediators(id, login, name, org, password_hash, created_ms) "
                        "VALUES (?,?,?,?,?,?)");
    q.bind(1, m.id);
    q.bind(2, m.login);
    q.bind(3, m.name);
    q.bind(4, m.org);
    q.bind(5, m.password_hash);
    q.bind(6, m.created_ms);
    q.exec();
  });
}

Result<std::optional<Mediator>> SqliteStore::mediator_by_login(const std::string& login) {
  return read("mediator by login", [&](SQLite::Database& db) {
    return query_one<Mediator>(db, std::string(kMediatorColumns) + "WHERE login=?", read_mediator,
                               login);
  });
}

Result<std::optional<Mediator>> SqliteStore::mediator_by_id(const std::string& id) {
  return read("mediator by id", [&](SQLite::Database& db) {
    return query_one<Mediator>(db, std::string(kMediatorColumns) + "WHERE id=?", read_mediator, id);
  });
}

Result<std::vector<Mediator>> SqliteStore::mediators() {
  return read("mediators", [&](SQLite::Database& db) {
    return query_all<Mediator>(db, std::string(kMediatorColumns) + "ORDER BY created_ms",
                               read_mediator);
  });
}

// Rooms and participants

Result<void> SqliteStore::create_room(const RoomRow& room, const Participant& presiding,
                                      const StoredEvent& first, const std::string& case_summary) {
  return write("create room", [&](SQLite::Database& db) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement q(db,
                        "INSERT INTO rooms(id, title, field, created_by, created_ms, epoch, "
                        "case_summary) VALUES (?,?,?,?,?,?,?)");
    q.bind(1, room.id);
    q.bind(2, room.title);
    q.bind(3, room.field);
    q.bind(4, room.created_by);
    q.bind(5, room.created_ms);
    q.bind(6, room.epoch);
    q.bind(7, case_summary);
    q.exec();
    insert_participant(db, presiding);
    SQLite::Statement e(db,
                        "INSERT INTO events(room, seq, time_ms, actor, kind, channel, client_id, "
                        "header, body) VALUES (?,?,?,?,?,?,NULL,?,?)");
    e.bind(1, first.room);
    e.bind(2, first.seq);
    e.bind(3, first.time_ms);
    e.bind(4, first.actor);
    e.bind(5, first.kind);
    e.bind(6, first.channel);
    bind_blob(e, 7, first.header);
    bind_blob(e, 8, first.body);
    e.exec();
    tx.commit();
  });
}

Result<std::optional<RoomRow>> SqliteStore::room(const std::string& id) {
  return read("room", [&](SQLite::Database& db) {
    return query_one<RoomRow>(db, std::string(kRoomColumns) + "WHERE id=?", read_room, id);
  });
}

Result<std::vector<RoomRow>> SqliteStore::rooms_of_mediator(const std::string& mediator_id) {
  return read("rooms of mediator", [&](SQLite::Database& db) {
    return query_all<RoomRow>(db,
                              std::string(kRoomColumns) +
                                  "WHERE id IN (SELECT room FROM participants "
                                  "WHERE mediator=? AND removed_ms IS NULL) "
                                  "ORDER BY created_ms DESC",
                              read_room, mediator_id);
  });
}

Result<std::vector<RoomRow>> SqliteStore::rooms() {
  return read("rooms", [&](SQLite::Database& db) {
    return query_all<RoomRow>(db, std::string(kRoomColumns) + "ORDER BY created_ms DESC",
                              read_room);
  });
}

Result<std::vector<Participant>> SqliteStore::participants(const std::string& room) {
  return read("participants", [&](SQLite::Database& db) {
    return query_all<Participant>(db,
                                  std::string(kParticipantColumns) + "WHERE room=? ORDER BY rowid",
                                  read_participant, room);
  });
}

Result<std::optional<Participant>> SqliteStore::participant(const std::string& id) {
  return read("participant", [&](SQLite::Database& db) {
    return query_one<Participant>(db, std::string(kParticipantColumns) + "WHERE id=?",
                                  read_participant, id);
  });
}

Result<std::optional<Participant>> SqliteStore::mediator_participant(
    const std::string& room, const std::string& mediator_id) {
  return read("mediator participant", [&](SQLite::Database& db) {
    return query_one<Participant>(db,
                                  std::string(kParticipantColumns) + "WHERE room=? AND mediator=?",
                                  read_participant, room, mediator_id);
  });
}

Result<void> SqliteStore::add_participant(const Participant& p) {
  return write("add participant", [&](SQLite::Database& db) { insert_participant(db, p); });
}

Result<void> SqliteStore::remove_participant(const std::string& id, std::int64_t now_ms) {
  return write("remove participant", [&](SQLite::Database& db) {
    SQLite::Statement q(db,
                        "UPDATE participants SET removed_ms=? WHERE id=? AND removed_ms IS NULL");
    q.bind(1, now_ms);
    q.bind(2, id);
    q.exec();
  });
}

Result<std::vector<CaseRow>> SqliteStore::cases_of_mediator(const std::string& mediator_id) {
  return read("cases of mediator", [&](SQLite::Database& db) {
    SQLite::Transaction tx(db);
    std::vector<CaseRow> out;
    SQLite::Statement q(
        db,
        "SELECT r.id, r.title, r.field, r.created_by, r.created_ms, r.epoch, "
        "COALESCE(r.case_summary, ''), "
        "(SELECT time_ms FROM events e WHERE e.room=r.id ORDER BY seq DESC LIMIT 1) "
        "FROM rooms r WHERE r.id IN (SELECT room FROM participants "
        "WHERE mediator=? AND removed_ms IS NULL) ORDER BY r.created_ms DESC");
    q.bind(1, mediator_id);
    while (q.executeStep()) {
      CaseRow row{read_room(q),
                  q.getColumn(6).getString(),
                  {},
                  q.getColumn(7).isNull() ? 0 : q.getColumn(7).getInt64()};
      row.parties = query_all<Participant>(
          db, std::string(kParticipantColumns) + "WHERE room=? AND role='party' ORDER BY rowid",
          read_participant, row.room.id);
      out.push_back(std::move(row));
    }
    tx.commit();
    return out;
  });
}

// Invites

Result<void> SqliteStore::create_invite(const Invite& invite, const std::string& token_hash,
                                        const Participant& who) {
  return write("create invite", [&](SQLite::Database& db) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    insert_participant(db, who);
    SQLite::Statement q(db,
                        "INSERT INTO invites(id, token_hash, room, participant, created_ms, "
                        "expires_ms) VALUES (?,?,?,?,?,?)");
    q.bind(1, invite.id);
    bind_blob(q, 2, token_hash);
    q.bind(3, invite.room);
    q.bind(4, invite.participant);
    q.bind(5, invite.created_ms);
    q.bind(6, invite.expires_ms);
    q.exec();
    tx.commit();
  });
}

Result<std::optional<Invite>> SqliteStore::invite_by_token_hash(const std::string& token_hash) {
  return read("invite by token", [&](SQLite::Database& db) -> std::optional<Invite> {
    SQLite::Statement q(db, std::string(kInviteColumns) + "WHERE token_hash=?");
    bind_blob(q, 1, token_hash);
    if (!q.executeStep()) return std::nullopt;
    return read_invite(q);
  });
}

Result<std::optional<Invite>> SqliteStore::invite(const std::string& id) {
  return read("invite", [&](SQLite::Database& db) {
    return query_one<Invite>(db, std::string(kInviteColumns) + "WHERE id=?", read_invite, id);
  });
}

Result<std::vector<Invite>> SqliteStore::invites(const std::string& room) {
  return read("invites", [&](SQLite::Database& db) {
    return query_all<Invite>(db, std::string(kInviteColumns) + "WHERE room=? ORDER BY created_ms",
                             read_invite, room);
  });
}

Result<std::int64_t> SqliteStore::revoke_invite(const std::string& id, std::int64_t now_ms) {
  return write("revoke invite", [&](SQLite::Database& db) -> std::int64_t {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement q(db, "UPDATE invites SET revoked_ms=? WHERE id=? AND revoked_ms IS NULL");
    q.bind(1, now_ms);
    q.bind(2, id);
    if (q.exec() == 0) return 0;
    SQLite::Statement d(db, "UPDATE sessions SET revoked_ms=? WHERE invite=?");
    d.bind(1, now_ms);
    d.bind(2, id);
    d.exec();
    tx.commit();
    return 1;
  });
}

// Sessions

Result<void> SqliteStore::create_session(const std::string& token_hash, const Session& s) {
  return write("create session", [&](SQLite::Database& db) {
    SQLite::Statement q(db,
                        "INSERT INTO sessions(token_hash, mediator, participant, invite, "
                        "expires_ms) VALUES (?,?,?,?,?)");
    bind_blob(q, 1, token_hash);
    bind_optional(q, 2, s.mediator);
    bind_optional(q, 3, s.participant);
    bind_optional(q, 4, s.invite);
    q.bind(5, s.expires_ms);
    q.exec();
  });
}

Result<std::optional<Session>> SqliteStore::session(const std::string& token_hash) {
  return read("session", [&](SQLite::Database& db) -> std::optional<Session> {
    SQLite::Statement q(
        db,
        "SELECT mediator, participant, invite, expires_ms, revoked_ms FROM sessions "
        "WHERE token_hash=?");
    bind_blob(q, 1, token_hash);
    if (!q.executeStep()) return std::nullopt;
    Session s{optional_text(q.getColumn(0)), optional_text(q.getColumn(1)),
              optional_text(q.getColumn(2)), q.getColumn(3).getInt64(), std::nullopt};
    if (!q.getColumn(4).isNull()) s.revoked_ms = q.getColumn(4).getInt64();
    return s;
  });
}

Result<void> SqliteStore::delete_session(const std::string& token_hash) {
  return write("delete session", [&](SQLite::Database& db) {
    SQLite::Statement q(db, "DELETE FROM sessions WHERE token_hash=?");
    bind_blob(q, 1, token_hash);
    q.exec();
  });
}

Result<std::int64_t> SqliteStore::purge_expired_sessions(std::int64_t now_ms) {
  return write("purge sessions", [&](SQLite::Database& db) -> std::int64_t {
    SQLite::Statement q(db, "DELETE FROM sessions WHERE expires_ms<=? OR revoked_ms<=?");
    q.bind(1, now_ms);
    q.bind(2, now_ms);
    return q.exec();
  });
}

// The event log

void SqliteStore::append(std::uint64_t stream, StoredEvent event, Done done) {
  if (!writer_) return done(make_error_code(StoreErrc::read_only));
  writer_->append(stream, std::move(event), std::move(done));
}

void SqliteStore::append_checkpoint(std::uint64_t stream, StoredCheckpoint checkpoint, Done done) {
  if (!writer_) {
    if (done) done(make_error_code(StoreErrc::read_only));
    return;
  }
  writer_->append(stream, std::move(checkpoint), std::move(done));
}

void SqliteStore::append_case_summary(std::uint64_t stream, CaseSummaryUpdate update, Done done) {
  if (!writer_) {
    if (done) done(make_error_code(StoreErrc::read_only));
    return;
  }
  writer_->append(stream, std::move(update), std::move(done));
}

void SqliteStore::append_timestamp(std::uint64_t stream, StoredTimestamp timestamp, Done done) {
  if (!writer_) {
    if (done) done(make_error_code(StoreErrc::read_only));
    return;
  }
  writer_->append(stream, std::move(timestamp), std::move(done));
}

Result<std::vector<StoredEvent>> SqliteStore::read_events(const std::string& room,
                                                          std::int64_t first, std::int64_t last,
                                                          std::size_t max_bytes) {
  return read("read events", [&](SQLite::Database& db) {
    SQLite::Statement q(
        db, std::string(kEventColumns) + "WHERE room=? AND seq BETWEEN ? AND ? ORDER BY seq");
    q.bind(1, room);
    q.bind(2, first);
    q.bind(3, last);
    std::vector<StoredEvent> out;
    std::size_t bytes = 0;
    while (bytes < max_bytes && q.executeStep()) {
      out.push_back(read_event(q));
      bytes += out.back().header.size() + out.back().body.size();
    }
    return out;
  });
}

Result<void> SqliteStore::for_each_event(const std::string& room, std::int64_t first,
                                         const std::function<void(StoredEvent&&)>& visit) {
  return read("read the log", [&](SQLite::Database& db) {
    SQLite::Statement q(db, std::string(kEventColumns) + "WHERE room=? AND seq>=? ORDER BY seq");
    q.bind(1, room);
    q.bind(2, first);
    while (q.executeStep()) visit(read_event(q));
  });
}

Result<std::int64_t> SqliteStore::next_seq(const std::string& room) {
  return read("next seq", [&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT COALESCE(MAX(seq) + 1, 0) FROM events WHERE room=?");
    q.bind(1, room);
    q.executeStep();
    return q.getColumn(0).getInt64();
  });
}

Result<std::vector<StoredCheckpoint>> SqliteStore::checkpoints(const std::string& room) {
  return read("checkpoints", [&](SQLite::Database& db) { return checkpoints_of(db, room); });
}

Result<std::optional<std::int64_t>> SqliteStore::seq_of_request(const std::string& room,
                                                                const std::string& actor,
                                                                const std::string& client_id) {
  return read("request lookup", [&](SQLite::Database& db) -> std::optional<std::int64_t> {
    SQLite::Statement q(db, "SELECT seq FROM events WHERE room=? AND actor=? AND client_id=?");
    q.bind(1, room);
    q.bind(2, actor);
    q.bind(3, client_id);
    if (!q.executeStep()) return std::nullopt;
    return q.getColumn(0).getInt64();
  });
}

Result<RoomSnapshot> SqliteStore::snapshot(const std::string& room) {
  return read("room snapshot", [&](SQLite::Database& db) -> RoomSnapshot {
    // One read transaction: every part comes from the same moment of the log.
    SQLite::Transaction tx(db);
    RoomSnapshot s;
    auto row = query_one<RoomRow>(db, std::string(kRoomColumns) + "WHERE id=?", read_room, room);
    if (!row) throw SQLite::Exception("no room " + room, SQLITE_NOTFOUND);
    s.room = std::move(*row);
    s.creator = query_one<Mediator>(db, std::string(kMediatorColumns) + "WHERE id=?", read_mediator,
                                    s.room.created_by);
    s.participants =
        query_all<Participant>(db, std::string(kParticipantColumns) + "WHERE room=? ORDER BY rowid",
                               read_participant, room);
    s.events = query_all<StoredEvent>(db, std::string(kEventColumns) + "WHERE room=? ORDER BY seq",
                                      read_event, room);
    s.checkpoints = checkpoints_of(db, room);
    s.timestamps = timestamps_of(db, room);
    tx.commit();
    return s;
  });
}

bool SqliteStore::healthy() {
  auto ok = read("health", [](SQLite::Database& db) { return db.execAndGet("SELECT 1").getInt(); });
  return ok && *ok == 1;
}

std::uint64_t SqliteStore::batches() const { return writer_ ? writer_->batches() : 0; }
std::uint64_t SqliteStore::events_written() const { return writer_ ? writer_->events() : 0; }

}  // namespace sqlite
}  // namespace mr::store
