#pragma once
// One event loop per core: an io_context each, run by one thread of its own. Work pinned to a
// loop runs one handler at a time without a strand, and a room and the connections of its
// members share a loop (rooms are placed by their id), so a room's deliveries to them are plain
// calls: no lock, no hop between threads. Work that crosses loops is posted explicitly.
//
// Thread-safety: pick() and next() may be called from any thread; run() once, from one.
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <string_view>
#include <vector>

namespace mr::net {

class EventLoops {
 public:
  explicit EventLoops(int count);

  // The first loop: listeners, signals and timers of the server itself run there.
  boost::asio::io_context& first() { return *loops_.front(); }
  // The loop for `key` (a room's id), always the same one.
  boost::asio::any_io_executor pick(std::string_view key) const;
  // The loops in turn, for connections not yet in a room.
  boost::asio::any_io_executor next();
  std::size_t size() const { return loops_.size(); }

  // Runs the first loop on the calling thread and the others on threads of their own, until
  // stop(). An exception that escapes a handler is logged and its loop goes on, so one fault
  // never takes every room down with it.
  void run();
  void stop();

 private:
  using Guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
  std::vector<std::unique_ptr<boost::asio::io_context>> loops_;
  std::vector<Guard> guards_;  // a loop with nothing to do waits instead of returning
  std::atomic<unsigned> turn_{0};
};

}  // namespace mr::net
