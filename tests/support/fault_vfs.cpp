#include "fault_vfs.hpp"

#include <sqlite3.h>

#include <stdexcept>
#include <thread>

namespace mr::test {
namespace {

FaultVfs* g_faults = nullptr;  // the one FaultVfs, for the file methods

// A file of the shim: our header, then the real VFS's file right after it.
struct ShimFile {
  sqlite3_file base;
  bool watched;  // the database or its WAL
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

ShimFile* shim(sqlite3_file* f) { return reinterpret_cast<ShimFile*>(f); }
sqlite3_file* real(sqlite3_file* f) { return shim(f)->real(); }
sqlite3_vfs* real_vfs(sqlite3_vfs* v) { return static_cast<sqlite3_vfs*>(v->pAppData); }

int file_close(sqlite3_file* f) { return real(f)->pMethods->xClose(real(f)); }
int file_read(sqlite3_file* f, void* out, int n, sqlite3_int64 at) {
  return real(f)->pMethods->xRead(real(f), out, n, at);
}

int file_write(sqlite3_file* f, const void* data, int n, sqlite3_int64 at) {
  if (shim(f)->watched) {
    switch (g_faults->on_write()) {
      case FaultVfs::Verdict::pass:
        break;
      case FaultVfs::Verdict::fail:
        return SQLITE_IOERR_WRITE;
      case FaultVfs::Verdict::full:
        return SQLITE_FULL;
      case FaultVfs::Verdict::tear:
        real(f)->pMethods->xWrite(real(f), data, n / 2, at);
        return SQLITE_IOERR_WRITE;
    }
  }
  return real(f)->pMethods->xWrite(real(f), data, n, at);
}

int file_truncate(sqlite3_file* f, sqlite3_int64 size) {
  if (shim(f)->watched && g_faults->on_other_change() != FaultVfs::Verdict::pass)
    return SQLITE_IOERR_TRUNCATE;
  return real(f)->pMethods->xTruncate(real(f), size);
}

int file_sync(sqlite3_file* f, int flags) {
  if (shim(f)->watched) {
    if (const auto delay = g_faults->sync_delay(); delay.count() > 0)
      std::this_thread::sleep_for(delay);
    switch (g_faults->on_sync()) {
      case FaultVfs::Verdict::pass:
        break;
      case FaultVfs::Verdict::tear:  // the bytes reached the file, the sync reports a failure
        real(f)->pMethods->xSync(real(f), flags);
        return SQLITE_IOERR_FSYNC;
      default:
        return SQLITE_IOERR_FSYNC;
    }
  }
  return real(f)->pMethods->xSync(real(f), flags);
}

// Everything else goes straight to the real file.
int file_size(sqlite3_file* f, sqlite3_int64* out) { return real(f)->pMethods->xFileSize(real(f), out); }
int file_lock(sqlite3_file* f, int l) { return real(f)->pMethods->xLock(real(f), l); }
int file_unlock(sqlite3_file* f, int l) { return real(f)->pMethods->xUnlock(real(f), l); }
int file_reserved(sqlite3_file* f, int* out) {
  return real(f)->pMethods->xCheckReservedLock(real(f), out);
}
int file_control(sqlite3_file* f, int op, void* arg) {
  return real(f)->pMethods->xFileControl(real(f), op, arg);
}
int file_sector(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
int file_device(sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }
int shm_map(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
  return real(f)->pMethods->xShmMap(real(f), page, size, extend, out);
}
int shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
}
void shm_barrier(sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); }
int shm_unmap(sqlite3_file* f, int remove) { return real(f)->pMethods->xShmUnmap(real(f), remove); }
int fetch(sqlite3_file* f, sqlite3_int64 at, int n, void** out) {
  return real(f)->pMethods->xFetch(real(f), at, n, out);
}
int unfetch(sqlite3_file* f, sqlite3_int64 at, void* p) {
  return real(f)->pMethods->xUnfetch(real(f), at, p);
}

const sqlite3_io_methods kFileMethods = {
    3,          file_close,   file_read,     file_write,  file_truncate, file_sync,
    file_size,  file_lock,    file_unlock,   file_reserved, file_control, file_sector,
    file_device, shm_map,     shm_lock,      shm_barrier, shm_unmap,     fetch,
    unfetch};

int vfs_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  auto* s = shim(f);
  s->base.pMethods = nullptr;  // SQLite calls no method of a file that failed to open
  s->watched = (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL)) != 0;
  const int rc = real_vfs(vfs)->xOpen(real_vfs(vfs), name, s->real(), flags, out_flags);
  if (s->real()->pMethods) s->base.pMethods = &kFileMethods;
  return rc;
}

int vfs_delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  if (g_faults->on_other_change() != FaultVfs::Verdict::pass) return SQLITE_IOERR_DELETE;
  return real_vfs(vfs)->xDelete(real_vfs(vfs), name, sync_dir);
}
int vfs_access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return real_vfs(vfs)->xAccess(real_vfs(vfs), name, flags, out);
}
int vfs_full_pathname(sqlite3_vfs* vfs, const char* name, int n, char* out) {
  return real_vfs(vfs)->xFullPathname(real_vfs(vfs), name, n, out);
}
void* vfs_dl_open(sqlite3_vfs* vfs, const char* name) {
  return real_vfs(vfs)->xDlOpen(real_vfs(vfs), name);
}
void vfs_dl_error(sqlite3_vfs* vfs, int n, char* out) {
  real_vfs(vfs)->xDlError(real_vfs(vfs), n, out);
}
void (*vfs_dl_sym(sqlite3_vfs* vfs, void* lib, const char* name))(void) {
  return real_vfs(vfs)->xDlSym(real_vfs(vfs), lib, name);
}
void vfs_dl_close(sqlite3_vfs* vfs, void* lib) { real_vfs(vfs)->xDlClose(real_vfs(vfs), lib); }
int vfs_randomness(sqlite3_vfs* vfs, int n, char* out) {
  return real_vfs(vfs)->xRandomness(real_vfs(vfs), n, out);
}
int vfs_sleep(sqlite3_vfs* vfs, int us) { return real_vfs(vfs)->xSleep(real_vfs(vfs), us); }
int vfs_current_time(sqlite3_vfs* vfs, double* out) {
  return real_vfs(vfs)->xCurrentTime(real_vfs(vfs), out);
}
int vfs_last_error(sqlite3_vfs* vfs, int n, char* out) {
  return real_vfs(vfs)->xGetLastError(real_vfs(vfs), n, out);
}
int vfs_current_time_ms(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return real_vfs(vfs)->xCurrentTimeInt64(real_vfs(vfs), out);
}
// The store's WAL-index allocation (wal_index_blocks) overrides system calls of the default VFS.
int vfs_set_call(sqlite3_vfs* vfs, const char* name, sqlite3_syscall_ptr call) {
  return real_vfs(vfs)->xSetSystemCall(real_vfs(vfs), name, call);
}
sqlite3_syscall_ptr vfs_get_call(sqlite3_vfs* vfs, const char* name) {
  return real_vfs(vfs)->xGetSystemCall(real_vfs(vfs), name);
}
const char* vfs_next_call(sqlite3_vfs* vfs, const char* name) {
  return real_vfs(vfs)->xNextSystemCall(real_vfs(vfs), name);
}

}  // namespace

FaultVfs::FaultVfs() {
  if (g_faults) throw std::logic_error("one FaultVfs at a time");
  real_ = sqlite3_vfs_find(nullptr);
  if (!real_ || real_->iVersion < 3) throw std::runtime_error("no version 3 default SQLite VFS");
  shim_ = new sqlite3_vfs{3,
                          int(sizeof(ShimFile)) + real_->szOsFile,
                          real_->mxPathname,
                          nullptr,
                          "mr-fault-injection",
                          real_,
                          vfs_open,
                          vfs_delete,
                          vfs_access,
                          vfs_full_pathname,
                          vfs_dl_open,
                          vfs_dl_error,
                          vfs_dl_sym,
                          vfs_dl_close,
                          vfs_randomness,
                          vfs_sleep,
                          vfs_current_time,
                          vfs_last_error,
                          vfs_current_time_ms,
                          vfs_set_call,
                          vfs_get_call,
                          vfs_next_call};
  g_faults = this;
  sqlite3_vfs_register(shim_, 1);
}

FaultVfs::~FaultVfs() {
  sqlite3_vfs_unregister(shim_);
  sqlite3_vfs_register(real_, 1);  // the default again
  g_faults = nullptr;
  delete shim_;
}

void FaultVfs::arm(Fault fault, std::int64_t nth) {
  struck_ = false;
  countdown_ = nth;
  armed_ = fault;
}

void FaultVfs::disarm() {
  armed_ = Fault::none;
  crashed_ = false;
}

FaultVfs::Verdict FaultVfs::strike(bool is_write) {
  if (crashed_) return Verdict::fail;
  const Fault armed = armed_.load();
  const bool counts = armed == Fault::crash ||
                      (is_write ? armed == Fault::write_error || armed == Fault::disk_full ||
                                      armed == Fault::torn_write
                                : armed == Fault::sync_fails);
  if (!counts || --countdown_ != 0) return Verdict::pass;
  struck_ = true;
  switch (armed) {
    case Fault::crash:
      crashed_ = true;
      return is_write ? Verdict::tear : Verdict::fail;
    case Fault::write_error:
      armed_ = Fault::none;
      return Verdict::fail;
    case Fault::disk_full:
      armed_ = Fault::none;
      return Verdict::full;
    case Fault::torn_write:
      armed_ = Fault::none;
      return Verdict::tear;
    case Fault::sync_fails:
      armed_ = Fault::none;
      return Verdict::tear;  // the sync is made, and reported as failed
    case Fault::none:
      break;
  }
  return Verdict::pass;
}

FaultVfs::Verdict FaultVfs::on_write() {
  ++writes_;
  return strike(true);
}

FaultVfs::Verdict FaultVfs::on_sync() {
  ++syncs_;
  return strike(false);
}

FaultVfs::Verdict FaultVfs::on_other_change() {
  return crashed_ ? Verdict::fail : Verdict::pass;
}

}  // namespace mr::test
