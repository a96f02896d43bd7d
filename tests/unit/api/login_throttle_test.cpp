// Guessing is slowed where it comes from, with waits that grow: an attacker slows themselves,
// the mediator logging in from elsewhere is not locked out (issue 12 item 6).
#include "api/login_throttle.hpp"

#include <gtest/gtest.h>

namespace mr::api {
namespace {

using namespace std::chrono_literals;
const auto t0 = GuessThrottle::Clock::time_point{} + 24h;

TEST(GuessThrottle, AfterTheFreeFailuresEachWaitDoublesUpToTheLongest) {
  GuessThrottle throttle({3, 10s, 60s, 1h});
  auto now = t0;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(throttle.wait("k", now).count(), 0);
    throttle.failed("k", now);
  }
  // The third failure was free; its successors are not.
  EXPECT_EQ(throttle.wait("k", now), 10s);
  now += 10s;
  EXPECT_EQ(throttle.wait("k", now).count(), 0);
  throttle.failed("k", now);
  EXPECT_EQ(throttle.wait("k", now), 20s);
  now += 20s;
  throttle.failed("k", now);
  EXPECT_EQ(throttle.wait("k", now), 40s);
  now += 40s;
  throttle.failed("k", now);
  EXPECT_EQ(throttle.wait("k", now), 60s);  // capped
  EXPECT_EQ(throttle.wait("other", now).count(), 0);
}

TEST(GuessThrottle, AQuietKeyIsForgottenAndASuccessClearsIt) {
  GuessThrottle throttle({1, 10s, 60s, 1h});
  throttle.failed("k", t0);
  throttle.failed("k", t0);
  EXPECT_GT(throttle.wait("k", t0).count(), 0);
  EXPECT_EQ(throttle.wait("k", t0 + 1h).count(), 0);
  throttle.failed("k", t0 + 2h);
  throttle.failed("k", t0 + 2h);
  throttle.succeeded("k");
  EXPECT_EQ(throttle.wait("k", t0 + 2h).count(), 0);
}

TEST(LoginThrottle, GuessesFromOneAddressDoNotSlowTheSameLoginFromAnother) {
  LoginThrottle throttle({5, 30s, 15min, 1h}, {20, 30s, 15min, 1h});
  for (int i = 0; i < 6; ++i) throttle.failed("m1", "203.0.113.9", t0);
  EXPECT_GT(throttle.wait("m1", "203.0.113.9", t0).count(), 0);
  EXPECT_EQ(throttle.wait("m1", "198.51.100.7", t0).count(), 0);
}

TEST(LoginThrottle, OneAddressTryingManyLoginsIsSlowedAsAWhole) {
  LoginThrottle throttle({5, 30s, 15min, 1h}, {20, 30s, 15min, 1h});
  for (int i = 0; i < 21; ++i) throttle.failed("login-" + std::to_string(i), "203.0.113.9", t0);
  EXPECT_GT(throttle.wait("never-tried", "203.0.113.9", t0).count(), 0);
  EXPECT_EQ(throttle.wait("never-tried", "198.51.100.7", t0).count(), 0);
}

}  // namespace
}  // namespace mr::api
