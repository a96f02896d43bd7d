// Deadlines are calendar days in Asia/Shanghai (UTC+8, no daylight saving; PROTOCOL.md §6), whatever
// the browser's own time zone.
const shanghaiOffsetMs = 8 * 3600 * 1000;
const dayMs = 24 * 3600 * 1000;

/** Today's date in Asia/Shanghai, YYYY-MM-DD. */
export function shanghaiToday(now: number): string {
  return new Date(now + shanghaiOffsetMs).toISOString().slice(0, 10);
}

function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / dayMs);
}

/** Calendar days from today (Asia/Shanghai) to `due`: 0 on the day itself, negative once past. */
export function daysLeft(due: string, now: number): number {
  return dayNumber(due) - dayNumber(shanghaiToday(now));
}

/** A date `days` calendar days after today in Asia/Shanghai. */
export function shanghaiDaysFrom(now: number, days: number): string {
  return new Date((dayNumber(shanghaiToday(now)) + days) * dayMs).toISOString().slice(0, 10);
}
