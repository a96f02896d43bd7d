#include "chatter.hpp"

#include "room_fixture.hpp"

namespace mr::test {

Chatter::Chatter(std::unique_ptr<WsClient> ws, std::string prefix, std::string channel)
    : ws_(std::move(ws)),
      prefix_(std::move(prefix)),
      channel_(std::move(channel)),
      thread_([this] { run(); }) {}

Chatter::~Chatter() { stop(); }

void Chatter::run() {
  for (int n = 0; !stopping_; ++n) {
    const auto text = prefix_ + " " + std::to_string(n);
    std::string problem;
    try {
      // Ids are ASCII (PROTOCOL.md §4); the address of this Chatter keeps them apart.
      const auto id = "chat-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)) + "-" +
                      std::to_string(n);
      ws_->send(send_frame(id, channel_, text));
      auto ack = ws_->next_of_type("ack");
      std::lock_guard lock(mutex_);
      acks_[ack["seq"].get<std::int64_t>()] = text;
    } catch (const std::exception& e) {
      problem = e.what();
    }
    std::lock_guard lock(mutex_);
    if (!problem.empty()) failure_ = problem;
    progressed_.notify_all();
    if (!problem.empty()) return;
  }
}

bool Chatter::wait_for_more(std::size_t n, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const auto target = acks_.size() + n;
  return progressed_.wait_for(lock, timeout, [&] {
    return acks_.size() >= target || !failure_.empty();
  }) && failure_.empty();
}

std::map<std::int64_t, std::string> Chatter::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  return acks_;
}

std::string Chatter::failure() const {
  std::lock_guard lock(mutex_);
  return failure_;
}

std::map<std::int64_t, std::string> Chatter::acks() const {
  std::lock_guard lock(mutex_);
  return acks_;
}

std::size_t Chatter::acked() const {
  std::lock_guard lock(mutex_);
  return acks_.size();
}

}  // namespace mr::test
