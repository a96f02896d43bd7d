#include "store/blob_store.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

namespace mr::store {
namespace fs = std::filesystem;

namespace {

bool hex_hash(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// A rename is durable once the directory holding it is synced.
bool sync_directory(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

FileBlobStore::FileBlobStore(fs::path data_dir) : root_(std::move(data_dir) / "blobs") {}

// The name is checked as a hash, so a path built from it can never leave the blob directory.
fs::path FileBlobStore::path_of(const std::string& sha256) const {
  return root_ / sha256.substr(0, 2) / sha256;
}

Result<void> FileBlobStore::put(const fs::path& file, const std::string& sha256) {
  if (!hex_hash(sha256)) return make_error_code(StoreErrc::failed);
  std::error_code ec;
  const auto target = path_of(sha256);
  fs::create_directories(target.parent_path(), ec);
  fs::permissions(root_, fs::perms::owner_all, ec);
  if (fs::exists(target)) {
    fs::remove(file, ec);  // stored once: the same bytes were shared before
    return {};
  }
  fs::rename(file, target, ec);
  if (ec || !sync_directory(target.parent_path())) {
    spdlog::error("blobs: cannot store {}: {}", sha256, ec.message());
    fs::remove(file, ec);
    return make_error_code(ec.value() == ENOSPC ? StoreErrc::full : StoreErrc::io);
  }
  return {};
}

std::optional<fs::path> FileBlobStore::find(const std::string& sha256) const {
  if (!hex_hash(sha256)) return std::nullopt;
  auto path = path_of(sha256);
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  return path;
}

}  // namespace mr::store
