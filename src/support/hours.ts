import { vnStartOf, vnTime } from '../time/vietnam.ts';

// Office hours are Vietnam time wherever the server runs.
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const WEEKDAY_VI = ['', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy', 'Chủ nhật'];

interface Rule {
  /** Luxon weekdays, 1 = Monday … 7 = Sunday. */
  days: Set<number>;
  /** Minutes after midnight, [from, to). */
  ranges: [number, number][];
}

export class OfficeHoursError extends Error {}

function minutes(hhmm: string, spec: string): number {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new OfficeHoursError(`SUPPORT_HOURS: giờ "${hhmm}" không hợp lệ trong "${spec}" / bad time`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function day(name: string, spec: string): number {
  const i = DAYS.indexOf(name.toLowerCase().slice(0, 3) as (typeof DAYS)[number]);
  if (i < 0) throw new OfficeHoursError(`SUPPORT_HOURS: ngày "${name}" không hợp lệ trong "${spec}" (Mon…Sun) / bad day`);
  return i + 1;
}

/**
 * "Mon-Fri 07:30-11:30,13:30-17:00; Sat 07:30-11:30": day ranges or lists (Mon-Fri, Sat,
 * Mon,Wed) then time ranges, rules separated by ";". Public holidays are not known.
 */
export function parseOfficeHours(spec: string): OfficeHours {
  const rules: Rule[] = [];
  for (const part of spec.split(';').map((s) => s.trim()).filter(Boolean)) {
    const [daysSpec = '', timesSpec = ''] = part.split(/\s+/, 2);
    const days = new Set<number>();
    for (const d of daysSpec.split(',')) {
      const [a = '', b] = d.split('-');
      const from = day(a, spec);
      const to = b ? day(b, spec) : from;
      for (let x = from; ; x = (x % 7) + 1) {
        days.add(x);
        if (x === to) break;
      }
    }
    const ranges = timesSpec.split(',').map((r): [number, number] => {
      const [a = '', b = ''] = r.split('-');
      const range: [number, number] = [minutes(a.trim(), spec), minutes(b.trim(), spec)];
      if (range[1] <= range[0]) throw new OfficeHoursError(`SUPPORT_HOURS: "${r}" kết thúc trước khi bắt đầu / range ends before it starts`);
      return range;
    });
    rules.push({ days, ranges: ranges.sort((x, y) => x[0] - y[0]) });
  }
  if (rules.length === 0) throw new OfficeHoursError('SUPPORT_HOURS trống / empty');
  return new OfficeHours(rules);
}

export class OfficeHours {
  constructor(private readonly rules: Rule[]) {}

  private rangesOn(weekday: number): [number, number][] {
    return this.rules
      .filter((r) => r.days.has(weekday))
      .flatMap((r) => r.ranges)
      .sort((a, b) => a[0] - b[0]);
  }

  isOpen(now: Date): boolean {
    const t = vnTime(now);
    const m = t.hour * 60 + t.minute;
    return this.rangesOn(t.weekday).some(([a, b]) => m >= a && m < b);
  }

  /** The next time support opens after `now` (now itself when open), within the coming week. */
  nextOpening(now: Date): Date {
    if (this.isOpen(now)) return now;
    const start = vnTime(now);
    for (let d = 0; d <= 7; d++) {
      const date = start.plus({ days: d }).startOf('day');
      for (const [a] of this.rangesOn(date.weekday)) {
        const at = date.plus({ minutes: a });
        if (at > start) return at.toJSDate();
      }
    }
    throw new OfficeHoursError('SUPPORT_HOURS has no opening in a week');
  }
}

/** "13:30 hôm nay", "07:30 sáng mai (thứ Ba, 09/12/2025)", "07:30 thứ Hai, ngày 08/12/2025". */
export function describeOpening(at: Date, now: Date): string {
  const t = vnTime(at);
  const today = vnStartOf(now, 'day');
  const time = t.toFormat('HH:mm');
  const days = Math.round(t.startOf('day').diff(today, 'days').days);
  if (days === 0) return `${time} hôm nay`;
  if (days === 1) return `${time} ngày mai (${WEEKDAY_VI[t.weekday]}, ${t.toFormat('dd/MM/yyyy')})`;
  return `${time} ${WEEKDAY_VI[t.weekday]}, ngày ${t.toFormat('dd/MM/yyyy')}`;
}
