#include "store/sqlite/online_backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <memory>

#include "store/sqlite/connection.hpp"

namespace mr::store::sqlite {
namespace {

struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Handle = std::unique_ptr<sqlite3, Closer>;

// Opens `file`; on failure `error` names it.
Handle open(const std::filesystem::path& file, int flags, std::string& error) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(file.c_str(), &db, flags, nullptr);
  Handle handle(db);
  if (rc != SQLITE_OK) {
    error = "cannot open " + file.string() + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    return nullptr;
  }
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  return handle;
}

}  // namespace

std::string copy_database(const std::filesystem::path& data_dir, const std::filesystem::path& out) {
  const auto from_file = database_file(data_dir);
  if (!std::filesystem::exists(from_file)) return "no store in " + data_dir.string();
  // Owner-only from the start: the copy holds everything said in every room.
  const int fd = ::open(out.c_str(), O_CREAT | O_EXCL | O_WRONLY, 0600);
  if (fd < 0) return "cannot create " + out.string();
  ::close(fd);
  std::string error;
  auto from = open(from_file, SQLITE_OPEN_READONLY, error);
  if (!from) return error;
  auto to = open(out, SQLITE_OPEN_READWRITE, error);
  if (!to) return error;
  sqlite3_backup* backup = sqlite3_backup_init(to.get(), "main", from.get(), "main");
  if (!backup) return std::string("cannot start the backup: ") + sqlite3_errmsg(to.get());
  // All pages in one step: one read transaction, so one consistent state of the store.
  int rc = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return std::string("the backup failed: ") + sqlite3_errstr(rc);
  // A single file: the copy needs no WAL beside it.
  rc = sqlite3_exec(to.get(), "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return std::string("cannot finish the copy: ") + sqlite3_errmsg(to.get());
  return "";
}

std::string adopt_restored_database(const std::filesystem::path& data_dir) {
  try {
    auto db = open_writable(data_dir);
    SQLite::Statement check(db, "PRAGMA integrity_check");
    while (check.executeStep()) {
      const std::string line = check.getColumn(0).getString();
      if (line != "ok") return "the restored store is damaged: " + line;
    }
    db.exec("UPDATE rooms SET epoch = epoch + 1");
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
}

}  // namespace mr::store::sqlite
