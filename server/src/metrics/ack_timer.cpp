#include "metrics/ack_timer.hpp"

#include <algorithm>

#include "metrics/metrics.hpp"

namespace mr::metrics {

void AckTimer::arrived(std::string_view client_id) {
  std::lock_guard lock(mutex_);
  if (waiting_.size() == kKept) waiting_.erase(waiting_.begin());
  waiting_.emplace_back(std::string(client_id), std::chrono::steady_clock::now());
}

void AckTimer::acked(std::string_view client_id) {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(waiting_.begin(), waiting_.end(),
                         [&](const auto& w) { return w.first == client_id; });
  if (it == waiting_.end()) return;  // a duplicate, or one made way for newer sends
  ack_sent(std::chrono::steady_clock::now() - it->second);
  waiting_.erase(it);
}

}  // namespace mr::metrics
