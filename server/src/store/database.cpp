#include "store/database.hpp"

#include "store/schema.hpp"

namespace mr::store {

SQLite::Database open_database(const std::filesystem::path& data_dir) {
  std::filesystem::create_directories(data_dir);
  SQLite::Database db((data_dir / "mediation.db").string(),
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
