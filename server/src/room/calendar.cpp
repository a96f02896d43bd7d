#include "room/calendar.hpp"

#include <cstdio>

namespace mr::room {
namespace chrono = std::chrono;

namespace {
constexpr std::int64_t kShanghaiOffsetMs = 8 * 3600 * 1000;
}

Day shanghai_day(std::int64_t ms) {
  const chrono::sys_time<chrono::milliseconds> t{chrono::milliseconds(ms + kShanghaiOffsetMs)};
  return Day{chrono::floor<chrono::days>(t)};
}

Day add_days(Day day, int days) { return Day{chrono::sys_days(day) + chrono::days(days)}; }

int days_between(Day from, Day to) {
  return int((chrono::sys_days(to) - chrono::sys_days(from)).count());
}

std::string to_string(Day day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(day.year()), unsigned(day.month()),
                unsigned(day.day()));
  return buf;
}

std::optional<Day> parse_day(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  for (std::size_t i = 0; i < 10; ++i) {
    if (i == 4 || i == 7) continue;
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    const int digit = text[i] - '0';
    if (i < 4)
      y = y * 10 + digit;
    else if (i < 7)
      m = m * 10 + digit;
    else
      d = d * 10 + digit;
  }
  Day day{chrono::year(y), chrono::month(unsigned(m)), chrono::day(unsigned(d))};
  if (!day.ok()) return std::nullopt;
  return day;
}

Day confirmation_deadline(std::int64_t agreed_ms) {
  return add_days(shanghai_day(agreed_ms), kConfirmationWindowDays);
}

ConfirmationWindow confirmation_window(std::int64_t agreed_ms, std::int64_t now_ms) {
  ConfirmationWindow w{shanghai_day(agreed_ms), confirmation_deadline(agreed_ms),
                       shanghai_day(now_ms)};
  w.days_left = days_between(w.today, w.last_day);
  w.passed = w.days_left < 0;
  if (w.passed) w.days_left = 0;
  return w;
}

}  // namespace mr::room
