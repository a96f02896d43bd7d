#include "store/sqlite/read_pool.hpp"

#include "store/sqlite/connection.hpp"

namespace mr::store::sqlite {

ReadPool::ReadPool(std::filesystem::path data_dir, std::size_t max_connections)
    : data_dir_(std::move(data_dir)), max_(max_connections) {}

ReadPool::Lease ReadPool::acquire() {
  std::unique_lock lock(mutex_);
  returned_.wait(lock, [&] { return !idle_.empty() || open_ < max_; });
  if (!idle_.empty()) {
    auto db = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(db));
  }
  ++open_;
  lock.unlock();
  try {
    auto db = std::make_unique<SQLite::Database>(
        open_connection(database_file(data_dir_), SQLite::OPEN_READONLY));
    return Lease(*this, std::move(db));
  } catch (...) {
    std::lock_guard relock(mutex_);
    --open_;
    returned_.notify_one();
    throw;
  }
}

void ReadPool::give_back(std::unique_ptr<SQLite::Database> db) {
  if (!db) return;
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(db));
  }
  returned_.notify_one();
}

}  // namespace mr::store::sqlite
