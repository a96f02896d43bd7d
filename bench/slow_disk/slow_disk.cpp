// Links into mediation-room-slow-disk only: the server as it is, with every sync of its store
// MR_SYNC_DELAY_MS (default 2) milliseconds slower, as on a real disk (here an fsync takes
// 0.2-0.3 ms; a server disk's takes 1-2 ms). bench/run's slow-disk scenario runs it to show what
// group commit makes of a slow sync.
#include <cstdlib>
#include <string>

#include "fault_vfs.hpp"

namespace {

mr::test::FaultVfs& slow_disk() {
  static mr::test::FaultVfs vfs;
  return vfs;
}

[[maybe_unused]] const bool installed = [] {
  const char* given = std::getenv("MR_SYNC_DELAY_MS");
  const double ms = given ? std::stod(given) : 2.0;
  slow_disk().delay_syncs(std::chrono::microseconds(static_cast<long>(ms * 1000)));
  return true;
}();

}  // namespace
