#pragma once
// A token bucket per connection: `rate` frames per second sustained, `burst` at once.
// Not thread-safe: used on one session's executor.
#include <chrono>

namespace mr::protocol {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  RateLimiter(double rate, double burst) : rate_(rate), burst_(burst), tokens_(burst) {}

  bool allow(Clock::time_point now = Clock::now()) {
    tokens_ = std::min(burst_, tokens_ + rate_ * std::chrono::duration<double>(now - last_).count());
    last_ = now;
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
  }

 private:
  double rate_, burst_, tokens_;
  Clock::time_point last_ = Clock::now();
};

}  // namespace mr::protocol
