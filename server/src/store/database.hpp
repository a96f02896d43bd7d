#pragma once
// One SQLite connection with the project's pragmas and schema. Not thread-safe by itself: the
// owner serialises access (Catalog with its mutex, EventWriter on its own thread).
#include <SQLiteCpp/Database.h>
#include <filesystem>

namespace mr::store {

// Opens (creating if needed) <data_dir>/mediation.db in WAL mode with synchronous=FULL and
// applies any missing migration. Safe to call from several processes at once.
SQLite::Database open_database(const std::filesystem::path& data_dir);

}  // namespace mr::store
