// Password guessing is cut off per login name and let through again once the window passes.
#include "api/login_throttle.hpp"

#include <gtest/gtest.h>

namespace mr::api {
namespace {

using namespace std::chrono_literals;

TEST(LoginThrottle, BlocksAfterTheLimitUntilTheWindowPasses) {
  LoginThrottle throttle(3, 60s);
  const auto t0 = LoginThrottle::Clock::time_point{} + 1h;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(throttle.wait("m1", t0 + i * 1s).count(), 0);
    throttle.failed("m1", t0 + i * 1s);
  }
  EXPECT_EQ(throttle.wait("m1", t0 + 3s), 57s);
  EXPECT_EQ(throttle.wait("other", t0 + 3s).count(), 0);  // per login name
  EXPECT_EQ(throttle.wait("m1", t0 + 60s).count(), 0);    // the first failure aged out
}

TEST(LoginThrottle, ASuccessClearsTheFailures) {
  LoginThrottle throttle(2, 60s);
  const auto t0 = LoginThrottle::Clock::time_point{} + 1h;
  throttle.failed("m1", t0);
  throttle.succeeded("m1");
  throttle.failed("m1", t0 + 1s);
  EXPECT_EQ(throttle.wait("m1", t0 + 2s).count(), 0);
}

}  // namespace
}  // namespace mr::api
