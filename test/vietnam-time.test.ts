import { describe, expect, it } from 'vitest';
import {
  VN_ZONE,
  vnDate,
  vnDay,
  vnDayNumber,
  vnDayOf,
  vnDayOfNumber,
  vnFormat,
  vnIso,
  vnMidnight,
  vnStartOf,
  vnTime,
  vnWeekday,
} from '../src/time/vietnam.ts';

describe('Vietnam time', () => {
  it("gives Vietnam's date, which is already the next day from 17:00 UTC", () => {
    expect(vnDayOf(new Date('2025-11-20T23:30:00Z'))).toBe('2025-11-21');
    expect(vnDayOf(Date.parse('2025-11-20T16:59:59.999Z'))).toBe('2025-11-20');
    expect(vnDayOf(Date.parse('2025-11-20T17:00:00Z'))).toBe('2025-11-21');
    // New Year comes seven hours before it does in London.
    expect(vnDayOf(Date.parse('2025-12-31T17:30:00Z'))).toBe('2026-01-01');
  });

  it('the fixed offset and the IANA zone name the same day every few hours over two years', () => {
    for (let ms = Date.parse('2024-01-01T00:00:00Z'); ms < Date.parse('2026-01-01T00:00:00Z'); ms += 4 * 3_600_000 + 61_000) {
      expect(vnDayOf(ms)).toBe(vnTime(ms).toISODate());
      expect(vnWeekday(ms)).toBe(vnTime(ms).weekday % 7);
      expect(vnMidnight(ms)).toBe(vnStartOf(ms, 'day').toMillis());
      expect(vnDayOfNumber(vnDayNumber(ms))).toBe(vnDayOf(ms));
    }
  });

  it('starts of day, week, month, quarter and year are Vietnam midnights', () => {
    const at = new Date('2025-11-20T20:00:00Z'); // 03:00 on Friday 21/11/2025 in Vietnam
    expect(vnStartOf(at, 'day').toUTC().toISO()).toBe('2025-11-20T17:00:00.000Z');
    expect(vnStartOf(at, 'week').toISODate()).toBe('2025-11-17');
    expect(vnStartOf(at, 'month').toUTC().toISO()).toBe('2025-10-31T17:00:00.000Z');
    expect(vnStartOf(at, 'quarter').toISODate()).toBe('2025-10-01');
    expect(vnStartOf(new Date('2025-06-30T18:00:00Z'), 'quarter').toISODate()).toBe('2025-07-01');
    expect(vnStartOf(new Date('2025-06-30T16:00:00Z'), 'quarter').toISODate()).toBe('2025-04-01');
    expect(vnStartOf(new Date('2025-12-31T17:00:00Z'), 'year').toISODate()).toBe('2026-01-01');
  });

  it('reads calendar days and dates as Vietnam midnights', () => {
    expect(vnDay('2025-11-01').toUTC().toISO()).toBe('2025-10-31T17:00:00.000Z');
    expect(vnDate(2025, 11).toMillis()).toBe(Date.parse('2025-10-31T17:00:00Z'));
    expect(vnDate(2024, 2, 29).zoneName).toBe(VN_ZONE);
    expect(vnDayNumber(Date.parse('2025-10-31T17:00:00Z')) - vnDayNumber(Date.parse('2025-10-31T16:59:59Z'))).toBe(1);
  });

  it('formats on the Vietnam clock', () => {
    const at = new Date('2026-11-27T07:05:09Z');
    expect(vnFormat(at, 'HH:mm dd/MM/yyyy')).toBe('14:05 27/11/2026');
    expect(vnFormat(Date.parse('2026-03-01T18:05:00Z'), "HH:mm 'ngày' dd/MM/yyyy")).toBe('01:05 ngày 02/03/2026');
    expect(vnIso(at.getTime())).toBe('2026-11-27T14:05:09+07:00');
    expect(Date.parse(vnIso(Date.parse('2025-12-31T20:00:00Z')))).toBe(Date.parse('2025-12-31T20:00:00Z'));
  });
});
