#pragma once
// The newest signed checkpoint of each room, kept also outside the database: an append-only file
// <data>/checkpoints.log, one JSON line per checkpoint, fsynced before the checkpoint counts as
// stored. SQLite drops every WAL frame after a damaged one without a word; the store would then
// be behind its own signature, and this file is how the server notices (Store::witness).
// Internal to store/sqlite. Thread-safe.
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "store/records.hpp"

namespace mr::store::sqlite {

class CheckpointLog {
 public:
  // Reads what the file holds (a torn last line, from a crash while writing it, is left out) and,
  // when `writable`, opens it for appending. It grows by one line per checkpoint signed.
  CheckpointLog(std::filesystem::path file, bool writable);
  ~CheckpointLog();
  CheckpointLog(const CheckpointLog&) = delete;
  CheckpointLog& operator=(const CheckpointLog&) = delete;

  // Appends and fsyncs; false (and logged) if the file could not take them.
  bool append(const std::vector<StoredCheckpoint>& checkpoints);
  std::optional<StoredCheckpoint> latest(const std::string& room) const;

 private:
  std::filesystem::path file_;
  mutable std::mutex mutex_;
  std::map<std::string, StoredCheckpoint> latest_;
  int fd_ = -1;
};

}  // namespace mr::store::sqlite
