import { type Expression, type SqlBool, sql } from 'kysely';
import type { DB, Db } from '../store/db.ts';
import type { CountMetric, RateMetric } from './metrics.ts';
import { COUNTER_KEYS, type Counters } from './counters.ts';
import type { UnitRow } from './units.ts';

// The counters live in a module of their own so that index766.ts can use them without importing
// this one (which imports metrics.ts, which imports index766.ts): no import circle.
export { COUNTER_KEYS, type Counters, ZERO_COUNTERS } from './counters.ts';

/** Each counter's column in `daily_stats`. */
const COLUMN: { [K in keyof Counters]: keyof DB['daily_stats'] } = {
  received: 'received',
  receivedOnline: 'received_online',
  receivedWithFee: 'received_with_fee',
  paidOnline: 'paid_online',
  digitized: 'digitized',
  completed: 'completed',
  completedEarly: 'completed_early',
  completedLate: 'completed_late',
  eResult: 'e_result',
};

/**
 * The counters summed over the rows of `daily_stats` joined as `s` (0 when none), each named
 * `<counter><suffix>`; with a `filter`, only the rows it lets through count (FILTER), so two periods
 * can be summed in one scan. Built once: a figure question pays ~0.3 ms of CPU to build and compile
 * these eighteen expressions afresh, a third of the query itself (measured on PGlite).
 */
function sums<S extends string>(suffix: S, filter: string) {
  return COUNTER_KEYS.map((k) =>
    sql<number>`coalesce(sum(${sql.raw(`s.${COLUMN[k]}`)})${sql.raw(filter)}, 0)::int`.as(`${k}${suffix}` as `${keyof Counters}${S}`),
  );
}
const SUMS = sums('', '');
// The two periods' bounds come from the one-row table `p` (see subtreeCountersPair).
const SUMS_A = sums('A', ' FILTER (WHERE s.day BETWEEN p.a_from AND p.a_to)');
const SUMS_B = sums('B', ' FILTER (WHERE s.day BETWEEN p.b_from AND p.b_to)');

/** Rows of the subtree under `unit` (the units table joined as `u`): a prefix of the materialised path. */
const underPath = (unit: UnitRow): Expression<SqlBool> => sql<SqlBool>`u.path LIKE ${`${likeEscape(unit.path)}%`}`;
const daysBetween = (from: string, to: string): Expression<SqlBool> => sql<SqlBool>`s.day BETWEEN ${from}::date AND ${to}::date`;

/** Counters of one unit's whole subtree over days `from`..`to` (Vietnam calendar, inclusive). */
export async function subtreeCounters(db: Db, unit: UnitRow, from: string, to: string): Promise<Counters> {
  return db
    .selectFrom('daily_stats as s')
    .innerJoin('units as u', 'u.code', 's.unit_code')
    .select(SUMS)
    .where(underPath(unit))
    .where(daysBetween(from, to))
    .executeTakeFirstOrThrow();
}

/** Counters of a subtree over two runs of days (a period and the one it is compared with), in one scan. */
export async function subtreeCountersPair(
  db: Db,
  unit: UnitRow,
  a: { from: string; to: string },
  b: { from: string; to: string },
): Promise<[Counters, Counters]> {
  const bounds = sql<{ a_from: Date; a_to: Date; b_from: Date; b_to: Date }>`(SELECT ${a.from}::date AS a_from, ${a.to}::date AS a_to,
    ${b.from}::date AS b_from, ${b.to}::date AS b_to)`.as('p');
  const row = await db
    .selectFrom('daily_stats as s')
    .innerJoin('units as u', 'u.code', 's.unit_code')
    .innerJoin(bounds, (j) => j.onTrue())
    .select([...SUMS_A, ...SUMS_B])
    .where(underPath(unit))
    .where(sql<SqlBool>`(s.day BETWEEN p.a_from AND p.a_to OR s.day BETWEEN p.b_from AND p.b_to)`)
    .executeTakeFirstOrThrow();
  const pick = (suffix: 'A' | 'B') => Object.fromEntries(COUNTER_KEYS.map((k) => [k, row[`${k}${suffix}`]])) as Counters;
  return [pick('A'), pick('B')];
}

/** Counters of each direct child's subtree, in one query. */
export async function childCounters(db: Db, parent: UnitRow, from: string, to: string): Promise<(Counters & { code: string; name: string })[]> {
  return db
    .selectFrom('units as c')
    .leftJoin('units as u', (j) => j.on(subtreeOf('c.path')))
    .leftJoin('daily_stats as s', (j) => j.onRef('s.unit_code', '=', 'u.code').on(daysBetween(from, to)))
    .select(['c.code', 'c.name', ...SUMS])
    .where('c.parent_code', '=', parent.code)
    .groupBy(['c.code', 'c.name'])
    .orderBy('c.code')
    .execute();
}

/** `u` is in the subtree of the unit whose path is the column `rootPath` (its path with LIKE's wildcards escaped, as a prefix). */
const subtreeOf = (rootPath: 'c.path' | 'r.path'): Expression<SqlBool> =>
  sql<SqlBool>`u.path LIKE replace(replace(${sql.ref(rootPath)}, '_', '\\_'), '%', '\\%') || '%'`;

/** Counters of a subtree per month ("YYYY-MM") or per day ("YYYY-MM-DD"), for charts. */
export async function seriesCounters(db: Db, unit: UnitRow, from: string, to: string, by: 'month' | 'day'): Promise<Map<string, Counters>> {
  const rows = await db
    .selectFrom('daily_stats as s')
    .innerJoin('units as u', 'u.code', 's.unit_code')
    .select([sql<string>`to_char(s.day, ${sql.lit(by === 'month' ? 'YYYY-MM' : 'YYYY-MM-DD')})`.as('month'), ...SUMS])
    .where(underPath(unit))
    .where(daysBetween(from, to))
    .groupBy(sql`1`)
    .execute();
  return new Map(rows.map(({ month, ...c }) => [month, c]));
}

/** Dossiers of a subtree still open whose deadline has passed at `now` (the only live count). */
export async function overdueOpen(db: Db, unitCodes: string[], now: Date): Promise<number> {
  const row = await db
    .selectFrom('dossiers')
    .select(countInt.as('n'))
    .where(overdueAt(unitCodes, now))
    .executeTakeFirstOrThrow();
  return row.n;
}

/**
 * Dossiers of a subtree still open at the end of Vietnam day `day`, from the roll-up: every
 * dossier is counted once as received and, once done, once as completed (never before it was
 * received), so the difference of the two sums up to that day is what is still open.
 */
export async function openAt(db: Db, unit: UnitRow, day: string): Promise<number> {
  const row = await db
    .selectFrom('daily_stats as s')
    .innerJoin('units as u', 'u.code', 's.unit_code')
    .select(sql<number>`(coalesce(sum(s.received), 0) - coalesce(sum(s.completed), 0))::int`.as('n'))
    .where(underPath(unit))
    .where(sql<SqlBool>`s.day <= ${day}::date`)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Late completions of a subtree by reason over days `from`..`to`, most frequent first (from the roll-up). */
export async function lateReasons(db: Db, unit: UnitRow, from: string, to: string, limit = 5): Promise<{ reason: string | null; n: number }[]> {
  return db
    .selectFrom('daily_late_reasons as r')
    .innerJoin('units as u', 'u.code', 'r.unit_code')
    .select([sql<string | null>`nullif(r.reason, '')`.as('reason'), sql<number>`sum(r.n)::int`.as('n')])
    .where(underPath(unit))
    .where(sql<SqlBool>`r.day BETWEEN ${from}::date AND ${to}::date`)
    .groupBy(sql`1`)
    .orderBy(sql`2`, 'desc')
    .orderBy(sql`1`)
    .limit(limit)
    .execute();
}

/** count(*) as an int4, a number on both backends (count's own int8 is a string from pg). */
const countInt = sql<number>`count(*)::int`;

/** Open dossiers of these units past their deadline at `now` (the partial index's shape). */
const overdueAt = (unitCodes: string[], now: Date): Expression<SqlBool> =>
  sql<SqlBool>`ma_don_vi = ANY(${unitCodes}::text[]) AND ngay_hoan_thanh IS NULL AND han_xu_ly < ${now}`;

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
export async function unitsCounters(db: Db, codes: string[], from: string, to: string): Promise<Map<string, Counters>> {
  const rows = await db
    .selectFrom('units as r')
    .leftJoin('units as u', (j) => j.on(subtreeOf('r.path')))
    .leftJoin('daily_stats as s', (j) => j.onRef('s.unit_code', '=', 'u.code').on(daysBetween(from, to)))
    .select(['r.code', ...SUMS])
    .where(sql<SqlBool>`r.code = ANY(${codes}::text[])`)
    .groupBy('r.code')
    .execute();
  return new Map(rows.map(({ code, ...c }) => [code, c]));
}

/**
 * Open dossiers at `now` (received minus completed, from the roll-up up to today) and those past
 * their deadline (the small indexed set of open rows with han_xu_ly < now), per unit of `units`,
 * each summed over its subtree. Two queries however many units are asked.
 */
export async function openCountsByUnit(db: Db, units: UnitRow[], all: UnitRow[], now: Date, today: string): Promise<Map<string, { open: number; overdue: number }>> {
  const codes = [...new Set(all.filter((u) => units.some((r) => u.path.startsWith(r.path))).map((u) => u.code))];
  const [open, overdue] = await Promise.all([
    db
      .selectFrom('daily_stats')
      .select(['unit_code as code', sql<number>`(sum(received) - sum(completed))::int`.as('n')])
      .where(sql<SqlBool>`unit_code = ANY(${codes}::text[]) AND day <= ${today}::date`)
      .groupBy('unit_code')
      .execute(),
    db.selectFrom('dossiers').select(['ma_don_vi as code', countInt.as('n')]).where(overdueAt(codes, now)).groupBy('ma_don_vi').execute(),
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
export async function overdueReasons(db: Db, unitCodes: string[], now: Date, limit = 5): Promise<{ reason: string | null; n: number }[]> {
  return db
    .selectFrom('dossiers')
    .select([sql<string | null>`nullif(trim(ly_do_tre_han), '')`.as('reason'), countInt.as('n')])
    .where(overdueAt(unitCodes, now))
    .groupBy(sql`1`)
    .orderBy(sql`2`, 'desc')
    .orderBy(sql`1`)
    .limit(limit)
    .execute();
}

/** The first day of the imported data (Vietnam calendar), or null when there is none. */
export async function dataStart(db: Db): Promise<string | null> {
  const row = await db.selectFrom('daily_stats').select(sql<string | null>`to_char(min(day), 'YYYY-MM-DD')`.as('day')).executeTakeFirst();
  return row?.day ?? null;
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
