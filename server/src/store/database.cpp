#include "store/database.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "store/schema.hpp"

namespace mr::store {

SQLite::Database open_database(const std::filesystem::path& data_dir) {
  // The store holds password hashes and everything said in every room: owner only.
  if (std::filesystem::create_directories(data_dir))
    std::filesystem::permissions(data_dir, std::filesystem::perms::owner_all);
  const auto file = data_dir / "mediation.db";
  if (!std::filesystem::exists(file)) {
    int fd = ::open(file.c_str(), O_CREAT | O_WRONLY, 0600);
    if (fd >= 0) ::close(fd);
  }
  SQLite::Database db(file.string(),
                      SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX);
  // The CLI may write while the server runs: wait for the other writer instead of failing.
  db.setBusyTimeout(10000);
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=FULL");
  db.exec("PRAGMA foreign_keys=ON");
  migrate(db);
  return db;
}

}  // namespace mr::store
