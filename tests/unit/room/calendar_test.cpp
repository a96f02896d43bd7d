// Deadlines in Shanghai calendar days: the 30-day window for judicial confirmation counts from
// the day after the agreement took effect (民法典 art. 201), across month ends and leap years.
#include "room/calendar.hpp"

#include <gtest/gtest.h>

namespace mr::room {
namespace {

// 00:00 Shanghai time of a day, in ms (16:00 UTC the day before).
std::int64_t shanghai_midnight(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  const sys_days day{year(y) / month(m) / d};
  return duration_cast<milliseconds>(day.time_since_epoch()).count() - 8 * 3600 * 1000;
}

TEST(Calendar, TheShanghaiDayTurnsAt1600Utc) {
  const auto midnight = shanghai_midnight(2026, 3, 1);
  EXPECT_EQ(to_string(shanghai_day(midnight)), "2026-03-01");
  EXPECT_EQ(to_string(shanghai_day(midnight - 1)), "2026-02-28");
  EXPECT_EQ(to_string(shanghai_day(midnight + 24 * 3600 * 1000 - 1)), "2026-03-01");
}

TEST(Calendar, TheConfirmationWindowEndsOnTheThirtiethDayAfter) {
  // Agreed in the evening of 31 January: the window runs 1 February .. 2 March.
  EXPECT_EQ(to_string(confirmation_deadline(shanghai_midnight(2026, 1, 31) + 20 * 3600 * 1000)),
            "2026-03-02");
  // A leap year: 31 January 2028 -> 1 March.
  EXPECT_EQ(to_string(confirmation_deadline(shanghai_midnight(2028, 1, 31))), "2028-03-01");
  // Across a year end.
  EXPECT_EQ(to_string(confirmation_deadline(shanghai_midnight(2026, 12, 15))), "2027-01-14");
  // 23:59 Shanghai on 1 May still counts as 1 May, though it is already 2 May nowhere in China.
  EXPECT_EQ(to_string(confirmation_deadline(shanghai_midnight(2026, 5, 2) - 60 * 1000)),
            "2026-05-31");
}

TEST(Calendar, DaysLeftCountWholeCalendarDays) {
  const auto due = *parse_day("2026-03-02");
  EXPECT_EQ(days_between(*parse_day("2026-03-02"), due), 0);  // the last day itself
  EXPECT_EQ(days_between(*parse_day("2026-02-28"), due), 2);
  EXPECT_EQ(days_between(*parse_day("2026-03-03"), due), -1);  // the window has passed
}

TEST(Calendar, OnlyRealDaysParse) {
  EXPECT_TRUE(parse_day("2028-02-29"));
  EXPECT_FALSE(parse_day("2026-02-29"));
  EXPECT_FALSE(parse_day("2026-13-01"));
  EXPECT_FALSE(parse_day("2026-1-01"));
  EXPECT_FALSE(parse_day("2026-01-01x"));
  EXPECT_FALSE(parse_day("２０２６-01-01"));
}

}  // namespace
}  // namespace mr::room
