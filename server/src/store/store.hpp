#pragma once
// The store behind one small interface (DESIGN §7): accounts, rooms, participants, invites and
// sessions; the append-only event log with its checkpoints. The SQLite implementation is the
// embedded default (store/sqlite/); a PostgreSQL one can satisfy the same interface later.
// Nothing above store/ sees SQL or a database handle.
//
// Thread-safety: every member function may be called from any thread. Reads run on a pool of
// connections (SQLite's WAL lets them run beside the writer); appends queue to one writer that
// commits them in batches (group commit) and reports each outcome on the writer's thread.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/records.hpp"
#include "store/result.hpp"

namespace mr::store {

class Store {
 public:
  // Called on the writer thread once an append is committed (no error) or refused; keep it short
  // (post to your own strand).
  using Done = std::function<void(std::error_code)>;

  virtual ~Store() = default;

  // Mediators. add_mediator answers StoreErrc::constraint when the login exists.
  virtual Result<void> add_mediator(const Mediator& m) = 0;
  virtual Result<std::optional<Mediator>> mediator_by_login(const std::string& login) = 0;
  virtual Result<std::optional<Mediator>> mediator_by_id(const std::string& id) = 0;
  virtual Result<std::vector<Mediator>> mediators() = 0;

  // Rooms and participants. create_room writes the room, its presiding mediator participant, the
  // room's first event (seq 0) and its first case summary in one transaction.
  virtual Result<void> create_room(const RoomRow& room, const Participant& presiding,
                                   const StoredEvent& first, const std::string& case_summary) = 0;
  virtual Result<std::optional<RoomRow>> room(const std::string& id) = 0;
  virtual Result<std::vector<RoomRow>> rooms_of_mediator(const std::string& mediator_id) = 0;
  virtual Result<std::vector<RoomRow>> rooms() = 0;
  virtual Result<std::vector<Participant>> participants(const std::string& room) = 0;
  virtual Result<std::optional<Participant>> participant(const std::string& id) = 0;
  virtual Result<std::optional<Participant>> mediator_participant(
      const std::string& room, const std::string& mediator_id) = 0;
  // Another participant of a room (an assisting mediator), and a mediator's removal from it.
  virtual Result<void> add_participant(const Participant& p) = 0;
  virtual Result<void> remove_participant(const std::string& id, std::int64_t now_ms) = 0;
  // The case list of a mediator: the rooms they preside or assist (and were not removed from),
  // newest first.
  virtual Result<std::vector<CaseRow>> cases_of_mediator(const std::string& mediator_id) = 0;

  // Invites: each creates its participant. Only the token's hash is stored.
  virtual Result<void> create_invite(const Invite& invite, const std::string& token_hash,
                                     const Participant& who) = 0;
  virtual Result<std::optional<Invite>> invite_by_token_hash(const std::string& token_hash) = 0;
  virtual Result<std::optional<Invite>> invite(const std::string& id) = 0;
  virtual Result<std::vector<Invite>> invites(const std::string& room) = 0;
  // Marks the invite and the sessions made from it revoked. Answers how many invites changed
  // (0: already revoked or unknown).
  virtual Result<std::int64_t> revoke_invite(const std::string& id, std::int64_t now_ms) = 0;

  // Sessions (cookies). Only the token's hash is stored.
  virtual Result<void> create_session(const std::string& token_hash, const Session& s) = 0;
  // The session, also when it has expired or was revoked (Session::valid_at tells), so that a
  // refusal can say which; purged some time after it ends.
  virtual Result<std::optional<Session>> session(const std::string& token_hash) = 0;
  virtual Result<void> delete_session(const std::string& token_hash) = 0;
  // Deletes sessions that ended (expired or revoked) before `now_ms`; answers how many.
  virtual Result<std::int64_t> purge_expired_sessions(std::int64_t now_ms) = 0;

  // The event log. `stream` names the writer of a room's sequence (one loaded Room): once an
  // append of a stream is refused, every later append of that stream is refused too, so a room's
  // log never gets a gap. One stream's refusal does not touch other streams in the same batch.
  virtual void append(std::uint64_t stream, StoredEvent event, Done done) = 0;
  virtual void append_checkpoint(std::uint64_t stream, StoredCheckpoint checkpoint, Done done) = 0;
  virtual void append_case_summary(std::uint64_t stream, CaseSummaryUpdate update, Done done) = 0;
  // A time-stamp token for a stored checkpoint; the first one kept for a (room, size) stays.
  virtual void append_timestamp(std::uint64_t stream, StoredTimestamp timestamp, Done done) = 0;
  static std::uint64_t new_stream_id();

  // Events of `room` with first <= seq <= last, in seq order; stops early once `max_bytes` of
  // header and body have been read (at least one event is returned if any exists).
  virtual Result<std::vector<StoredEvent>> read_events(const std::string& room, std::int64_t first,
                                                       std::int64_t last,
                                                       std::size_t max_bytes) = 0;
  // Calls `visit` for every event of `room` with seq >= first, in seq order, without holding
  // them all in memory.
  virtual Result<void> for_each_event(const std::string& room, std::int64_t first,
                                      const std::function<void(StoredEvent&&)>& visit) = 0;
  // The seq the next event of `room` gets (0 for an empty room).
  virtual Result<std::int64_t> next_seq(const std::string& room) = 0;
  virtual Result<std::vector<StoredCheckpoint>> checkpoints(const std::string& room) = 0;
  // The newest checkpoint of `room` the store witnessed outside its database, if it keeps such a
  // witness: a log that is shorter than this, or has another root at its size, was damaged.
  virtual std::optional<StoredCheckpoint> witnessed_checkpoint(const std::string& room) = 0;
  // The seq of the event `actor` sent with `client_id`, if any (idempotent retries).
  virtual Result<std::optional<std::int64_t>> seq_of_request(const std::string& room,
                                                             const std::string& actor,
                                                             const std::string& client_id) = 0;
  virtual Result<RoomSnapshot> snapshot(const std::string& room) = 0;

  // A trivial read, for /healthz.
  virtual bool healthy() = 0;

  // Group-commit counters (for metrics and benchmarks).
  virtual std::uint64_t batches() const = 0;
  virtual std::uint64_t events_written() const = 0;
};

enum class OpenMode { read_write, read_only };

// The embedded default: SQLite in WAL mode with synchronous=FULL under `data_dir`
// (<data_dir>/mediation.db, created owner-only). Throws std::runtime_error at start-up if the
// store cannot be opened, with the reason.
std::unique_ptr<Store> open_sqlite_store(const std::filesystem::path& data_dir,
                                         OpenMode mode = OpenMode::read_write);

}  // namespace mr::store
