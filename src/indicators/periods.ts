import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { VN_ZONE, vnDate, vnDay, vnStartOf } from '../time/vietnam.ts';

// Every period is a run of Vietnam calendar days; figures are summed over `daily_stats.day`.

export type PeriodKind = 'day' | 'week' | 'month' | 'quarter' | 'half' | 'year' | 'range' | 'months';

export interface Period {
  kind: PeriodKind;
  /** First day, ISO date (Vietnam calendar). */
  from: string;
  /** Last day, inclusive; a period still running stops at today. */
  to: string;
  /** The whole period's last day (equals `to` unless the period is still running). */
  end: string;
  label: string;
  /** Months in a "N tháng qua" span (charts). */
  months?: number;
}

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };
const ROMAN_OUT = ['', 'I', 'II', 'III', 'IV'];

const iso = (d: DateTime) => d.toISODate() as string;
const dm = (d: DateTime) => d.toFormat('dd/MM/yyyy');

/** Builds a period from its first and last whole day, clipping a running one at today. */
function make(kind: PeriodKind, start: DateTime, last: DateTime, label: string, today: DateTime): Period {
  const to = last > today && start <= today ? today : last;
  return { kind, from: iso(start), to: iso(to), end: iso(last), label };
}

export function dayPeriod(d: DateTime, today: DateTime, label?: string): Period {
  return make('day', d, d, label ?? `ngày ${dm(d)}`, today);
}

export function monthPeriod(year: number, month: number, today: DateTime): Period {
  const start = vnDate(year, month);
  return make('month', start, start.endOf('month').startOf('day'), `tháng ${month}/${year}`, today);
}

export function quarterPeriod(year: number, q: number, today: DateTime): Period {
  const start = vnDate(year, (q - 1) * 3 + 1);
  return make('quarter', start, start.plus({ months: 3 }).minus({ days: 1 }), `quý ${ROMAN_OUT[q]}/${year}`, today);
}

export function halfPeriod(year: number, half: 1 | 2, today: DateTime): Period {
  const start = vnDate(year, half === 1 ? 1 : 7);
  const label = `6 tháng ${half === 1 ? 'đầu' : 'cuối'} năm ${year}`;
  return make('half', start, start.plus({ months: 6 }).minus({ days: 1 }), label, today);
}

export function yearPeriod(year: number, today: DateTime): Period {
  const start = vnDate(year, 1);
  return make('year', start, start.endOf('year').startOf('day'), `năm ${year}`, today);
}

export function weekPeriod(monday: DateTime, today: DateTime): Period {
  const sunday = monday.plus({ days: 6 });
  return make('week', monday, sunday, `tuần ${monday.toFormat('dd/MM')}–${dm(sunday)}`, today);
}

function rangePeriod(a: DateTime, b: DateTime, today: DateTime): Period {
  const [start, last] = a <= b ? [a, b] : [b, a];
  return make('range', start, last, `từ ${dm(start)} đến ${dm(last)}`, today);
}

/** The last `n` calendar months up to today (charts: "6 tháng"). */
export function lastMonths(n: number, today: DateTime): Period {
  const start = today.startOf('month').minus({ months: n - 1 });
  return { ...make('months', start, today, `${n} tháng gần nhất`, today), months: n };
}

/** A day/month[/year] written as numbers; a missing year is the latest one not in the future. */
function dayOf(d: string, m: string, y: string | undefined, today: DateTime): DateTime | null {
  const day = Number(d);
  const month = Number(m);
  let year = y ? Number(y.length === 2 ? `20${y}` : y) : today.year;
  let dt = vnDate(year, month, day);
  if (!dt.isValid) return null;
  if (!y && dt > today) {
    year -= 1;
    dt = vnDate(year, month, day);
  }
  return dt.isValid ? dt : null;
}

/** Month `m` without a year: this year's, unless that is still in the future. */
function impliedYear(month: number, today: DateTime): number {
  return month > today.month ? today.year - 1 : today.year;
}

const DATE = String.raw`(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?`;
// "tháng 10/2024", "tháng 10 năm 2024", "tháng 10 năm ngoái" (abbreviations make "năm rồi" the last).
const YEAR_SUFFIX = String.raw`(?:\s*[/-]\s*|\s+nam\s+)(\d{4}|ngoai|truoc|nay)`;

function yearOf(word: string | undefined, today: DateTime): number | null {
  if (!word) return null;
  if (word === 'ngoai' || word === 'truoc') return today.year - 1;
  if (word === 'nay') return today.year;
  return Number(word);
}

const NUMBER_WORDS: Record<string, number> = { mot: 1, hai: 2, ba: 3, bon: 4, nam: 5, sau: 6, bay: 7, tam: 8, chin: 9, muoi: 10 };

/**
 * Reads a period from a folded question (lower case, no diacritics). Returns null when the
 * question names none, so the caller can ask back instead of guessing.
 */
export function parsePeriod(folded: string, now: Date, original?: string): Period | null {
  const today = vnStartOf(now, 'day');
  const t = ` ${folded} `;
  let m: RegExpExecArray | null;

  m = new RegExp(String.raw`\btu(?: ngay)? ${DATE}\s*(?:den|toi|-|–)\s*(?:ngay )?${DATE}`).exec(t);
  if (m) {
    const b = dayOf(m[4]!, m[5]!, m[6], today);
    const a = dayOf(m[1]!, m[2]!, m[3] ?? m[6], today);
    if (a && b) return rangePeriod(a > b && !m[3] ? a.minus({ years: 1 }) : a, b, today);
  }
  if (/\bhom nay\b|\btrong ngay\b|\bngay nay\b/.test(t)) return dayPeriod(today, today, `hôm nay (${dm(today)})`);
  if (/\bhom qua\b/.test(t)) {
    const d = today.minus({ days: 1 });
    return dayPeriod(d, today, `hôm qua (${dm(d)})`);
  }
  if (/\bhom kia\b/.test(t)) {
    const d = today.minus({ days: 2 });
    return dayPeriod(d, today, `hôm kia (${dm(d)})`);
  }
  // "2 tuần gần đây", "7 ngày qua": that many days ending today.
  m = /\b(\d{1,3}|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi) (tuan|ngay)( lam viec)? (qua|gan day|gan nhat|vua qua|tro lai day)\b/.exec(t);
  if (m) {
    const n = (NUMBER_WORDS[m[1]!] ?? Number(m[1])) * (m[2] === 'tuan' ? 7 : 1);
    if (n >= 1 && n <= 400) {
      const label = `${m[1]!.match(/\d/) ? m[1] : NUMBER_WORDS[m[1]!]} ${m[2] === 'tuan' ? 'tuần' : 'ngày'} gần đây`;
      return { ...make('range', today.minus({ days: n - 1 }), today, label, today) };
    }
  }
  if (/\btuan (nay|hien tai)\b/.test(t)) return weekPeriod(today.startOf('week'), today);
  if (/\btuan (truoc|qua|vua qua)\b/.test(t)) return weekPeriod(today.startOf('week').minus({ weeks: 1 }), today);

  m = /\b(?:6|sau) thang (dau|cuoi) nam(?:\s+(\d{4}|ngoai|truoc|nay))?\b/.exec(t) ?? /\bnua (dau|cuoi) nam(?:\s+(\d{4}|ngoai|truoc|nay))?\b/.exec(t);
  if (m) return halfPeriod(yearOf(m[2], today) ?? today.year, m[1] === 'dau' ? 1 : 2, today);
  m = /\b(\d{1,2}|sau|ba|muoi hai) thang(?: (qua|gan day|gan nhat|vua qua))?\b/.exec(t);
  if (m && (m[2] || /\bbieu do\b/.test(t))) {
    const words: Record<string, number> = { sau: 6, ba: 3, 'muoi hai': 12 };
    const n = words[m[1]!] ?? Number(m[1]);
    if (n >= 1 && n <= 24) return lastMonths(n, today);
  }

  // A day spelled out ("ngày 5 tháng 10 năm 2025") before "tháng 10" reads as a month.
  m = /\bngay (?:mong |mung )?(\d{1,2}) thang (\d{1,2})(?:,? nam (\d{4}))?\b/.exec(t);
  if (m) {
    const d = dayOf(m[1]!, m[2]!, m[3], today);
    if (d) return dayPeriod(d, today);
  }
  if (/\bthang (nay|hien tai)\b|\btu dau thang\b(?! \d)/.test(t)) return monthPeriod(today.year, today.month, today);
  if (/\bthang (truoc|vua qua|roi)\b/.test(t)) {
    const p = today.minus({ months: 1 });
    return monthPeriod(p.year, p.month, today);
  }
  m = new RegExp(String.raw`\bthang (\d{1,2})(?:${YEAR_SUFFIX})?\b`).exec(t);
  if (m) {
    const month = Number(m[1]);
    if (month >= 1 && month <= 12) return monthPeriod(yearOf(m[2], today) ?? impliedYear(month, today), month, today);
  }

  const thisQ = Math.ceil(today.month / 3);
  if (/\bquy (nay|hien tai)\b|\btu dau quy\b/.test(t)) return quarterPeriod(today.year, thisQ, today);
  if (/\bquy (truoc|vua qua)\b/.test(t)) {
    return thisQ === 1 ? quarterPeriod(today.year - 1, 4, today) : quarterPeriod(today.year, thisQ - 1, today);
  }
  m = new RegExp(String.raw`\bquy (iv|iii|ii|i|[1-4])(?:${YEAR_SUFFIX})?\b`).exec(t);
  if (m) {
    const q = ROMAN[m[1]!] ?? Number(m[1]);
    const year = yearOf(m[2], today) ?? (q > thisQ ? today.year - 1 : today.year);
    return quarterPeriod(year, q, today);
  }

  if (/\bnam (nay|hien tai)\b|\btu dau nam\b/.test(t)) return yearPeriod(today.year, today);
  if (/\bnam (ngoai|truoc|roi)\b/.test(t) && !/cung ky nam (ngoai|truoc)/.test(t)) return yearPeriod(today.year - 1, today);
  m = /\bnam (\d{4})\b/.exec(t);
  if (m) return yearPeriod(Number(m[1]), today);

  m = new RegExp(String.raw`\bngay ${DATE}`).exec(t);
  if (m) {
    const d = dayOf(m[1]!, m[2]!, m[3], today);
    if (d) return dayPeriod(d, today);
  }
  // Spelled-out dates ("ngày 5 tháng 10 năm 2025"): chrono's Vietnamese parser reads them.
  if (original && /\bngay\b/.test(t)) {
    const hit = chrono.vi.parse(original, { instant: now, timezone: VN_ZONE })[0];
    if (hit?.start.isCertain('day') && hit.start.isCertain('month')) {
      const d = vnDate(hit.start.get('year') ?? today.year, hit.start.get('month')!, hit.start.get('day')!);
      if (d.isValid) return dayPeriod(d, today);
    }
  }
  // A bare date ("15/10", "05/10/2025"); "9/22" (points of the 766 index) is no date.
  m = new RegExp(String.raw`(?:^|\s)${DATE}(?=\s|$)`).exec(t);
  if (m) {
    const d = dayOf(m[1]!, m[2]!, m[3], today);
    if (d) return dayPeriod(d, today);
  }
  return null;
}

// Words that join the two sides of a comparison ("t9 vs t10", "quý 3 so với quý 2", "tháng 9 và tháng 10").
const COMPARE_SPLIT = /\s(?:so voi|voi|va|hay|hoac|&|\/\/|-|–)\s/;

/** The same days, however each was named ("quý 3" and "tháng 7 đến tháng 9"). */
export const samePeriod = (a: Pick<Period, 'from' | 'to'>, b: Pick<Period, 'from' | 'to'>): boolean => a.from === b.from && a.to === b.to;

/**
 * Every period named, in the order written: one for most questions, two for a comparison.
 * "cùng kỳ năm trước" is not a second period (the caller compares with the same days a year before).
 */
export function parsePeriods(folded: string, now: Date, original?: string): Period[] {
  const parts = folded.replace(/\bcung ky nam (truoc|ngoai)\b/g, ' ').split(COMPARE_SPLIT);
  const out: Period[] = [];
  for (const part of parts) {
    const p = parsePeriod(part, now, parts.length === 1 ? original : undefined);
    if (p && !out.some((q) => samePeriod(q, p))) out.push(p);
  }
  if (out.length === 0) {
    const whole = parsePeriod(folded, now, original);
    if (whole) out.push(whole);
  }
  return out;
}

/** The running part of a period, for answers: "tháng 11/2025 (đến ngày 20/11/2025)". */
export function periodText(p: Period): string {
  if (p.kind === 'day') return p.label;
  if (p.to !== p.end) return `${p.label} (đến ngày ${dayText(p.to)})`;
  // "3 tháng gần nhất" says which days it covers: calendar months, the first one whole.
  if ((p.kind === 'range' || p.kind === 'months') && !p.label.startsWith('từ')) return `${p.label} (${dayText(p.from)}–${dayText(p.to)})`;
  return p.label;
}

/** "2024-11-21" → "21/11/2024". */
export function dayText(isoDay: string): string {
  return dm(vnDay(isoDay));
}

/** The period just before, of the same length (a month before a month, a quarter before a quarter). */
export function previousPeriod(p: Period, now: Date): Period {
  const today = vnStartOf(now, 'day');
  const start = vnDay(p.from);
  switch (p.kind) {
    case 'day':
      return dayPeriod(start.minus({ days: 1 }), today);
    case 'week':
      return weekPeriod(start.minus({ weeks: 1 }), today);
    case 'month': {
      const s = start.minus({ months: 1 });
      return monthPeriod(s.year, s.month, today);
    }
    case 'quarter': {
      const s = start.minus({ months: 3 });
      return quarterPeriod(s.year, Math.ceil(s.month / 3), today);
    }
    case 'half': {
      const s = start.minus({ months: 6 });
      return halfPeriod(s.year, s.month === 1 ? 1 : 2, today);
    }
    case 'year':
      return yearPeriod(start.year - 1, today);
    case 'months':
    case 'range': {
      const to = vnDay(p.to);
      const days = Math.round(to.diff(start, 'days').days) + 1;
      return rangePeriod(start.minus({ days }), start.minus({ days: 1 }), today);
    }
  }
}

/** The same days one year earlier ("so với cùng kỳ năm trước"). */
export function sameTimeLastYear(p: Period): Period {
  const from = vnDay(p.from).minus({ years: 1 });
  const to = vnDay(p.to).minus({ years: 1 });
  const end = vnDay(p.end).minus({ years: 1 });
  const label = p.label.replace(/\d{4}/g, (y) => String(Number(y) - 1));
  return { ...p, from: iso(from), to: iso(to), end: iso(end), label: /\d{4}/.test(p.label) ? label : `cùng kỳ năm ${from.year}` };
}

/** The 766 index period key of a month, quarter or year ("2025-11", "2025-Q3", "2025"); null otherwise. */
export function indexPeriodKey(p: Period): string | null {
  const start = vnDay(p.from);
  if (p.kind === 'month') return start.toFormat('yyyy-MM');
  if (p.kind === 'quarter') return `${start.year}-Q${Math.ceil(start.month / 3)}`;
  if (p.kind === 'year') return String(start.year);
  return null;
}

/** The calendar months a period touches, first to last ("2025-06" … "2025-11"). */
export function monthsOf(p: Period): { key: string; label: string; from: string; to: string }[] {
  const out: { key: string; label: string; from: string; to: string }[] = [];
  const first = vnDay(p.from);
  let cur = first.startOf('month');
  const last = vnDay(p.to);
  while (cur <= last) {
    const monthEnd = cur.endOf('month').startOf('day');
    out.push({
      key: cur.toFormat('yyyy-MM'),
      label: `T${cur.month}/${cur.year}`,
      from: iso(DateTime.max(cur, first)),
      to: iso(DateTime.min(monthEnd, last)),
    });
    cur = cur.plus({ months: 1 });
  }
  return out;
}

/** The days of a period ("2025-11-01" …), labelled "01/11". */
export function daysOf(p: Period): { key: string; label: string }[] {
  const out: { key: string; label: string }[] = [];
  const last = vnDay(p.to);
  for (let d = vnDay(p.from); d <= last; d = d.plus({ days: 1 })) {
    out.push({ key: iso(d), label: d.toFormat('dd/MM') });
  }
  return out;
}

/**
 * Periods offered as buttons when a question names none: the label shown and the words that name
 * it, read by parsePeriod like typed words (so a pressed "Tháng này" is the period "tháng này" is).
 */
export const PERIOD_CHOICES = {
  today: { label: 'Hôm nay', words: 'hom nay' },
  week: { label: 'Tuần này', words: 'tuan nay' },
  month: { label: 'Tháng này', words: 'thang nay' },
  last_month: { label: 'Tháng trước', words: 'thang truoc' },
  quarter: { label: 'Quý này', words: 'quy nay' },
  year: { label: 'Năm nay', words: 'nam nay' },
  m6: { label: '6 tháng gần nhất', words: '6 thang qua' },
  m12: { label: '12 tháng gần nhất', words: '12 thang qua' },
} as const satisfies Record<string, { label: string; words: string }>;

export type PeriodChoice = keyof typeof PERIOD_CHOICES;

export const isPeriodChoice = (key: string): key is PeriodChoice => Object.hasOwn(PERIOD_CHOICES, key);

/** The period a pressed choice stands for, as of `now`. */
export function periodOfChoice(key: PeriodChoice, now: Date): Period {
  return parsePeriod(PERIOD_CHOICES[key].words, now)!;
}
