#pragma once
// The store's single writer. Appends from every room queue here; one thread commits whatever has
// queued up in one transaction (group commit: one fsync per batch, never per event) and then
// reports each append's outcome in queue order. Internal to store/sqlite.
//
// One room's bad append does not fail the others of its batch: the batch is written again
// without that room's stream. A busy database is retried before anything is refused.
//
// Thread-safety: append() may be called from any thread. Callbacks run on the writer thread;
// they must be short (post to your own strand).
#include <SQLiteCpp/Database.h>

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <variant>

#include "store/sqlite/checkpoint_log.hpp"
#include "store/store.hpp"

namespace mr::store::sqlite {

// Keeps a signed checkpoint. The first one stored for a (room, size) stays: Ed25519 signatures
// are deterministic, so a second signing of the same size by the same key is the same note.
void insert_checkpoint(SQLite::Database& db, const StoredCheckpoint& checkpoint);

class EventWriter {
 public:
  using Row = std::variant<StoredEvent, StoredCheckpoint, CaseSummaryUpdate, StoredTimestamp>;
  // Checkpoints committed are also appended to `witness`, when given, before they are reported.
  EventWriter(SQLite::Database db, CheckpointLog* witness);
  ~EventWriter();  // commits what is queued, then stops
  EventWriter(const EventWriter&) = delete;
  EventWriter& operator=(const EventWriter&) = delete;

  void append(std::uint64_t stream, Row row, Store::Done done);

  std::uint64_t batches() const;
  std::uint64_t events() const;

 private:
  struct Item {
    std::uint64_t stream;
    Row row;
    Store::Done done;
  };
  using Batch = std::deque<Item>;
  void run();
  // Writes every item whose stream is not refused, in one transaction. On a fault in one item,
  // answers that item's index so the caller refuses its stream and writes the batch again.
  struct Attempt {
    std::error_code error;               // empty: committed
    std::optional<std::size_t> culprit;  // the item whose own write failed (not the commit)
  };
  Attempt write_batch(const Batch& batch, std::uint64_t& written);
  void insert(const Item& item);
  void witness(const Batch& batch);

  SQLite::Database db_;
  CheckpointLog* witness_;
  SQLite::Statement insert_event_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  Batch queue_;
  // Streams refused so far, with the reason (writer thread only).
  std::unordered_map<std::uint64_t, std::error_code> refused_streams_;
  bool stopping_ = false;
  std::uint64_t batches_ = 0, events_ = 0;
  std::thread thread_;
};

}  // namespace mr::store::sqlite
