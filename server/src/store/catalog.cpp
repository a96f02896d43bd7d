#include "store/catalog.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "store/database.hpp"

namespace mr::store {
namespace {

std::optional<std::string> optional_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

void bind_optional(SQLite::Statement& q, int index, const std::optional<std::string>& v) {
  if (v)
    q.bind(index, *v);
  else
    q.bind(index);
}

Mediator read_mediator(SQLite::Statement& q) {
  return {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
          q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getInt64()};
}

RoomRow read_room(SQLite::Statement& q) {
  return {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
          q.getColumn(3).getString(), q.getColumn(4).getInt64(), q.getColumn(5).getInt64()};
}

Participant read_participant(SQLite::Statement& q) {
  return {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
          optional_text(q.getColumn(3)), q.getColumn(4).getString(),
          optional_text(q.getColumn(5))};
}

Invite read_invite(SQLite::Statement& q) {
  Invite i{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
           q.getColumn(3).getInt64(), q.getColumn(4).getInt64(), std::nullopt};
  if (!q.getColumn(5).isNull()) i.revoked_ms = q.getColumn(5).getInt64();
  return i;
}

constexpr const char* kMediatorColumns =
    "SELECT id, login, name, org, password_hash, created_ms FROM mediators ";
constexpr const char* kRoomColumns =
    "SELECT id, title, field, created_by, created_ms, epoch FROM rooms ";
constexpr const char* kParticipantColumns =
    "SELECT id, room, role, side, name, mediator FROM participants ";
constexpr const char* kInviteColumns =
    "SELECT id, room, participant, created_ms, expires_ms, revoked_ms FROM invites ";

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

}  // namespace

Catalog::Catalog(const std::filesystem::path& data_dir) : db_(open_database(data_dir)) {}

void Catalog::add_mediator(const Mediator& m) {
  std::lock_guard lock(mutex_);
  SQLite::Statement q(db_,
                      "INSERT INTO mediators(id, login, name, org, password_hash, created_ms) "
                      "VALUES (?,?,?,?,?,?)");
  q.bind(1, m.id);
  q.bind(2, m.login);
  q.bind(3, m.name);
  q.bind(4, m.org);
  q.bind(5, m.password_hash);
  q.bind(6, m.created_ms);
  q.exec();
}

std::optional<Mediator> Catalog::mediator_by_login(const std::string& login) {
  std::lock_guard lock(mutex_);
  return query_one<Mediator>(db_, std::string(kMediatorColumns) + "WHERE login=?", read_mediator,
                             login);
}

std::optional<Mediator> Catalog::mediator_by_id(const std::string& id) {
  std::lock_guard lock(mutex_);
  return query_one<Mediator>(db_, std::string(kMediatorColumns) + "WHERE id=?", read_mediator, id);
}

std::vector<Mediator> Catalog::mediators() {
  std::lock_guard lock(mutex_);
  return query_all<Mediator>(db_, std::string(kMediatorColumns) + "ORDER BY created_ms",
                             read_mediator);
}

void Catalog::create_room(const RoomRow& room, const Participant& presiding,
                          const StoredEvent& first) {
  std::lock_guard lock(mutex_);
  SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement q(db_,
                      "INSERT INTO rooms(id, title, field, created_by, created_ms, epoch) "
                      "VALUES (?,?,?,?,?,?)");
  q.bind(1, room.id);
  q.bind(2, room.title);
  q.bind(3, room.field);
  q.bind(4, room.created_by);
  q.bind(5, room.created_ms);
  q.bind(6, room.epoch);
  q.exec();
  insert_participant(db_, presiding);
  SQLite::Statement e(db_,
                      "INSERT INTO events(room, seq, time_ms, actor, kind, channel, client_id, "
                      "header, body) VALUES (?,?,?,?,?,?,NULL,?,?)");
  e.bind(1, first.room);
  e.bind(2, first.seq);
  e.bind(3, first.time_ms);
  e.bind(4, first.actor);
  e.bind(5, first.kind);
  e.bind(6, first.channel);
  e.bind(7, first.header.data(), int(first.header.size()));
  e.bind(8, first.body.data(), int(first.body.size()));
  e.exec();
  tx.commit();
}

std::optional<RoomRow> Catalog::room(const std::string& id) {
  std::lock_guard lock(mutex_);
  return query_one<RoomRow>(db_, std::string(kRoomColumns) + "WHERE id=?", read_room, id);
}

std::vector<RoomRow> Catalog::rooms_of_mediator(const std::string& mediator_id) {
  std::lock_guard lock(mutex_);
  return query_all<RoomRow>(db_,
                            std::string(kRoomColumns) +
                                "WHERE id IN (SELECT room FROM participants WHERE mediator=?) "
                                "ORDER BY created_ms DESC",
                            read_room, mediator_id);
}

std::vector<RoomRow> Catalog::rooms() {
  std::lock_guard lock(mutex_);
  return query_all<RoomRow>(db_, std::string(kRoomColumns) + "ORDER BY created_ms DESC",
                            read_room);
}

std::vector<Participant> Catalog::participants(const std::string& room) {
  std::lock_guard lock(mutex_);
  return query_all<Participant>(db_, std::string(kParticipantColumns) + "WHERE room=? ORDER BY rowid",
                                read_participant, room);
}

std::optional<Participant> Catalog::participant(const std::string& id) {
  std::lock_guard lock(mutex_);
  return query_one<Participant>(db_, std::string(kParticipantColumns) + "WHERE id=?",
                                read_participant, id);
}

std::optional<Participant> Catalog::mediator_participant(const std::string& room,
                                                         const std::string& mediator_id) {
  std::lock_guard lock(mutex_);
  return query_one<Participant>(db_,
                                std::string(kParticipantColumns) + "WHERE room=? AND mediator=?",
                                read_participant, room, mediator_id);
}

void Catalog::create_invite(const Invite& invite, const std::string& token_hash,
                            const Participant& who) {
  std::lock_guard lock(mutex_);
  SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
  insert_participant(db_, who);
  SQLite::Statement q(db_,
                      "INSERT INTO invites(id, token_hash, room, participant, created_ms, "
                      "expires_ms) VALUES (?,?,?,?,?,?)");
  q.bind(1, invite.id);
  q.bind(2, token_hash.data(), int(token_hash.size()));
  q.bind(3, invite.room);
  q.bind(4, invite.participant);
  q.bind(5, invite.created_ms);
  q.bind(6, invite.expires_ms);
  q.exec();
  tx.commit();
}

std::optional<Invite> Catalog::invite_by_token_hash(const std::string& token_hash) {
  std::lock_guard lock(mutex_);
  SQLite::Statement q(db_, std::string(kInviteColumns) + "WHERE token_hash=?");
  q.bind(1, token_hash.data(), int(token_hash.size()));
  if (!q.executeStep()) return std::nullopt;
  return read_invite(q);
}

std::optional<Invite> Catalog::invite(const std::string& id) {
  std::lock_guard lock(mutex_);
  return query_one<Invite>(db_, std::string(kInviteColumns) + "WHERE id=?", read_invite, id);
}

std::vector<Invite> Catalog::invites(const std::string& room) {
  std::lock_guard lock(mutex_);
  return query_all<Invite>(db_, std::string(kInviteColumns) + "WHERE room=? ORDER BY created_ms",
                           read_invite, room);
}

bool Catalog::revoke_invite(const std::string& id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement q(db_, "UPDATE invites SET revoked_ms=? WHERE id=? AND revoked_ms IS NULL");
  q.bind(1, now_ms);
  q.bind(2, id);
  if (q.exec() == 0) return false;
  SQLite::Statement d(db_, "DELETE FROM sessions WHERE invite=?");
  d.bind(1, id);
  d.exec();
  tx.commit();
  return true;
}

void Catalog::create_session(const std::string& token_hash, const Session& s) {
  std::lock_guard lock(mutex_);
  SQLite::Statement q(db_,
                      "INSERT INTO sessions(token_hash, mediator, participant, invite, expires_ms) "
                      "VALUES (?,?,?,?,?)");
  q.bind(1, token_hash.data(), int(token_hash.size()));
  bind_optional(q, 2, s.mediator);
  bind_optional(q, 3, s.participant);
  bind_optional(q, 4, s.invite);
  q.bind(5, s.expires_ms);
  q.exec();
}

std::optional<Session> Catalog::session(const std::string& token_hash, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  SQLite::Statement q(db_,
                      "SELECT mediator, participant, invite, expires_ms FROM sessions "
                      "WHERE token_hash=? AND expires_ms>?");
  q.bind(1, token_hash.data(), int(token_hash.size()));
  q.bind(2, now_ms);
  if (!q.executeStep()) return std::nullopt;
  return Session{optional_text(q.getColumn(0)), optional_text(q.getColumn(1)),
                 optional_text(q.getColumn(2)), q.getColumn(3).getInt64()};
}

void Catalog::delete_session(const std::string& token_hash) {
  std::lock_guard lock(mutex_);
  SQLite::Statement q(db_, "DELETE FROM sessions WHERE token_hash=?");
  q.bind(1, token_hash.data(), int(token_hash.size()));
  q.exec();
}

bool Catalog::healthy() {
  std::lock_guard lock(mutex_);
  try {
    return db_.execAndGet("SELECT 1").getInt() == 1;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace mr::store
