#pragma once
// The store's single writer. Appends from every room queue here; one thread commits whatever has
// queued up in one transaction (group commit: one fsync per batch, never per event) and then
// reports each append's outcome in queue order.
//
// Thread-safety: append() and append_checkpoint() may be called from any thread. Callbacks run on
// the writer thread; they must be short (post to your own strand).
#include <SQLiteCpp/Database.h>

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <variant>

#include "store/records.hpp"

namespace mr::store {

// Keeps a signed checkpoint. The first one stored for a (room, size) stays: Ed25519 signatures
// are deterministic, so a second signing of the same size by the same key is the same note.
void insert_checkpoint(SQLite::Database& db, const StoredCheckpoint& checkpoint);

class EventWriter {
 public:
  using Done = std::function<void(bool committed)>;

  explicit EventWriter(const std::filesystem::path& data_dir);
  ~EventWriter();  // commits what is queued, then stops
  EventWriter(const EventWriter&) = delete;
  EventWriter& operator=(const EventWriter&) = delete;

  // `stream` names the writer of a room's sequence (one loaded Room). Once a batch holding a
  // stream's item fails, every later item of that stream fails too, so a room's log can never
  // get a gap: the room is reloaded from the store under a new stream id.
  void append(std::uint64_t stream, StoredEvent event, Done done);
  void append_checkpoint(std::uint64_t stream, StoredCheckpoint checkpoint, Done done);
  static std::uint64_t new_stream_id();

  // Batches committed and events written so far (for metrics and benchmarks).
  std::uint64_t batches() const;
  std::uint64_t events() const;

 private:
  struct Item {
    std::uint64_t stream;
    std::variant<StoredEvent, StoredCheckpoint> row;
    Done done;
  };
  void enqueue(Item item);
  void run(std::filesystem::path data_dir);

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Item> queue_;
  std::unordered_set<std::uint64_t> failed_streams_;  // writer thread only
  bool stopping_ = false;
  std::uint64_t batches_ = 0, events_ = 0;
  std::thread thread_;
};

}  // namespace mr::store
