#pragma once
// A consistent copy of the store while the server runs, through SQLite's online backup API: the
// copy is the database as one read transaction saw it (WAL mode lets the writer go on meanwhile),
// so it holds every event committed before the copy began and no half of a batch.
// Thread-safe: each call opens its own connections.
#include <filesystem>
#include <string>

namespace mr::store::sqlite {

// Copies <data_dir>/mediation.db to `out` (a new file, 0600). Answers an error text, "" on success.
std::string copy_database(const std::filesystem::path& data_dir, const std::filesystem::path& out);

// Prepares a copy restored from a backup for serving: checks it is whole (integrity_check) and
// starts a new epoch in every room, so a client that saw events after the backup reloads rather
// than trusting its position (DESIGN §4). Answers an error text, "" on success.
std::string adopt_restored_database(const std::filesystem::path& data_dir);

}  // namespace mr::store::sqlite
