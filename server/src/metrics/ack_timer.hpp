#pragma once
// Times one connection's sends from arrival to ack, for the ack latency histogram. Holds at most
// a few recent ids: a send that is refused never gets an ack, and its entry makes way for newer
// ones rather than grow.
//
// Thread-safety: arrived() and acked() may be called from any thread (the session's strand and
// the room's).
#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mr::metrics {

class AckTimer {
 public:
  void arrived(std::string_view client_id);
  void acked(std::string_view client_id);

 private:
  static constexpr std::size_t kKept = 64;
  std::mutex mutex_;
  std::vector<std::pair<std::string, std::chrono::steady_clock::time_point>> waiting_;
};

}  // namespace mr::metrics
