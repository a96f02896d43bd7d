#pragma once
// The embedded default store: SQLite in WAL mode, synchronous=FULL. Reads go through a pool of
// read connections; catalog writes (rare: a login, an invite) through one write connection under
// a mutex; event appends through the group-commit writer thread.
#include <memory>
#include <mutex>

#include "store/sqlite/event_writer.hpp"
#include "store/sqlite/read_pool.hpp"
#include "store/store.hpp"

namespace mr::store::sqlite {

class SqliteStore final : public Store {
 public:
  SqliteStore(const std::filesystem::path& data_dir, OpenMode mode);

  Result<void> add_mediator(const Mediator& m) override;
  Result<std::optional<Mediator>> mediator_by_login(const std::string& login) override;
  Result<std::optional<Mediator>> mediator_by_id(const std::string& id) override;
  Result<std::vector<Mediator>> mediators() override;

  Result<void> create_room(const RoomRow& room, const Participant& presiding,
                           const StoredEvent& first, const std::string& case_summary) override;
  Result<std::optional<RoomRow>> room(const std::string& id) override;
  Result<std::vector<RoomRow>> rooms_of_mediator(const std::string& mediator_id) override;
  Result<std::vector<RoomRow>> rooms() override;
  Result<std::vector<Participant>> participants(const std::string& room) override;
  Result<std::optional<Participant>> participant(const std::string& id) override;
  Result<std::optional<Participant>> mediator_participant(const std::string& room,
                                                          const std::string& mediator_id) override;
  Result<void> add_participant(const Participant& p) override;
  Result<void> remove_participant(const std::string& id, std::int64_t now_ms) override;
  Result<std::vector<CaseRow>> cases_of_mediator(const std::string& mediator_id) override;

  Result<void> create_invite(const Invite& invite, const std::string& token_hash,
                             const Participant& who) override;
  Result<std::optional<Invite>> invite_by_token_hash(const std::string& token_hash) override;
  Result<std::optional<Invite>> invite(const std::string& id) override;
  Result<std::vector<Invite>> invites(const std::string& room) override;
  Result<std::int64_t> revoke_invite(const std::string& id, std::int64_t now_ms) override;

  Result<void> create_session(const std::string& token_hash, const Session& s) override;
  Result<std::optional<Session>> session(const std::string& token_hash) override;
  Result<void> delete_session(const std::string& token_hash) override;
  Result<std::int64_t> purge_expired_sessions(std::int64_t now_ms) override;

  void append(std::uint64_t stream, StoredEvent event, Done done) override;
  void append_checkpoint(std::uint64_t stream, StoredCheckpoint checkpoint, Done done) override;
  void append_case_summary(std::uint64_t stream, CaseSummaryUpdate update, Done done) override;
  void append_timestamp(std::uint64_t stream, StoredTimestamp timestamp, Done done) override;
  Result<std::vector<StoredEvent>> read_events(const std::string& room, std::int64_t first,
                                               std::int64_t last, std::size_t max_bytes) override;
  Result<void> for_each_event(const std::string& room, std::int64_t first,
                              const std::function<void(StoredEvent&&)>& visit) override;
  Result<std::int64_t> next_seq(const std::string& room) override;
  Result<std::vector<StoredCheckpoint>> checkpoints(const std::string& room) override;
  std::optional<StoredCheckpoint> witnessed_checkpoint(const std::string& room) override;
  Result<std::optional<std::int64_t>> seq_of_request(const std::string& room,
                                                     const std::string& actor,
                                                     const std::string& client_id) override;
  Result<RoomSnapshot> snapshot(const std::string& room) override;
  bool healthy() override;
  std::uint64_t batches() const override;
  std::uint64_t events_written() const override;

 private:
  // Runs `f(db)` on a pooled read connection; answers a store error if SQLite throws.
  template <typename F>
  auto read(const char* what, F&& f);
  // Runs `f(db)` on the write connection, under its mutex.
  template <typename F>
  auto write(const char* what, F&& f);

  std::unique_ptr<std::mutex> write_mutex_ = std::make_unique<std::mutex>();
  std::unique_ptr<CheckpointLog> witness_;      // <data>/checkpoints.log
  std::unique_ptr<SQLite::Database> write_db_;  // null when read-only
  std::unique_ptr<EventWriter> writer_;         // null when read-only
  ReadPool reads_;
};

}  // namespace mr::store::sqlite
