// The 30-day window for judicial confirmation as the package and the console show it: its last
// day, the days left on each Shanghai calendar day, and when it has passed — around month ends,
// a leap day, and the 30th day itself.
#include <gtest/gtest.h>

#include "room/calendar.hpp"

namespace mr::room {
namespace {

std::int64_t shanghai_time(int y, unsigned m, unsigned d, int hour = 0, int minute = 0) {
  using namespace std::chrono;
  const sys_days day{year(y) / month(m) / d};
  return duration_cast<milliseconds>(day.time_since_epoch()).count() - 8 * 3600 * 1000 +
         (hour * 60 + minute) * 60 * 1000;
}

TEST(ConfirmationWindow, TheThirtiethDayIsTheLastWithZeroDaysLeftAndTheNextHasPassed) {
  const auto agreed = shanghai_time(2026, 1, 31, 20);  // the evening of 31 January
  auto w = confirmation_window(agreed, agreed);
  EXPECT_EQ(to_string(w.agreed), "2026-01-31");
  EXPECT_EQ(to_string(w.last_day), "2026-03-02");  // February has 28 days in 2026
  EXPECT_EQ(w.days_left, 30);
  EXPECT_FALSE(w.passed);
  w = confirmation_window(agreed, shanghai_time(2026, 3, 2, 23, 59));
  EXPECT_EQ(w.days_left, 0);
  EXPECT_FALSE(w.passed);
  w = confirmation_window(agreed, shanghai_time(2026, 3, 3));
  EXPECT_EQ(w.days_left, 0);
  EXPECT_TRUE(w.passed);
}

TEST(ConfirmationWindow, MonthEndsAndALeapDay) {
  // 29 February 2028 counts: 31 January -> 1 March.
  EXPECT_EQ(to_string(confirmation_window(shanghai_time(2028, 1, 31), 0).last_day), "2028-03-01");
  // A 31-day month: 1 March -> 31 March; a 30-day month: 1 April -> 1 May.
  EXPECT_EQ(to_string(confirmation_window(shanghai_time(2026, 3, 1), 0).last_day), "2026-03-31");
  EXPECT_EQ(to_string(confirmation_window(shanghai_time(2026, 4, 1), 0).last_day), "2026-05-01");
  // 00:30 on 1 February Shanghai is still 31 January in UTC: Shanghai's day counts.
  const auto just_after_midnight = shanghai_time(2026, 2, 1, 0, 30);
  EXPECT_EQ(to_string(confirmation_window(just_after_midnight, 0).agreed), "2026-02-01");
  EXPECT_EQ(to_string(confirmation_window(just_after_midnight, 0).last_day), "2026-03-03");
}

TEST(ConfirmationWindow, DaysLeftFallByOneEachShanghaiMidnight) {
  const auto agreed = shanghai_time(2026, 12, 15, 10);
  EXPECT_EQ(confirmation_window(agreed, shanghai_time(2026, 12, 31, 23, 59)).days_left, 14);
  EXPECT_EQ(confirmation_window(agreed, shanghai_time(2027, 1, 1)).days_left, 13);
  EXPECT_EQ(to_string(confirmation_window(agreed, 0).last_day), "2027-01-14");
}

}  // namespace
}  // namespace mr::room
