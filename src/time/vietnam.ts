// Vietnam time, the one home of it: every calendar day, deadline, office hour and time shown is
// Vietnam time wherever the server runs. Vietnam has kept UTC+07:00 without daylight saving since
// 1975, so the fixed offset (plain arithmetic, for paths that touch every dossier of an import) and
// the IANA zone (luxon, Intl, croner, SQL `AT TIME ZONE`) always give the same day.

import { DateTime } from 'luxon';

/** The IANA zone, for luxon, croner and PostgreSQL `AT TIME ZONE`. */
export const VN_ZONE = 'Asia/Ho_Chi_Minh';
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const VN_OFFSET_MS = 7 * HOUR_MS;

type Instant = Date | number;
const msOf = (at: Instant) => (typeof at === 'number' ? at : at.getTime());

// ---- Calendar arithmetic on epoch ms (no allocation beyond a Date) ----

/** The Vietnam calendar day (YYYY-MM-DD) of an instant: today's date in Vietnam for `now`. */
export function vnDayOf(at: Instant): string {
  return new Date(msOf(at) + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 on the Vietnam calendar: equal numbers, same Vietnam day. */
export function vnDayNumber(ms: number): number {
  return Math.floor((ms + VN_OFFSET_MS) / DAY_MS);
}

/** The ISO calendar day (YYYY-MM-DD) of a `vnDayNumber`. */
export function vnDayOfNumber(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** Midnight (Vietnam) of the day holding `ms`, as epoch ms. */
export function vnMidnight(ms: number): number {
  return vnDayNumber(ms) * DAY_MS - VN_OFFSET_MS;
}

/** Day of the week in Vietnam, 0 = Sunday … 6 = Saturday (as `Date#getDay`). */
export function vnWeekday(ms: number): number {
  return new Date(ms + VN_OFFSET_MS).getUTCDay();
}

/** SQL for the Vietnam calendar day of a timestamptz column (PostgreSQL, PGlite). */
export function vnDaySql(column: string): string {
  return `(${column} AT TIME ZONE '${VN_ZONE}')::date`;
}

/** ISO 8601 with the +07:00 offset, to the second, as Vietnamese exports write it. */
export function vnIso(ms: number): string {
  return `${new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}

// ---- Calendar reckoning with luxon (months, quarters, weeks, formatting) ----

/** An instant on the Vietnam clock. */
export function vnTime(at: Instant): DateTime {
  return DateTime.fromMillis(msOf(at), { zone: VN_ZONE });
}

/** Midnight, Vietnam time, of an ISO calendar day ("2025-11-20"). */
export function vnDay(isoDay: string): DateTime {
  return DateTime.fromISO(isoDay, { zone: VN_ZONE });
}

/** Midnight, Vietnam time, of a calendar date (month 1–12). */
export function vnDate(year: number, month: number, day = 1): DateTime {
  return DateTime.fromObject({ year, month, day }, { zone: VN_ZONE });
}

/** The start, Vietnam time, of the day, ISO week (Monday), month, quarter or year holding `at`. */
export function vnStartOf(at: Instant, unit: 'day' | 'week' | 'month' | 'quarter' | 'year'): DateTime {
  return vnTime(at).startOf(unit);
}

/** An instant on the Vietnam clock in a luxon pattern: "HH:mm dd/MM/yyyy" → "14:05 27/11/2026". */
export function vnFormat(at: Instant, pattern: string): string {
  return vnTime(at).toFormat(pattern);
}
