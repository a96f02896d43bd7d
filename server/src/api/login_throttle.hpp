#pragma once
// Slows down password guessing: after `max_failures` failed logins for one login name within
// `window`, further attempts for it are refused until the oldest failure leaves the window.
// (Argon2id makes each guess slow; this makes many guesses impossible.)
// Thread-safety: all member functions may be called from any thread.
#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace mr::api {

class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  LoginThrottle(int max_failures = 5, Clock::duration window = std::chrono::minutes(5))
      : max_failures_(max_failures), window_(window) {}

  // Zero if an attempt may be made now, else how long until one may.
  Clock::duration wait(const std::string& login, Clock::time_point now = Clock::now());
  void failed(const std::string& login, Clock::time_point now = Clock::now());
  void succeeded(const std::string& login);

 private:
  void forget_old(std::deque<Clock::time_point>& failures, Clock::time_point now) const;

  const int max_failures_;
  const Clock::duration window_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<Clock::time_point>> failures_;
};

}  // namespace mr::api
