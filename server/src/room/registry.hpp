#pragma once
// The rooms this server has loaded, by id. A room is loaded from the store on first use (without
// holding the registry's lock, so other rooms are not kept waiting) and unloaded once it has been
// quiet for a while, so memory holds only the rooms in use.
// Thread-safety: all member functions may be called from any thread.
#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "room/room.hpp"

namespace mr::room {

class Registry {
 public:
  // Where a room's work runs, by its id: an executor that runs one handler at a time.
  using Placement = std::function<boost::asio::any_io_executor(const std::string& room)>;
  Registry(Placement place, RoomServices services);

  // The room, loading it if needed; nullptr if no such room exists, the store's error if it
  // cannot be read. While the returned pointer (or a copy) lives, the room stays loaded.
  store::Result<std::shared_ptr<Room>> get(const std::string& id);
  // The room only if it is loaded (no store access).
  std::shared_ptr<Room> loaded(const std::string& id);
  void end_all();
  // Lets go of every room and of the connections they still hold (a room and its members hold
  // each other until a member leaves). Only once the I/O threads have stopped.
  void release_all();
  // Unloads every room nobody holds that has been quiet for at least `idle`; answers how many.
  std::size_t unload_idle(std::chrono::steady_clock::duration idle);
  std::size_t size();

 private:
  using Loading = std::shared_future<store::Result<std::shared_ptr<Room>>>;
  std::shared_ptr<Room> hold(const std::shared_ptr<Room>& room);

  Placement place_;
  RoomServices services_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Room>> rooms_;
  std::unordered_map<std::string, Loading> loading_;
};

}  // namespace mr::room
