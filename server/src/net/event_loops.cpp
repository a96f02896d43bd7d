#include "net/event_loops.hpp"

#include <spdlog/spdlog.h>

#include <functional>
#include <stdexcept>
#include <thread>

namespace mr::net {

namespace asio = boost::asio;

namespace {
void run_until_stopped(asio::io_context& loop) {
  for (;;) {
    try {
      loop.run();
      return;
    } catch (const std::exception& e) {
      spdlog::critical("an event handler failed: {}; the server goes on", e.what());
    }
  }
}
}  // namespace

EventLoops::EventLoops(int count) {
  if (count < 1) throw std::invalid_argument("at least one event loop is needed");
  for (int i = 0; i < count; ++i) {
    // One thread per loop: Asio may then leave out the locking a shared loop needs.
    loops_.push_back(std::make_unique<asio::io_context>(1));
    guards_.push_back(asio::make_work_guard(*loops_.back()));
  }
}

asio::any_io_executor EventLoops::pick(std::string_view key) const {
  return loops_[std::hash<std::string_view>{}(key) % loops_.size()]->get_executor();
}

asio::any_io_executor EventLoops::next() {
  return loops_[turn_.fetch_add(1, std::memory_order_relaxed) % loops_.size()]->get_executor();
}

void EventLoops::run() {
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < loops_.size(); ++i)
    threads.emplace_back([loop = loops_[i].get()] { run_until_stopped(*loop); });
  run_until_stopped(first());
  for (auto& t : threads) t.join();
}

void EventLoops::stop() {
  guards_.clear();
  for (auto& loop : loops_) loop->stop();
}

}  // namespace mr::net
