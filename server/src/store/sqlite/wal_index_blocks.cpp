#include "store/sqlite/wal_index_blocks.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <mutex>
#include <string>
#include <string_view>

namespace mr::store::sqlite {
namespace {

constexpr off_t kPage = 4096;  // the page size unixShmMap grows the index by

using Pwrite = ssize_t (*)(int, const void*, size_t, off_t);
using Ftruncate = int (*)(int, off_t);
Pwrite real_pwrite = nullptr;
Ftruncate real_ftruncate = nullptr;

bool is_wal_index(int fd) {
  char path[4096];
  const auto n = ::readlink(("/proc/self/fd/" + std::to_string(fd)).c_str(), path, sizeof path);
  return n > 4 && std::string_view(path, std::size_t(n)).ends_with("-shm");
}

// The one-byte write at the end of a page that grows the index: the whole page first.
ssize_t pwrite_allocating(int fd, const void* data, size_t n, off_t at) {
  if (n == 1 && (at + 1) % kPage == 0 && is_wal_index(fd)) {
    if (const int err = ::posix_fallocate(fd, at + 1 - kPage, kPage); err != 0) {
      errno = err;
      return -1;
    }
  }
  return real_pwrite(fd, data, n, at);
}

// SQLite truncates an index to 3 bytes when the first connection opens it: zeroed in place.
int truncate_keeping_blocks(int fd, off_t length) {
  struct stat st {};
  if (length != 3 || ::fstat(fd, &st) != 0 || st.st_size <= 3 || !is_wal_index(fd))
    return real_ftruncate(fd, length);
  static const std::string zeros(32 * 1024, '\0');
  for (off_t at = 0; at < st.st_size; at += off_t(zeros.size())) {
    const auto n = std::min<off_t>(off_t(zeros.size()), st.st_size - at);
    if (::pwrite(fd, zeros.data(), std::size_t(n), at) != n) return real_ftruncate(fd, length);
  }
  return 0;
}

// Replaces `name` if this SQLite uses it (it uses either pwrite or pwrite64).
template <typename F>
void replace(sqlite3_vfs* vfs, const char* name, F& real, F replacement) {
  if (auto current = vfs->xGetSystemCall(vfs, name)) {
    real = reinterpret_cast<F>(current);
    vfs->xSetSystemCall(vfs, name, reinterpret_cast<sqlite3_syscall_ptr>(replacement));
  }
}

}  // namespace

void keep_wal_index_allocated() {
  static std::once_flag installed;
  std::call_once(installed, [] {
    auto* vfs = sqlite3_vfs_find(nullptr);
    replace(vfs, "pwrite", real_pwrite, pwrite_allocating);
    replace(vfs, "pwrite64", real_pwrite, pwrite_allocating);
    replace(vfs, "ftruncate", real_ftruncate, truncate_keeping_blocks);
  });
}

}  // namespace mr::store::sqlite
