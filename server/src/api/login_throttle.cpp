#include "api/login_throttle.hpp"

#include <algorithm>

#include "metrics/metrics.hpp"

namespace mr::api {
namespace {
// Guessing from many addresses must not grow memory without bound.
constexpr std::size_t kMaxTracked = 10000;
}  // namespace

GuessThrottle::Clock::duration GuessThrottle::delay_after(int failures) const {
  const int over = failures - policy_.free_failures;
  if (over < 0) return {};
  auto delay = policy_.first_wait;
  for (int i = 0; i < over && delay < policy_.longest; ++i) delay *= 2;
  return std::min(delay, policy_.longest);
}

GuessThrottle::Clock::duration GuessThrottle::wait(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = records_.find(key);
  if (it == records_.end()) return {};
  if (now - it->second.last >= policy_.forget_after) {
    records_.erase(it);
    return {};
  }
  const auto until = it->second.last + delay_after(it->second.failures);
  return until > now ? until - now : Clock::duration{};
}

void GuessThrottle::failed(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (records_.size() >= kMaxTracked)
    std::erase_if(records_,
                  [&](const auto& r) { return now - r.second.last >= policy_.forget_after; });
  auto& r = records_[key];
  if (r.failures > 0 && now - r.last >= policy_.forget_after) r.failures = 0;
  ++r.failures;
  r.last = now;
}

void GuessThrottle::succeeded(const std::string& key) {
  std::lock_guard lock(mutex_);
  records_.erase(key);
}

LoginThrottle::Clock::duration LoginThrottle::wait(const std::string& login,
                                                   const std::string& address,
                                                   Clock::time_point now) {
  const auto wait = std::max(pair_.wait(pair(login, address), now), address_.wait(address, now));
  if (wait.count() > 0) metrics::login_throttled();
  return wait;
}

void LoginThrottle::failed(const std::string& login, const std::string& address,
                           Clock::time_point now) {
  metrics::login_failed();
  pair_.failed(pair(login, address), now);
  address_.failed(address, now);
}

void LoginThrottle::succeeded(const std::string& login, const std::string& address) {
  pair_.succeeded(pair(login, address));
}

}  // namespace mr::api
