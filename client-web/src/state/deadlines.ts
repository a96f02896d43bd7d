// Deadlines are calendar days in Asia/Shanghai (UTC+8, no daylight saving; PROTOCOL.md §6), whatever
// the browser's own time zone.
import type { Case } from '../protocol/types';

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

/** The deadline running in a case's phase, in days from today: the confirmation window, the follow-up. */
export function runningDeadline(c: Case, now: number): { kind: 'confirmation' | 'followup'; days: number } | null {
  if (c.confirmation_due && (c.phase === 'agreed' || c.phase === 'confirmation')) return { kind: 'confirmation', days: daysLeft(c.confirmation_due, now) };
  if (c.followup_due && c.phase === 'follow_up') return { kind: 'followup', days: daysLeft(c.followup_due, now) };
  return null;
}
