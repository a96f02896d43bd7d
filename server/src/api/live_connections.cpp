#include "api/live_connections.hpp"

#include <vector>

#include "protocol/room_connection.hpp"

namespace mr::api {

LiveConnections::Added LiveConnections::add(
    const std::shared_ptr<protocol::RoomConnection>& connection, Owner owner) {
  std::lock_guard lock(mutex_);
  std::size_t same_participant = 0, same_address = 0;
  for (const auto& [_, e] : open_) {
    same_participant += e.owner.participant == owner.participant;
    same_address += e.owner.address == owner.address;
  }
  if (same_participant >= caps_.per_participant) return Added::participant_full;
  if (same_address >= caps_.per_address) return Added::address_full;
  open_[connection.get()] = {connection, std::move(owner)};
  return Added::yes;
}

void LiveConnections::remove(const protocol::RoomConnection* connection) {
  std::lock_guard lock(mutex_);
  open_.erase(connection);
}

template <class Match>
std::size_t LiveConnections::end_where(Match match) {
  std::vector<std::shared_ptr<protocol::RoomConnection>> ending;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [_, e] : open_)
      if (match(e.owner))
        if (auto c = e.connection.lock()) ending.push_back(std::move(c));
  }
  // Outside the lock: closing may run on_closed, which removes the entry.
  for (auto& c : ending) c->end_access();
  return ending.size();
}

std::size_t LiveConnections::end_participant(const std::string& participant) {
  return end_where([&](const Owner& o) { return o.participant == participant; });
}

std::size_t LiveConnections::end_session(const std::string& session) {
  return end_where([&](const Owner& o) { return o.session == session; });
}

}  // namespace mr::api
