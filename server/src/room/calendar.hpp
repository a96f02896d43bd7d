#pragma once
// Calendar days in Asia/Shanghai (UTC+8 all year; China has kept no daylight saving time since
// 1991), the days the parties and the court count deadlines in. Pure, thread-safe.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mr::room {

using Day = std::chrono::year_month_day;

// The Shanghai calendar day of an instant (ms since the Unix epoch).
Day shanghai_day(std::int64_t ms);
Day add_days(Day day, int days);
// Whole days from `from` to `to` (negative when `to` is earlier).
int days_between(Day from, Day to);
std::string to_string(Day day);                       // "2026-03-02"
std::optional<Day> parse_day(std::string_view text);  // a valid YYYY-MM-DD, else nullopt

// 人民调解法 art. 33: the parties may apply jointly for judicial confirmation within 30 days from
// the day the agreement took effect. The last day of that window.
inline constexpr int kConfirmationWindowDays = 30;
Day confirmation_deadline(std::int64_t agreed_ms);

// Where the window stands on the Shanghai day of `now_ms`: its last day, the days left (0 on the
// last day itself), and whether it has passed.
struct ConfirmationWindow {
  Day agreed, last_day, today;
  int days_left = 0;
  bool passed = false;
};
ConfirmationWindow confirmation_window(std::int64_t agreed_ms, std::int64_t now_ms);

}  // namespace mr::room
