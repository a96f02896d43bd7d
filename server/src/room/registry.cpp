#include "room/registry.hpp"

#include "metrics/metrics.hpp"

namespace mr::room {

Registry::Registry(Placement place, RoomServices services)
    : place_(std::move(place)), services_(std::move(services)) {}

// A pointer that counts as one holder of the room for as long as it (or a copy) lives. Taken
// under the registry's lock, so unload_idle never drops a room someone is about to use.
std::shared_ptr<Room> Registry::hold(const std::shared_ptr<Room>& room) {
  ++room->holders();
  return std::shared_ptr<Room>(room.get(), [room](Room*) { --room->holders(); });
}

store::Result<std::shared_ptr<Room>> Registry::get(const std::string& id) {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (auto it = rooms_.find(id); it != rooms_.end()) return hold(it->second);
    auto pending = loading_.find(id);
    if (pending == loading_.end()) break;
    // Another caller is loading it: wait without blocking the registry, then look again.
    auto loaded = pending->second;
    lock.unlock();
    auto result = loaded.get();
    if (!result || !*result) return result;
    lock.lock();
  }
  std::promise<store::Result<std::shared_ptr<Room>>> promise;
  loading_.emplace(id, promise.get_future().share());
  lock.unlock();

  store::Result<std::shared_ptr<Room>> result = std::shared_ptr<Room>();
  if (auto info = services_.store.room(id); !info)
    result = info.error();
  else if (*info)
    result = Room::load(place_(id), std::move(**info), services_);

  lock.lock();
  loading_.erase(id);
  if (result && *result) rooms_.emplace(id, *result);
  metrics::rooms_loaded(rooms_.size());
  promise.set_value(result);
  if (!result || !*result) return result;
  return hold(*result);
}

std::shared_ptr<Room> Registry::loaded(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = rooms_.find(id);
  return it == rooms_.end() ? nullptr : it->second;
}

void Registry::end_all() {
  std::lock_guard lock(mutex_);
  for (auto& [_, room] : rooms_) room->end_all();
}

void Registry::release_all() {
  std::lock_guard lock(mutex_);
  for (auto& [_, room] : rooms_) room->release_members();
  rooms_.clear();
}

std::size_t Registry::unload_idle(std::chrono::steady_clock::duration idle) {
  const auto since = std::chrono::steady_clock::now() - idle;
  std::lock_guard lock(mutex_);
  std::size_t dropped = 0;
  for (auto it = rooms_.begin(); it != rooms_.end();) {
    if (it->second->holders() == 0 && it->second->quiet_since(since)) {
      it = rooms_.erase(it);
      ++dropped;
    } else {
      ++it;
    }
  }
  metrics::rooms_loaded(rooms_.size());
  return dropped;
}

std::size_t Registry::size() {
  std::lock_guard lock(mutex_);
  return rooms_.size();
}

}  // namespace mr::room
