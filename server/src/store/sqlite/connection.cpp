#include "store/sqlite/connection.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <stdexcept>

#include "store/sqlite/wal_index_blocks.hpp"
#include "store/sqlite/schema.hpp"

namespace mr::store::sqlite {
namespace fs = std::filesystem;

namespace {

// The store holds password hashes and everything said in every room: owner only.
void make_private_directory(const fs::path& dir) {
  if (fs::create_directories(dir)) {
    fs::permissions(dir, fs::perms::owner_all);
    return;
  }
  const auto perms = fs::status(dir).permissions();
  if ((perms & (fs::perms::group_all | fs::perms::others_all)) != fs::perms::none) {
    spdlog::warn("data directory {} was readable by others; made it owner-only (0700)",
                 dir.string());
    fs::permissions(dir, fs::perms::owner_all);
  }
}

}  // namespace

fs::path database_file(const fs::path& data_dir) { return data_dir / "mediation.db"; }

SQLite::Database open_connection(const fs::path& file, int flags) {
  keep_wal_index_allocated();
  // The CLI may write while the server runs: wait for the other writer instead of failing.
  SQLite::Database db(file.c_str(), flags, kBusyTimeoutMs);
  // The WAL and its index stay when the last connection closes, so a server started again on a
  // full disk finds their blocks still allocated and can read.
  int persist = 1;
  sqlite3_file_control(db.getHandle(), "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
  return db;
}

SQLite::Database open_writable(const fs::path& data_dir) {
  try {
    make_private_directory(data_dir);
    const auto file = database_file(data_dir);
    if (!fs::exists(file)) {
      int fd = ::open(file.c_str(), O_CREAT | O_WRONLY, 0600);
      if (fd >= 0) ::close(fd);
    }
    auto db = open_connection(file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=FULL");
    db.exec("PRAGMA foreign_keys=ON");
    // 64 MiB of pages instead of 2: the index pages every commit touches (one per room) stay
    // in memory, where with the default each commit read dozens of them back (bench/RESULTS.md).
    db.exec("PRAGMA cache_size=-65536");
    migrate(db);
    return db;
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot open the store in " + data_dir.string() + ": " + e.what());
  }
}

StoreErrc classify(const SQLite::Exception& e) {
  switch (e.getErrorCode()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return StoreErrc::busy;
    case SQLITE_FULL:
      return StoreErrc::full;
    case SQLITE_IOERR:
      return StoreErrc::io;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return StoreErrc::corrupt;
    case SQLITE_CONSTRAINT:
      return StoreErrc::constraint;
    case SQLITE_NOTFOUND:
      return StoreErrc::not_found;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
      return StoreErrc::read_only;
    default:
      return StoreErrc::failed;
  }
}

}  // namespace mr::store::sqlite
