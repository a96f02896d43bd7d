#include "api/login_throttle.hpp"

#include "metrics/metrics.hpp"

namespace mr::api {
namespace {
// Guessing at many login names must not grow memory without bound.
constexpr std::size_t kMaxTracked = 10000;
}  // namespace

void LoginThrottle::forget_old(std::deque<Clock::time_point>& failures,
                               Clock::time_point now) const {
  while (!failures.empty() && now - failures.front() >= window_) failures.pop_front();
}

LoginThrottle::Clock::duration LoginThrottle::wait(const std::string& login,
                                                   Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = failures_.find(login);
  if (it == failures_.end()) return {};
  forget_old(it->second, now);
  if (int(it->second.size()) < max_failures_) return {};
  metrics::login_throttled();
  return it->second.front() + window_ - now;
}

void LoginThrottle::failed(const std::string& login, Clock::time_point now) {
  metrics::login_failed();
  std::lock_guard lock(mutex_);
  if (failures_.size() >= kMaxTracked) {
    for (auto it = failures_.begin(); it != failures_.end();) {
      forget_old(it->second, now);
      it = it->second.empty() ? failures_.erase(it) : std::next(it);
    }
  }
  auto& failures = failures_[login];
  forget_old(failures, now);
  failures.push_back(now);
}

void LoginThrottle::succeeded(const std::string& login) {
  std::lock_guard lock(mutex_);
  failures_.erase(login);
}

}  // namespace mr::api
