#pragma once
// Load from one participant for a test: a thread that sends messages on its own connection one
// after another, each once the last is acknowledged, until stopped. Records every ack, so a test
// can check that the connection stayed open through whatever it did meanwhile and that every
// acknowledged message is kept.
#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "tls_client.hpp"

namespace mr::test {

class Chatter {
 public:
  // `ws` has completed hello. Messages are "<prefix> <n>" in `channel`.
  Chatter(std::unique_ptr<WsClient> ws, std::string prefix, std::string channel = "main");
  ~Chatter();

  // Blocks until at least `n` more messages have been acknowledged than when called; false if
  // they were not within `timeout` (or the connection failed).
  bool wait_for_more(std::size_t n, std::chrono::milliseconds timeout = 10s);
  // Stops sending (after the ack in flight). The acks, seq -> text.
  std::map<std::int64_t, std::string> stop();
  // What went wrong on the connection, if anything ("" while it is fine).
  std::string failure() const;
  std::size_t acked() const;
  // The acks so far, seq -> text.
  std::map<std::int64_t, std::string> acks() const;

 private:
  void run();

  std::unique_ptr<WsClient> ws_;
  std::string prefix_, channel_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::condition_variable progressed_;
  std::map<std::int64_t, std::string> acks_;
  std::string failure_;
  std::thread thread_;
};

}  // namespace mr::test
