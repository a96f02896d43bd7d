#pragma once
// Accounts, rooms, participants, invites and sessions: everything but the event log.
// Used by the CLI (possibly while the server runs) and by the HTTP API.
//
// Thread-safety: every member function may be called from any thread; calls are serialised on
// one connection by an internal mutex. These are rare, short operations (a login, an invite).
#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/records.hpp"

namespace mr::store {

class Catalog {
 public:
  explicit Catalog(const std::filesystem::path& data_dir);

  // Mediators
  void add_mediator(const Mediator& m);  // throws if the login exists
  std::optional<Mediator> mediator_by_login(const std::string& login);
  std::optional<Mediator> mediator_by_id(const std::string& id);
  std::vector<Mediator> mediators();

  // Rooms and participants. create_room writes the room, its presiding mediator participant and
  // the room's first event (seq 0) in one transaction.
  void create_room(const RoomRow& room, const Participant& presiding, const StoredEvent& first);
  std::optional<RoomRow> room(const std::string& id);
  std::vector<RoomRow> rooms_of_mediator(const std::string& mediator_id);
  std::vector<RoomRow> rooms();
  std::vector<Participant> participants(const std::string& room);
  std::optional<Participant> participant(const std::string& id);
  std::optional<Participant> mediator_participant(const std::string& room,
                                                  const std::string& mediator_id);

  // Invites: each creates its participant. Only the token's hash is stored.
  void create_invite(const Invite& invite, const std::string& token_hash, const Participant& who);
  std::optional<Invite> invite_by_token_hash(const std::string& token_hash);
  std::optional<Invite> invite(const std::string& id);
  std::vector<Invite> invites(const std::string& room);
  // Marks the invite revoked and deletes the sessions made from it. False if already revoked.
  bool revoke_invite(const std::string& id, std::int64_t now_ms);

  // Sessions (cookies). Only the token's hash is stored.
  void create_session(const std::string& token_hash, const Session& s);
  std::optional<Session> session(const std::string& token_hash, std::int64_t now_ms);
  void delete_session(const std::string& token_hash);

  // A trivial query, for /healthz.
  bool healthy();

  // Run `f(db)` under the catalog's lock: for readers that need a consistent view (export).
  template <typename F>
  auto with_db(F&& f) {
    std::lock_guard lock(mutex_);
    return f(db_);
  }

 private:
  std::mutex mutex_;
  SQLite::Database db_;
};

}  // namespace mr::store
