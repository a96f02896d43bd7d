#include "room/presence.hpp"

namespace mr::room {

bool Presence::connect(const Identity& who) {
  auto [it, arrived] = people_.try_emplace(who.participant);
  it->second.identity = who;
  ++it->second.connections;
  return arrived;
}

void Presence::disconnect(const std::string& participant, Clock::time_point now) {
  auto it = people_.find(participant);
  if (it == people_.end() || it->second.connections == 0) return;
  if (--it->second.connections == 0) it->second.leaves_at = now + grace_;
}

std::vector<Identity> Presence::take_departures(Clock::time_point now) {
  std::vector<Identity> gone;
  for (auto it = people_.begin(); it != people_.end();) {
    if (it->second.connections == 0 && it->second.leaves_at <= now) {
      gone.push_back(std::move(it->second.identity));
      it = people_.erase(it);
    } else {
      ++it;
    }
  }
  return gone;
}

std::vector<Identity> Presence::take_everyone() {
  std::vector<Identity> all;
  for (auto& [_, e] : people_) all.push_back(std::move(e.identity));
  people_.clear();
  return all;
}

std::optional<Presence::Clock::time_point> Presence::next_departure() const {
  std::optional<Clock::time_point> next;
  for (const auto& [_, e] : people_)
    if (e.connections == 0 && (!next || e.leaves_at < *next)) next = e.leaves_at;
  return next;
}

std::vector<const Identity*> Presence::people() const {
  std::vector<const Identity*> out;
  for (const auto& [_, e] : people_) out.push_back(&e.identity);
  return out;
}

}  // namespace mr::room
