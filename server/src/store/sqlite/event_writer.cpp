#include "store/sqlite/event_writer.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "metrics/metrics.hpp"
#include "store/sqlite/connection.hpp"

namespace mr::store::sqlite {

namespace {
// A busy database (the CLI writing while the server runs) is tried again this often, with a
// growing pause, before the batch is refused.
constexpr int kBusyRetries = 3;
}  // namespace

void insert_checkpoint(SQLite::Database& db, const StoredCheckpoint& c) {
  SQLite::Statement insert(
      db,
      "INSERT OR IGNORE INTO checkpoints(room, size, root, note, created_ms) VALUES (?,?,?,?,?)");
  insert.bind(1, c.room);
  insert.bind(2, c.size);
  insert.bind(3, c.root.data(), int(c.root.size()));
  insert.bind(4, c.note);
  insert.bind(5, c.created_ms);
  insert.exec();
}

EventWriter::EventWriter(SQLite::Database db, CheckpointLog* witness)
    : db_(std::move(db)),
      witness_(witness),
      insert_event_(db_,
                    "INSERT INTO events(room, seq, time_ms, actor, kind, channel, client_id, "
                    "header, body) VALUES (?,?,?,?,?,?,?,?,?)"),
      thread_([this] { run(); }) {}

EventWriter::~EventWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void EventWriter::append(std::uint64_t stream, Row row, Store::Done done) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({stream, std::move(row), std::move(done)});
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

void EventWriter::insert(const Item& item) {
  if (const auto* e = std::get_if<StoredEvent>(&item.row)) {
    insert_event_.reset();
    insert_event_.bind(1, e->room);
    insert_event_.bind(2, e->seq);
    insert_event_.bind(3, e->time_ms);
    insert_event_.bind(4, e->actor);
    insert_event_.bind(5, e->kind);
    insert_event_.bind(6, e->channel);
    if (e->client_id)
      insert_event_.bind(7, *e->client_id);
    else
      insert_event_.bind(7);
    insert_event_.bindNoCopy(8, e->header.data(), int(e->header.size()));
    insert_event_.bindNoCopy(9, e->body.data(), int(e->body.size()));
    insert_event_.exec();
  } else if (const auto* c = std::get_if<StoredCheckpoint>(&item.row)) {
    insert_checkpoint(db_, *c);
  } else if (const auto* t = std::get_if<StoredTimestamp>(&item.row)) {
    SQLite::Statement q(db_,
                        "INSERT OR IGNORE INTO timestamp_tokens(room, size, token, tsa_time_ms, "
                        "created_ms) VALUES (?,?,?,?,?)");
    q.bind(1, t->room);
    q.bind(2, t->size);
    q.bind(3, t->token.data(), int(t->token.size()));
    q.bind(4, t->tsa_time_ms);
    q.bind(5, t->created_ms);
    q.exec();
  } else {
    const auto& u = std::get<CaseSummaryUpdate>(item.row);
    SQLite::Statement q(db_, "UPDATE rooms SET case_summary=? WHERE id=?");
    q.bind(1, u.case_summary);
    q.bind(2, u.room);
    q.exec();
  }
}

EventWriter::Attempt EventWriter::write_batch(const Batch& batch, std::uint64_t& written) {
  written = 0;
  std::size_t current = 0;
  bool in_items = false;
  try {
    SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
    in_items = true;
    for (current = 0; current < batch.size(); ++current) {
      if (refused_streams_.count(batch[current].stream)) continue;
      insert(batch[current]);
      written += std::holds_alternative<StoredEvent>(batch[current].row);
    }
    in_items = false;
    tx.commit();
    return {};
  } catch (const SQLite::Exception& e) {
    insert_event_.tryReset();
    const auto code = make_error_code(classify(e));
    spdlog::error("store: batch of {} not committed: {}", batch.size(), e.what());
    // A fault of one item's own insert (a duplicate seq, say) is that room's; a busy or full
    // database, or a failed commit, is everyone's.
    if (in_items && code == StoreErrc::constraint) return {code, current};
    return {code, std::nullopt};
  }
}

// The checkpoints of a committed batch go to the witness file too. Should it fail to take them,
// they are still stored: the file only ever lags the database, and a lag is no false alarm.
void EventWriter::witness(const Batch& batch) {
  if (!witness_) return;
  std::vector<StoredCheckpoint> committed;
  for (const auto& item : batch)
    if (const auto* c = std::get_if<StoredCheckpoint>(&item.row);
        c && !refused_streams_.count(item.stream))
      committed.push_back(*c);
  if (!committed.empty()) witness_->append(committed);
}

void EventWriter::run() {
  Batch batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      batch.swap(queue_);
    }
    const auto began = std::chrono::steady_clock::now();
    std::uint64_t written = 0;
    std::error_code error;
    for (int busy = 0;;) {
      auto attempt = write_batch(batch, written);
      error = attempt.error;
      if (!error) break;
      if (attempt.culprit) {
        refused_streams_.emplace(batch[*attempt.culprit].stream, error);
        continue;  // the others of the batch are written again without that stream
      }
      if (transient(error) && ++busy <= kBusyRetries) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50 * busy));
        continue;
      }
      // The whole batch failed: no stream in it may append after this gap.
      for (const auto& item : batch) refused_streams_.emplace(item.stream, error);
      break;
    }
    if (!error) witness(batch);
    {
      std::lock_guard lock(mutex_);
      if (!error) {
        ++batches_;
        events_ += written;
      }
    }
    if (!error) metrics::batch_committed(written, std::chrono::steady_clock::now() - began);
    for (auto& item : batch) {
      if (!item.done) continue;
      auto refused = refused_streams_.find(item.stream);
      item.done(error                               ? error
                : refused != refused_streams_.end() ? refused->second
                                                    : std::error_code());
    }
    batch.clear();
  }
}

}  // namespace mr::store::sqlite
