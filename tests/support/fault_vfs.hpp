#pragma once
// A SQLite VFS for tests that puts faults into the real store's file I/O: a write that fails, a
// full disk, an fsync that fails after its write reached the file, a torn write, and a crash
// (from one point on, no write, sync, truncate or delete reaches the disk). It can also make
// every sync slower, as a real disk's is (the benchmark's mediation-room-slow-disk). While a FaultVfs
// lives it is the process's default VFS, so the unchanged store opens its files through it; it
// passes everything else to the VFS that was the default before. Faults strike only the
// database and its WAL, never the -shm index (shared memory, not I/O) or temporary files.
//
// Thread-safety: arm() and the counters may be used from any thread while the store's threads
// do their I/O. One FaultVfs at a time.
#include <atomic>
#include <chrono>
#include <cstdint>

struct sqlite3_vfs;

namespace mr::test {

class FaultVfs {
 public:
  enum class Fault {
    none,
    write_error,  // the write is not made: SQLITE_IOERR_WRITE
    disk_full,    // the write is not made: SQLITE_FULL
    sync_fails,   // the sync fails (SQLITE_IOERR_FSYNC) though the bytes were written
    torn_write,   // the first half of the write reaches the file, then SQLITE_IOERR_WRITE
    crash,        // a torn write (or the sync not made), and no I/O at all from then on
  };

  FaultVfs();
  ~FaultVfs();
  FaultVfs(const FaultVfs&) = delete;
  FaultVfs& operator=(const FaultVfs&) = delete;

  // Makes the `nth` operation from now (1 = the next) that `fault` applies to fail: writes for
  // the write faults, syncs for sync_fails, any write or sync for crash. Once only, except crash,
  // which lasts until disarm().
  void arm(Fault fault, std::int64_t nth = 1);
  void disarm();
  // Every sync of the database and WAL takes `delay` longer (before it is made).
  void delay_syncs(std::chrono::microseconds delay) { sync_delay_us_ = delay.count(); }
  bool crashed() const { return crashed_.load(); }
  bool struck() const { return struck_.load(); }  // the armed fault has happened
  // Writes and syncs to the database and WAL so far: what a workload does, to choose faults in.
  std::int64_t operations() const { return writes_.load() + syncs_.load(); }

  // For the file methods (fault_vfs.cpp): what the next write or sync of a watched file gets.
  enum class Verdict { pass, fail, tear, full };
  Verdict on_write();
  Verdict on_sync();
  Verdict on_other_change();  // a truncate or delete: refused after a crash only
  std::chrono::microseconds sync_delay() const {
    return std::chrono::microseconds(sync_delay_us_.load());
  }

 private:
  Verdict strike(bool is_write);

  sqlite3_vfs* real_ = nullptr;
  sqlite3_vfs* shim_ = nullptr;
  std::atomic<Fault> armed_{Fault::none};
  std::atomic<std::int64_t> countdown_{0};
  std::atomic<std::int64_t> writes_{0}, syncs_{0}, sync_delay_us_{0};
  std::atomic<bool> crashed_{false}, struck_{false};
};

}  // namespace mr::test
