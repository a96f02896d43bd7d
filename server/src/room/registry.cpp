#include "room/registry.hpp"

namespace mr::room {

Registry::Registry(boost::asio::any_io_executor executor, RoomServices services)
    : executor_(std::move(executor)), services_(std::move(services)) {}

std::shared_ptr<Room> Registry::get(const std::string& id) {
  std::lock_guard lock(mutex_);
  if (auto it = rooms_.find(id); it != rooms_.end()) return it->second;
  auto info = services_.catalog.room(id);
  if (!info) return nullptr;
  auto room = std::make_shared<Room>(executor_, std::move(*info), services_,
                                     [this](const std::string& failed) {
                                       std::lock_guard lock(mutex_);
                                       rooms_.erase(failed);
                                     });
  rooms_.emplace(id, room);
  return room;
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

}  // namespace mr::room
