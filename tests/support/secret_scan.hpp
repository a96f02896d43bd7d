#pragma once
// Looks for a secret (a raw invite or session token) anywhere in a data directory's database:
// every value of every table, and the raw bytes of the database and its WAL, so that neither a
// column nobody thought of nor an uncheckpointed page can hide it.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace mr::testing_support {

// "table.column" for each stored value that contains `secret`.
inline std::vector<std::string> columns_holding(const std::filesystem::path& data_dir,
                                                const std::string& secret) {
  SQLite::Database db((data_dir / "mediation.db").string(), SQLite::OPEN_READONLY);
  std::vector<std::string> tables, found;
  SQLite::Statement list(db, "SELECT name FROM sqlite_master WHERE type='table'");
  while (list.executeStep()) tables.push_back(list.getColumn(0).getString());
  for (const auto& table : tables) {
    SQLite::Statement rows(db, "SELECT * FROM \"" + table + "\"");
    while (rows.executeStep())
      for (int i = 0; i < rows.getColumnCount(); ++i) {
        const auto& value = rows.getColumn(i);
        const std::string bytes(static_cast<const char*>(value.getBlob()),
                                std::size_t(value.getBytes()));
        if (bytes.find(secret) != std::string::npos)
          found.push_back(table + "." + rows.getColumnName(i));
      }
  }
  return found;
}

// The database files (mediation.db, -wal) whose raw bytes contain `secret`.
inline std::vector<std::string> files_holding(const std::filesystem::path& data_dir,
                                              const std::string& secret) {
  std::vector<std::string> found;
  for (const char* name : {"mediation.db", "mediation.db-wal"}) {
    std::ifstream in(data_dir / name, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    if (bytes.str().find(secret) != std::string::npos) found.push_back(name);
  }
  return found;
}

}  // namespace mr::testing_support
