#pragma once
// A few read connections shared by every thread, so that readers run beside each other and
// beside the writer (SQLite's WAL). Internal to store/sqlite.
//
// Thread-safety: acquire() may be called from any thread; a lease is used by one thread.
#include <SQLiteCpp/Database.h>

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

namespace mr::store::sqlite {

class ReadPool {
 public:
  ReadPool(std::filesystem::path data_dir, std::size_t max_connections);

  class Lease {
   public:
    Lease(ReadPool& pool, std::unique_ptr<SQLite::Database> db) : pool_(pool), db_(std::move(db)) {}
    ~Lease() { pool_.give_back(std::move(db_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    SQLite::Database& db() { return *db_; }

   private:
    ReadPool& pool_;
    std::unique_ptr<SQLite::Database> db_;
  };

  // A connection, opening one if fewer than the maximum exist, else waiting for one. Throws
  // SQLite::Exception if a new connection cannot be opened.
  Lease acquire();

 private:
  void give_back(std::unique_ptr<SQLite::Database> db);

  std::filesystem::path data_dir_;
  std::size_t max_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<SQLite::Database>> idle_;
  std::size_t open_ = 0;
};

}  // namespace mr::store::sqlite
