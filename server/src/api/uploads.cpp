#include "api/uploads.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "crypto/encoding.hpp"
#include "crypto/random.hpp"

namespace mr::api {
namespace fs = std::filesystem;

namespace {

// Writes `bytes` at the end of `file` (at `offset`) and, when `sync`, makes them durable. On a
// short or failed write the file is cut back to `offset`, as if nothing had come.
bool append_bytes(const fs::path& file, std::int64_t offset, const std::string& bytes, bool sync) {
  int fd = ::open(file.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = ::lseek(fd, offset, SEEK_SET) == offset;
  std::size_t done = 0;
  while (ok && done < bytes.size()) {
    const auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0)
      ok = false;
    else
      done += std::size_t(n);
  }
  if (ok && sync) ok = ::fsync(fd) == 0;
  if (!ok) (void)::ftruncate(fd, offset);
  ::close(fd);
  return ok;
}

}  // namespace

Uploads::Uploads(fs::path data_dir, std::int64_t max_size)
    : dir_(std::move(data_dir) / "uploads"), max_size_(max_size) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  fs::permissions(dir_, fs::perms::owner_all, ec);
  // What a previous run left half-done: its uploads are gone with its memory.
  for (const auto& f : fs::directory_iterator(dir_, ec)) fs::remove(f.path(), ec);
}

std::optional<UploadView> Uploads::create(const std::string& room, const std::string& owner,
                                          room::Channel channel, const std::string& name,
                                          std::int64_t size) {
  const auto id = "u" + crypto::random_hex(8);
  const auto file = dir_ / (id + ".part");
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return std::nullopt;
  ::close(fd);
  UploadView view{id, room, owner, name, channel, size, 0};
  std::lock_guard lock(mutex_);
  uploads_.emplace(id, Entry{view, file, std::make_unique<crypto::Sha256Stream>(), Clock::now()});
  return view;
}

std::optional<UploadView> Uploads::find(const std::string& id, const std::string& room,
                                        const std::string& owner) {
  std::lock_guard lock(mutex_);
  auto it = uploads_.find(id);
  if (it == uploads_.end() || it->second.view.room != room || it->second.view.owner != owner)
    return std::nullopt;
  return it->second.view;
}

std::optional<Uploads::Appended> Uploads::append(const std::string& id, const std::string& room,
                                                 const std::string& owner, std::int64_t offset,
                                                 const std::string& bytes) {
  Entry* entry = nullptr;
  {
    std::lock_guard lock(mutex_);
    auto it = uploads_.find(id);
    if (it == uploads_.end() || it->second.view.room != room || it->second.view.owner != owner)
      return std::nullopt;
    entry = &it->second;
    const auto& v = entry->view;
    if (entry->busy || offset != v.offset || bytes.empty() ||
        v.offset + std::int64_t(bytes.size()) > v.size)
      return Conflict{v};
    entry->busy = true;
  }
  // Outside the lock: other uploads go on meanwhile. Only this request touches the entry while
  // it is busy, and the map never moves its elements.
  const bool last = entry->view.offset + std::int64_t(bytes.size()) == entry->view.size;
  const bool ok = append_bytes(entry->file, offset, bytes, last);
  if (ok) entry->hash->update(bytes);
  std::lock_guard lock(mutex_);
  entry->busy = false;
  entry->touched = Clock::now();
  if (!ok) return Failed{};
  entry->view.offset += std::int64_t(bytes.size());
  if (!last) return entry->view;
  CompletedUpload done{entry->view, entry->file,
                       crypto::to_hex(crypto::as_view(entry->hash->finish()))};
  uploads_.erase(id);
  return done;
}

bool Uploads::cancel(const std::string& id, const std::string& room, const std::string& owner) {
  std::lock_guard lock(mutex_);
  auto it = uploads_.find(id);
  if (it == uploads_.end() || it->second.view.room != room || it->second.view.owner != owner ||
      it->second.busy)
    return false;
  std::error_code ec;
  fs::remove(it->second.file, ec);
  uploads_.erase(it);
  return true;
}

std::size_t Uploads::expire(Clock::duration idle) {
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  std::size_t removed = 0;
  std::error_code ec;
  for (auto it = uploads_.begin(); it != uploads_.end();) {
    if (!it->second.busy && now - it->second.touched >= idle) {
      fs::remove(it->second.file, ec);
      it = uploads_.erase(it);
      ++removed;
    } else {
      ++it;
    }
  }
  return removed;
}

}  // namespace mr::api
