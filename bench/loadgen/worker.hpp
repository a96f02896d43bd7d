#pragma once
// One load-generator thread: an io_context of its own, the participants of the rooms it was
// given, and their ledger. The main thread drives the phases through the public calls, which
// only post to the worker's thread; counters() and verify() are read after join().
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <thread>
#include <vector>

#include "ledger.hpp"
#include "options.hpp"
#include "setup.hpp"

namespace mr::loadgen {

class Participant;

struct RunConfig {
  boost::asio::ip::tcp::endpoint server;
  std::string host;  // Host header, "127.0.0.1:port"
  int text_bytes = 64;
  int slot_limit = 256;  // TLS handshakes in flight on this worker
  bool tls_resume = true;
  std::uint32_t total_participants = 0;
};

class Worker {
 public:
  Worker(const RunConfig& config, boost::asio::ssl::context& tls, Window& window);
  ~Worker();

  // Before start() only.
  void add_room(const RoomPlan& plan, std::uint32_t first_global_index);

  void start();
  void connect_all();
  // Rate: participant g of M sends first at t0 + interval * g / M, then every interval.
  void start_rate(std::chrono::steady_clock::time_point t0, std::chrono::milliseconds interval);
  void start_window(int window);
  void stop_sending();
  void drop_all(std::int64_t storm_start_ns);
  void close_all();
  void stop();  // stops the io_context and joins the thread

  // After stop(): deliveries the acknowledged messages called for, and those that never came.
  void verify(std::uint64_t& expected, std::uint64_t& missing) const;
  const Counters& counters() const { return counters_; }
  Progress& progress() { return progress_; }
  std::size_t participants() const { return participants_.size(); }

  // For participants, on the worker's thread.
  boost::asio::io_context& ioc() { return ioc_; }
  boost::asio::ssl::context& tls() { return tls_; }
  const RunConfig& config() const { return config_; }
  Counters& ledger() { return counters_; }
  const Window& window() const { return window_; }
  void acquire_slot(Participant* p);
  void release_slot();

 private:
  template <class F>
  void for_each(F f);

  RunConfig config_;
  boost::asio::ssl::context& tls_;
  Window& window_;
  Counters counters_;
  Progress progress_;
  boost::asio::io_context ioc_{1};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::deque<RoomLedger> rooms_;  // deque: participants keep references to their room
  std::vector<std::unique_ptr<Participant>> participants_;
  std::vector<std::uint32_t> global_index_;
  int slots_in_use_ = 0;
  std::deque<Participant*> waiting_;
  std::thread thread_;
};

}  // namespace mr::loadgen
