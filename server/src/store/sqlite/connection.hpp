#pragma once
// One SQLite connection with the project's pragmas, and the translation of SQLite's exceptions
// into store errors. Internal to store/sqlite. A connection is not thread-safe by itself: its
// owner serialises access (the read pool, the write mutex, the writer thread).
#include <SQLiteCpp/Database.h>
#include <spdlog/spdlog.h>

#include <filesystem>

#include "store/result.hpp"

namespace mr::store::sqlite {

// How long a statement waits for another writer (the CLI, say) before answering busy.
inline constexpr int kBusyTimeoutMs = 10000;

// <data_dir>/mediation.db
std::filesystem::path database_file(const std::filesystem::path& data_dir);

// One connection to `file` with the busy timeout, its WAL index kept allocated
// (wal_index_blocks.hpp) and the WAL files kept when it closes. Throws SQLite::Exception.
SQLite::Database open_connection(const std::filesystem::path& file, int flags);

// Creates the data directory (owner-only) and the database file (0600) if needed, tightens a
// directory that others may read, opens the file in WAL mode with synchronous=FULL and brings
// the schema up to date. Throws std::runtime_error with the reason if it cannot.
SQLite::Database open_writable(const std::filesystem::path& data_dir);

StoreErrc classify(const SQLite::Exception& e);

// Runs `f()` and answers its value, or the store error if SQLite threw; `what` names the
// operation in the log line.
template <typename F>
auto guarded(const char* what, F&& f) -> Result<decltype(f())> {
  try {
    if constexpr (std::is_void_v<decltype(f())>) {
      f();
      return {};
    } else {
      return f();
    }
  } catch (const SQLite::Exception& e) {
    auto code = classify(e);
    spdlog::error("store: {} failed: {} (sqlite {})", what, e.what(), e.getExtendedErrorCode());
    return make_error_code(code);
  }
}

}  // namespace mr::store::sqlite
