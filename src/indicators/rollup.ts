import { type RawBuilder, sql } from 'kysely';
import { atomically, type Db } from '../store/db.ts';
import { VN_ZONE, vnDaySql } from '../time/vietnam.ts';

/**
 * The daily roll-up (`daily_stats`): one row per unit × Vietnam calendar day, own dossiers only
 * (a subtree is summed through `units.path`). Officer figures read it instead of scanning dossiers.
 *
 * Received-side counters (received, received_online, received_with_fee, paid_online, digitized)
 * fall on the day of `ngay_tiep_nhan`; completion-side counters (completed, completed_early,
 * completed_on_time, completed_late, e_result) on the day of `ngay_hoan_thanh`, both in
 * Asia/Ho_Chi_Minh. `completed_on_time` counts completed_at <= due_at and so includes the early
 * ones; `completed_early` = completed on an earlier Vietnam calendar day than the deadline's;
 * `completed_late` = completed_at > due_at. Hence completed = completed_on_time + completed_late.
 */

const COLUMNS = sql.raw(
  'unit_code, day, received, received_online, received_with_fee, paid_online, digitized, completed, completed_early, completed_on_time, completed_late, e_result',
);
/** The Vietnam calendar day of an instant column, as SQL. */
const vnDayColumn = (column: string) => sql.raw(vnDaySql(column));

// One row per dossier per side; summed by (unit, day). `recv`/`done` filter (or join) the dossiers of each side.
function aggregate(recv: RawBuilder<unknown>, done: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
SELECT unit_code, day,
  sum(received)::int, sum(received_online)::int, sum(received_with_fee)::int, sum(paid_online)::int, sum(digitized)::int,
  sum(completed)::int, sum(completed_early)::int, sum(completed_on_time)::int, sum(completed_late)::int, sum(e_result)::int
FROM (
  SELECT d.ma_don_vi AS unit_code, ${vnDayColumn('d.ngay_tiep_nhan')} AS day,
    1 AS received, (d.kenh_nop = 'truc_tuyen')::int AS received_online, d.co_phi::int AS received_with_fee,
    (d.co_phi AND d.thanh_toan_truc_tuyen)::int AS paid_online, d.da_so_hoa::int AS digitized,
    0 AS completed, 0 AS completed_early, 0 AS completed_on_time, 0 AS completed_late, 0 AS e_result
  FROM dossiers d ${recv}
  UNION ALL
  SELECT d.ma_don_vi, ${vnDayColumn('d.ngay_hoan_thanh')},
    0, 0, 0, 0, 0,
    1, (${vnDayColumn('d.ngay_hoan_thanh')} < ${vnDayColumn('d.han_xu_ly')})::int,
    (d.ngay_hoan_thanh <= d.han_xu_ly)::int, (d.ngay_hoan_thanh > d.han_xu_ly)::int, d.ket_qua_dien_tu::int
  FROM dossiers d ${done}
) x
GROUP BY unit_code, day`;
}

// Late completions by unit, completion day and reason ("" when none), for `daily_late_reasons`.
// `done` is the filter (a WHERE or a JOIN) and `late` how the lateness condition joins it.
const reasons = (done: RawBuilder<unknown>, late: 'WHERE' | 'AND') => sql`
INSERT INTO daily_late_reasons (unit_code, day, reason, n)
SELECT d.ma_don_vi, ${vnDayColumn('d.ngay_hoan_thanh')}, coalesce(nullif(trim(d.ly_do_tre_han), ''), ''), count(*)::int
  FROM dossiers d ${done} ${sql.raw(late)} d.ngay_hoan_thanh > d.han_xu_ly
 GROUP BY 1, 2, 3`;

/**
 * Recomputes `daily_stats` from `dossiers`: everything when no scope is given, else the rows of
 * the given units (own dossiers only). Run it inside the transaction that changed the dossiers
 * (it is then a savepoint of it).
 */
export async function refreshDailyStats(db: Db, scope?: { unitCodes?: string[] }): Promise<void> {
  const units = scope?.unitCodes;
  if (!units) {
    await atomically(db, async (trx) => {
      await sql`DELETE FROM daily_stats`.execute(trx);
      await sql`INSERT INTO daily_stats (${COLUMNS}) ${aggregate(sql``, sql`WHERE d.ngay_hoan_thanh IS NOT NULL`)}`.execute(trx);
      await sql`DELETE FROM daily_late_reasons`.execute(trx);
      await reasons(sql``, 'WHERE').execute(trx);
    });
    return;
  }
  if (units.length === 0) return;
  const ofUnits = sql`d.ma_don_vi = ANY(${units}::text[])`;
  await atomically(db, async (trx) => {
    await trx.deleteFrom('daily_stats').where(sql<boolean>`unit_code = ANY(${units}::text[])`).execute();
    await sql`INSERT INTO daily_stats (${COLUMNS}) ${aggregate(sql`WHERE ${ofUnits}`, sql`WHERE ${ofUnits} AND d.ngay_hoan_thanh IS NOT NULL`)}`.execute(trx);
    await trx.deleteFrom('daily_late_reasons').where(sql<boolean>`unit_code = ANY(${units}::text[])`).execute();
    await reasons(sql`WHERE ${ofUnits}`, 'AND').execute(trx);
  });
}

/** Above this many (unit, day) pairs, or a fifth of the roll-up, one pass over dossiers beats a range scan per pair. */
const MANY_PAIRS = 5000;

/**
 * Recomputes the (unit, day) pairs listed in the temporary table `table` (columns unit_code text,
 * day date). The caller fills it with the pairs a change touched — both the old and the new day
 * and unit of every changed dossier — and runs this inside the same transaction.
 */
export async function refreshDailyStatsPairs(trx: Db, table: string): Promise<void> {
  const t = sql.table(table);
  const { rows } = await sql<{ n: number; total: number }>`
    SELECT (SELECT count(*)::int FROM ${t}) AS n, (SELECT count(*)::int FROM daily_stats) AS total`.execute(trx);
  const n = rows[0]?.n ?? 0;
  if (n === 0) return;
  const many = n > MANY_PAIRS || n > (rows[0]?.total ?? 0) / 5;
  await sql`DELETE FROM daily_stats s USING ${t} a WHERE s.unit_code = a.unit_code AND s.day = a.day`.execute(trx);
  // Few pairs: range scans on (ma_don_vi, ngay_*) indexes. Many: one pass over dossiers.
  const join = (col: 'ngay_tiep_nhan' | 'ngay_hoan_thanh') => {
    const c = sql.raw(`d.${col}`);
    return many
      ? sql`JOIN ${t} a ON a.unit_code = d.ma_don_vi AND a.day = ${vnDayColumn(`d.${col}`)}`
      : sql`JOIN ${t} a ON a.unit_code = d.ma_don_vi
           AND ${c} >= (a.day::timestamp AT TIME ZONE ${sql.lit(VN_ZONE)})
           AND ${c} < ((a.day + 1)::timestamp AT TIME ZONE ${sql.lit(VN_ZONE)})`;
  };
  await sql`INSERT INTO daily_stats (${COLUMNS}) ${aggregate(join('ngay_tiep_nhan'), join('ngay_hoan_thanh'))}`.execute(trx);
  await sql`DELETE FROM daily_late_reasons s USING ${t} a WHERE s.unit_code = a.unit_code AND s.day = a.day`.execute(trx);
  await reasons(join('ngay_hoan_thanh'), 'WHERE').execute(trx);
}
