#pragma once
// The rooms this server has loaded, by id. A room is loaded from the store on first use and
// dropped if its store writes fail, so the next user reloads it from what was really committed.
// Thread-safety: all member functions may be called from any thread.
#include <boost/asio/any_io_executor.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "room/room.hpp"

namespace mr::room {

class Registry {
 public:
  Registry(boost::asio::any_io_executor executor, RoomServices services);

  // The room, loading it if needed; nullptr if no such room exists.
  std::shared_ptr<Room> get(const std::string& id);
  // The room only if it is loaded (no store access).
  std::shared_ptr<Room> loaded(const std::string& id);
  void end_all();

 private:
  boost::asio::any_io_executor executor_;
  RoomServices services_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Room>> rooms_;
};

}  // namespace mr::room
