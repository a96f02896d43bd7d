#include "store/event_writer.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <spdlog/spdlog.h>

#include <atomic>

#include "store/database.hpp"

namespace mr::store {

void insert_checkpoint(SQLite::Database& db, const StoredCheckpoint& c) {
  SQLite::Statement insert(
      db, "INSERT OR IGNORE INTO checkpoints(room, size, root, note, created_ms) VALUES (?,?,?,?,?)");
  insert.bind(1, c.room);
  insert.bind(2, c.size);
  insert.bind(3, c.root.data(), int(c.root.size()));
  insert.bind(4, c.note);
  insert.bind(5, c.created_ms);
  insert.exec();
}

EventWriter::EventWriter(const std::filesystem::path& data_dir) {
  // Open on the caller's thread first so a bad data directory fails at start-up, not later.
  open_database(data_dir);
  thread_ = std::thread([this, data_dir] { run(data_dir); });
}

EventWriter::~EventWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void EventWriter::append(std::uint64_t stream, StoredEvent event, Done done) {
  enqueue({stream, std::move(event), std::move(done)});
}

void EventWriter::append_checkpoint(std::uint64_t stream, StoredCheckpoint checkpoint, Done done) {
  enqueue({stream, std::move(checkpoint), std::move(done)});
}

std::uint64_t EventWriter::new_stream_id() {
  static std::atomic<std::uint64_t> next{1};
  return next++;
}

void EventWriter::enqueue(Item item) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(item));
  }
  wake_.notify_one();
}

std::uint64_t EventWriter::batches() const {
  std::lock_guard lock(mutex_);
  return batches_;
}

std::uint64_t EventWriter::events() const {
  std::lock_guard lock(mutex_);
  return events_;
}

void EventWriter::run(std::filesystem::path data_dir) {
  SQLite::Database db = open_database(data_dir);
  SQLite::Statement insert_event(db,
                                 "INSERT INTO events(room, seq, time_ms, actor, kind, channel, "
                                 "client_id, header, body) VALUES (?,?,?,?,?,?,?,?,?)");

  std::deque<Item> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      batch.swap(queue_);
    }
    std::vector<bool> skipped(batch.size(), false);
    for (std::size_t i = 0; i < batch.size(); ++i)
      skipped[i] = failed_streams_.count(batch[i].stream) > 0;
    bool committed = true;
    std::uint64_t written = 0;
    try {
      SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
      for (std::size_t i = 0; i < batch.size(); ++i) {
        auto& item = batch[i];
        if (skipped[i]) continue;
        if (auto* e = std::get_if<StoredEvent>(&item.row)) {
          insert_event.bind(1, e->room);
          insert_event.bind(2, e->seq);
          insert_event.bind(3, e->time_ms);
          insert_event.bind(4, e->actor);
          insert_event.bind(5, e->kind);
          insert_event.bind(6, e->channel);
          if (e->client_id)
            insert_event.bind(7, *e->client_id);
          else
            insert_event.bind(7);
          insert_event.bindNoCopy(8, e->header.data(), int(e->header.size()));
          insert_event.bindNoCopy(9, e->body.data(), int(e->body.size()));
          insert_event.exec();
          insert_event.reset();
          ++written;
        } else {
          insert_checkpoint(db, std::get<StoredCheckpoint>(item.row));
        }
      }
      tx.commit();
    } catch (const std::exception& ex) {
      spdlog::error("store: batch of {} not committed: {}", batch.size(), ex.what());
      insert_event.tryReset();
      committed = false;
      for (auto& item : batch) failed_streams_.insert(item.stream);
    }
    {
      std::lock_guard lock(mutex_);
      if (committed) {
        ++batches_;
        events_ += written;
      }
    }
    for (std::size_t i = 0; i < batch.size(); ++i)
      if (batch[i].done) batch[i].done(committed && !skipped[i]);
    batch.clear();
  }
}

}  // namespace mr::store
