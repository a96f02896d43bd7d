#pragma once
// Slows down guessing (passwords, invitation tokens) where it comes from. A key (for logins, the
// pair of login name and client address; or the client address alone) may fail `free_failures`
// times; after that each further attempt must wait, and the wait doubles with each failure, up to
// `longest`. A key that stays quiet for `forget_after` starts afresh; a success clears it.
// Keyed by where the guesses come from, an attacker slows themselves down, not the mediator whose
// login they guess (who logs in from elsewhere). Argon2id makes each guess slow; this makes many
// guesses impossible.
// Thread-safety: all member functions may be called from any thread.
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace mr::api {

class GuessThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  struct Policy {
    int free_failures = 5;
    Clock::duration first_wait = std::chrono::seconds(30);
    Clock::duration longest = std::chrono::minutes(15);
    Clock::duration forget_after = std::chrono::hours(1);
  };
  explicit GuessThrottle(Policy policy) : policy_(policy) {}

  // Zero if an attempt may be made now, else how long until one may.
  Clock::duration wait(const std::string& key, Clock::time_point now = Clock::now());
  void failed(const std::string& key, Clock::time_point now = Clock::now());
  void succeeded(const std::string& key);

 private:
  struct Record {
    int failures = 0;
    Clock::time_point last;
  };
  Clock::duration delay_after(int failures) const;

  const Policy policy_;
  std::mutex mutex_;
  std::unordered_map<std::string, Record> records_;
};

// Mediator logins: per (login, address), and per address over all logins (one address trying
// many logins), each with its own policy.
class LoginThrottle {
 public:
  using Clock = GuessThrottle::Clock;
  LoginThrottle(GuessThrottle::Policy per_login_and_address = {},
                GuessThrottle::Policy per_address = {20, std::chrono::seconds(30),
                                                     std::chrono::minutes(15),
                                                     std::chrono::hours(1)})
      : pair_(per_login_and_address), address_(per_address) {}

  Clock::duration wait(const std::string& login, const std::string& address,
                       Clock::time_point now = Clock::now());
  void failed(const std::string& login, const std::string& address,
              Clock::time_point now = Clock::now());
  void succeeded(const std::string& login, const std::string& address);

 private:
  static std::string pair(const std::string& login, const std::string& address) {
    return login + '\n' + address;
  }
  GuessThrottle pair_, address_;
};

}  // namespace mr::api
