#pragma once
// Uploads in progress (PROTOCOL.md §7): each is a file under <data>/uploads/ that grows chunk by
// chunk (a chunk is at most one request body, so nothing is held whole in memory) with a running
// SHA-256. A chunk is written only once it has arrived whole, so a request cut off half-way adds
// nothing; the upload can go on from where it is. Uploads left idle are deleted.
// Thread-safety: every member function may be called from any thread.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>

#include "crypto/sha256.hpp"
#include "room/policy.hpp"

namespace mr::api {

struct UploadView {
  std::string id, room, owner, name;  // owner: the participant who started it
  room::Channel channel = room::Channel::main;
  std::int64_t size = 0, offset = 0;
};

// The last chunk has arrived: the file, whole and fsynced, and its hash.
struct CompletedUpload {
  UploadView upload;
  std::filesystem::path file;
  std::string sha256;
};

class Uploads {
 public:
  using Clock = std::chrono::steady_clock;
  Uploads(std::filesystem::path data_dir, std::int64_t max_size);

  std::int64_t max_size() const { return max_size_; }
  // nullopt if the directory cannot take it (a full disk).
  std::optional<UploadView> create(const std::string& room, const std::string& owner,
                                   room::Channel channel, const std::string& name,
                                   std::int64_t size);
  // The upload, if it exists and is `owner`'s in `room`.
  std::optional<UploadView> find(const std::string& id, const std::string& room,
                                 const std::string& owner);

  struct Conflict {
    UploadView upload;  // offset is not where the upload is, or the bytes go past its size
  };
  struct Failed {};  // the disk refused the bytes
  using Appended = std::variant<UploadView, CompletedUpload, Conflict, Failed>;
  // Appends `bytes` at `offset` to the caller's upload (nullopt: no such upload of theirs).
  std::optional<Appended> append(const std::string& id, const std::string& room,
                                 const std::string& owner, std::int64_t offset,
                                 const std::string& bytes);
  // Deletes the upload and its bytes; false if there was none of theirs.
  bool cancel(const std::string& id, const std::string& room, const std::string& owner);
  // Deletes uploads idle for longer than `idle`; answers how many. (A completed upload's file is
  // the caller's: it moves it into the blob store or removes it.)
  std::size_t expire(Clock::duration idle);

 private:
  struct Entry {
    UploadView view;
    std::filesystem::path file;
    std::unique_ptr<crypto::Sha256Stream> hash;
    Clock::time_point touched;
    bool busy = false;  // a chunk is being written (outside the lock)
  };
  std::filesystem::path dir_;
  std::int64_t max_size_;
  std::mutex mutex_;
  std::map<std::string, Entry> uploads_;
};

}  // namespace mr::api
