import type { Sql } from '../store/sql.ts';
import type { CountMetric, RateMetric } from './metrics.ts';
import type { UnitRow } from './units.ts';

/** The roll-up's counters, the one list of them: the type and the zero are made from it. */
export const COUNTER_KEYS = [
  'received',
  'receivedOnline',
  'receivedWithFee',
  'paidOnline',
  'digitized',
  'completed',
  'completedEarly',
  'completedLate',
  'eResult',
] as const;

/** Sums of the daily roll-up over a subtree and a run of days. */
export type Counters = Record<(typeof COUNTER_KEYS)[number], number>;

/** Every counter at zero: a day or month without dossiers, or the 766 rules shown without figures. */
export const ZERO_COUNTERS: Readonly<Counters> = Object.freeze(Object.fromEntries(COUNTER_KEYS.map((k) => [k, 0])) as Counters);

const SUMS = `
  coalesce(sum(s.received), 0)::int AS "received",
  coalesce(sum(s.received_online), 0)::int AS "receivedOnline",
  coalesce(sum(s.received_with_fee), 0)::int AS "receivedWithFee",
  coalesce(sum(s.paid_online), 0)::int AS "paidOnline",
  coalesce(sum(s.digitized), 0)::int AS "digitized",
  coalesce(sum(s.completed), 0)::int AS "completed",
  coalesce(sum(s.completed_early), 0)::int AS "completedEarly",
  coalesce(sum(s.completed_late), 0)::int AS "completedLate",
  coalesce(sum(s.e_result), 0)::int AS "eResult"`;

/** Counters of one unit's whole subtree over days `from`..`to` (Vietnam calendar, inclusive). */
export async function subtreeCounters(sql: Sql, unit: UnitRow, from: string, to: string): Promise<Counters> {
  const rows = await sql.query<Counters>(
    `SELECT ${SUMS}
       FROM daily_stats s JOIN units u ON u.code = s.unit_code
      WHERE u.path LIKE $1 AND s.day BETWEEN $2::date AND $3::date`,
    [`${likeEscape(unit.path)}%`, from, to],
  );
  return rows[0]!;
}

/** Counters of a subtree over two runs of days (a period and the one it is compared with), in one scan. */
export async function subtreeCountersPair(
  sql: Sql,
  unit: UnitRow,
  a: { from: string; to: string },
  b: { from: string; to: string },
): Promise<[Counters, Counters]> {
  const part = (lo: number, hi: number, suffix: string) =>
    SUMS.replace(/sum\((s\.\w+)\)/g, (_, col: string) => `sum(${col}) FILTER (WHERE s.day BETWEEN $${lo}::date AND $${hi}::date)`).replace(
      /AS "(\w+)"/g,
      (_, name: string) => `AS "${name}${suffix}"`,
    );
  const rows = await sql.query<Record<string, number>>(
    `SELECT ${part(2, 3, 'A')}, ${part(4, 5, 'B')}
       FROM daily_stats s JOIN units u ON u.code = s.unit_code
      WHERE u.path LIKE $1 AND (s.day BETWEEN $2::date AND $3::date OR s.day BETWEEN $4::date AND $5::date)`,
    [`${likeEscape(unit.path)}%`, a.from, a.to, b.from, b.to],
  );
  const row = rows[0]!;
  const pick = (suffix: string) =>
    Object.fromEntries(COUNTER_KEYS.map((k) => [k, Number(row[`${k}${suffix}`])])) as unknown as Counters;
  return [pick('A'), pick('B')];
}

/** Counters of each direct child's subtree, in one query. */
export async function childCounters(sql: Sql, parent: UnitRow, from: string, to: string): Promise<(Counters & { code: string; name: string })[]> {
  return sql.query<Counters & { code: string; name: string }>(
    `SELECT c.code, c.name, ${SUMS}
       FROM units c
       LEFT JOIN units u ON u.path LIKE replace(replace(c.path, '_', '\\_'), '%', '\\%') || '%'
       LEFT JOIN daily_stats s ON s.unit_code = u.code AND s.day BETWEEN $2::date AND $3::date
      WHERE c.parent_code = $1
      GROUP BY c.code, c.name
      ORDER BY c.code`,
    [parent.code, from, to],
  );
}

/** Counters of a subtree per month ("YYYY-MM") or per day ("YYYY-MM-DD"), for charts. */
export async function seriesCounters(sql: Sql, unit: UnitRow, from: string, to: string, by: 'month' | 'day'): Promise<Map<string, Counters>> {
  const rows = await sql.query<Counters & { month: string }>(
    `SELECT to_char(s.day, '${by === 'month' ? 'YYYY-MM' : 'YYYY-MM-DD'}') AS month, ${SUMS}
       FROM daily_stats s JOIN units u ON u.code = s.unit_code
      WHERE u.path LIKE $1 AND s.day BETWEEN $2::date AND $3::date
      GROUP BY 1`,
    [`${likeEscape(unit.path)}%`, from, to],
  );
  return new Map(rows.map((r) => [r.month, r]));
}

/** Dossiers of a subtree still open whose deadline has passed at `now` (the only live count). */
export async function overdueOpen(sql: Sql, unitCodes: string[], now: Date): Promise<number> {
  const rows = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM dossiers
      WHERE ma_don_vi = ANY($1::text[]) AND ngay_hoan_thanh IS NULL AND han_xu_ly < $2`,
    [unitCodes, now],
  );
  return rows[0]!.n;
}

/**
 * Dossiers of a subtree still open at the end of Vietnam day `day`, from the roll-up: every
 * dossier is counted once as received and, once done, once as completed (never before it was
 * received), so the difference of the two sums up to that day is what is still open.
 */
export async function openAt(sql: Sql, unit: UnitRow, day: string): Promise<number> {
  const rows = await sql.query<{ n: number }>(
    `SELECT (coalesce(sum(s.received), 0) - coalesce(sum(s.completed), 0))::int AS n
       FROM daily_stats s JOIN units u ON u.code = s.unit_code
      WHERE u.path LIKE $1 AND s.day <= $2::date`,
    [`${likeEscape(unit.path)}%`, day],
  );
  return rows[0]!.n;
}

/** Late completions of a subtree by reason over days `from`..`to`, most frequent first (from the roll-up). */
export async function lateReasons(sql: Sql, unit: UnitRow, from: string, to: string, limit = 5): Promise<{ reason: string | null; n: number }[]> {
  return sql.query<{ reason: string | null; n: number }>(
    `SELECT nullif(r.reason, '') AS reason, sum(r.n)::int AS n
       FROM daily_late_reasons r JOIN units u ON u.code = r.unit_code
      WHERE u.path LIKE $1 AND r.day BETWEEN $2::date AND $3::date
      GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $4`,
    [`${likeEscape(unit.path)}%`, from, to, limit],
  );
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface Ratio {
  numerator: number;
  denominator: number;
  /** Percent (0–100), exact: rounded only where it is shown, so it is rounded once. Null when the denominator is 0. */
  value: number | null;
}

export function ratio(numerator: number, denominator: number): Ratio {
  return { numerator, denominator, value: denominator > 0 ? (numerator / denominator) * 100 : null };
}

/** Counters of several units' subtrees over days `from`..`to`, in one query (rankings). */
export async function unitsCounters(sql: Sql, codes: string[], from: string, to: string): Promise<Map<string, Counters>> {
  const rows = await sql.query<Counters & { code: string }>(
    `SELECT r.code, ${SUMS}
       FROM units r
       LEFT JOIN units u ON u.path LIKE replace(replace(r.path, '_', '\\_'), '%', '\\%') || '%'
       LEFT JOIN daily_stats s ON s.unit_code = u.code AND s.day BETWEEN $2::date AND $3::date
      WHERE r.code = ANY($1::text[])
      GROUP BY r.code`,
    [codes, from, to],
  );
  return new Map(rows.map((r) => [r.code, r]));
}

/**
 * Open dossiers at `now` (received minus completed, from the roll-up up to today) and those past
 * their deadline (the small indexed set of open rows with han_xu_ly < now), per unit of `units`,
 * each summed over its subtree. Two queries however many units are asked.
 */
export async function openCountsByUnit(sql: Sql, units: UnitRow[], all: UnitRow[], now: Date, today: string): Promise<Map<string, { open: number; overdue: number }>> {
  const codes = [...new Set(all.filter((u) => units.some((r) => u.path.startsWith(r.path))).map((u) => u.code))];
  const [open, overdue] = await Promise.all([
    sql.query<{ code: string; n: number }>(
      `SELECT unit_code AS code, (sum(received) - sum(completed))::int AS n FROM daily_stats
        WHERE unit_code = ANY($1::text[]) AND day <= $2::date GROUP BY 1`,
      [codes, today],
    ),
    sql.query<{ code: string; n: number }>(
      `SELECT ma_don_vi AS code, count(*)::int AS n FROM dossiers
        WHERE ma_don_vi = ANY($1::text[]) AND ngay_hoan_thanh IS NULL AND han_xu_ly < $2 GROUP BY 1`,
      [codes, now],
    ),
  ]);
  const pathOf = new Map(all.map((u) => [u.code, u.path]));
  const out = new Map<string, { open: number; overdue: number }>();
  for (const r of units) {
    const inside = (code: string) => (pathOf.get(code) ?? '').startsWith(r.path);
    out.set(r.code, {
      open: open.filter((x) => inside(x.code)).reduce((s, x) => s + x.n, 0),
      overdue: overdue.filter((x) => inside(x.code)).reduce((s, x) => s + x.n, 0),
    });
  }
  return out;
}

/** Reasons recorded on open dossiers past their deadline, most frequent first. */
export async function overdueReasons(sql: Sql, unitCodes: string[], now: Date, limit = 5): Promise<{ reason: string | null; n: number }[]> {
  return sql.query<{ reason: string | null; n: number }>(
    `SELECT nullif(trim(ly_do_tre_han), '') AS reason, count(*)::int AS n FROM dossiers
      WHERE ma_don_vi = ANY($1::text[]) AND ngay_hoan_thanh IS NULL AND han_xu_ly < $2
      GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $3`,
    [unitCodes, now, limit],
  );
}

/** The first day of the imported data (Vietnam calendar), or null when there is none. */
export async function dataStart(sql: Sql): Promise<string | null> {
  const rows = await sql.query<{ day: string | null }>(`SELECT to_char(min(day), 'YYYY-MM-DD') AS day FROM daily_stats`);
  return rows[0]?.day ?? null;
}

/** Numerator and denominator of a rate metric from counters. */
export function rateOf(metric: RateMetric, c: Counters): Ratio {
  switch (metric) {
    case 'online_rate':
      return ratio(c.receivedOnline, c.received);
    case 'online_payment_rate':
      return ratio(c.paidOnline, c.receivedWithFee);
    case 'on_time_rate':
      return ratio(c.completed - c.completedLate, c.completed);
    case 'early_rate':
      return ratio(c.completedEarly, c.completed);
    case 'late_rate':
      return ratio(c.completedLate, c.completed);
    case 'digitized_rate':
      return ratio(c.digitized, c.received);
    case 'e_result_rate':
      return ratio(c.eResult, c.completed);
  }
}

export function countOf(metric: Exclude<CountMetric, 'overdue_open' | 'open'>, c: Counters): number {
  return metric === 'received' ? c.received : c.completed;
}
