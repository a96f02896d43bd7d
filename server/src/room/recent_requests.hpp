#pragma once
// The client ids of a room's recent requests, so that a retried send makes no second event
// (PROTOCOL.md §3). Holds at most `capacity` of them, forgetting the oldest first; the store
// still knows the forgotten ones, so a miss is certain only while nothing has been forgotten.
// Thread-safety: none; lives on the room's executor.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>

namespace mr::room {

class RecentRequests {
 public:
  explicit RecentRequests(std::size_t capacity) : capacity_(capacity) {}

  std::optional<std::int64_t> find(const std::string& participant,
                                   const std::string& client_id) const;
  void remember(const std::string& participant, const std::string& client_id, std::int64_t seq);
  // An append that was refused: the id is free again.
  void forget(const std::string& participant, const std::string& client_id);
  // True while no id has been forgotten for lack of room: a miss then means "never sent".
  bool complete() const { return complete_; }
  std::size_t size() const { return seqs_.size(); }

 private:
  static std::string key(const std::string& participant, const std::string& client_id);

  std::size_t capacity_;
  std::unordered_map<std::string, std::int64_t> seqs_;
  std::deque<std::string> order_;  // oldest first; may hold keys already forgotten
  bool complete_ = true;
};

}  // namespace mr::room
