#pragma once
// Backups of a data directory (issue 15): one zip holding a consistent copy of the store (SQLite's
// online backup API, so the server may go on running), the server's and organisations' keys that
// sign and seal the record, and the documents' bytes, with a manifest of every file's SHA-256.
// The store is copied first and the files after it: blobs and keys are only ever added, so every
// one the copied store refers to is in the archive. Not copied: the development certificate
// (made again), the control socket and uploads still in progress.
// Thread-safe: no shared state; each call works on its own files.
#include <cstdint>
#include <filesystem>
#include <string>

namespace mr::backup {

struct BackupResult {
  std::string error;  // empty on success
  std::size_t files = 0;
  std::int64_t bytes = 0;
};

// Writes the backup of `data_dir` to `out` (replaced only once complete; owner-only).
BackupResult make_backup(const std::filesystem::path& data_dir, const std::filesystem::path& out);

// Puts the backup `archive` into `data_dir`, which must be new or empty; checks every file
// against the manifest and the store's integrity, and starts a new epoch in every room.
BackupResult restore_backup(const std::filesystem::path& archive,
                            const std::filesystem::path& data_dir);

}  // namespace mr::backup
