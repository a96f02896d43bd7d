#include "room/recent_requests.hpp"

namespace mr::room {

std::string RecentRequests::key(const std::string& participant, const std::string& client_id) {
  return participant + '\x1f' + client_id;
}

std::optional<std::int64_t> RecentRequests::find(const std::string& participant,
                                                 const std::string& client_id) const {
  auto it = seqs_.find(key(participant, client_id));
  if (it == seqs_.end()) return std::nullopt;
  return it->second;
}

void RecentRequests::remember(const std::string& participant, const std::string& client_id,
                              std::int64_t seq) {
  auto k = key(participant, client_id);
  if (!seqs_.emplace(k, seq).second) return;
  order_.push_back(std::move(k));
  while (seqs_.size() > capacity_ && !order_.empty()) {
    if (seqs_.erase(order_.front())) complete_ = false;
    order_.pop_front();
  }
  // Keys forgotten by forget() may linger in order_; keep it from growing past twice the window.
  if (order_.size() > 2 * capacity_ + 16) {
    std::deque<std::string> kept;
    for (auto& k2 : order_)
      if (seqs_.count(k2)) kept.push_back(std::move(k2));
    order_.swap(kept);
  }
}

void RecentRequests::forget(const std::string& participant, const std::string& client_id) {
  seqs_.erase(key(participant, client_id));
}

}  // namespace mr::room
