import type { Sql } from '../store/sql.ts';
import { VN_ZONE, vnDaySql as vnDay } from '../time/vietnam.ts';

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

const COLUMNS =
  'unit_code, day, received, received_online, received_with_fee, paid_online, digitized, completed, completed_early, completed_on_time, completed_late, e_result';

// One row per dossier per side; summed by (unit, day). `%RECV%`/`%DONE%` are the filters.
const AGGREGATE = `
SELECT unit_code, day,
  sum(received)::int, sum(received_online)::int, sum(received_with_fee)::int, sum(paid_online)::int, sum(digitized)::int,
  sum(completed)::int, sum(completed_early)::int, sum(completed_on_time)::int, sum(completed_late)::int, sum(e_result)::int
FROM (
  SELECT d.ma_don_vi AS unit_code, ${vnDay('d.ngay_tiep_nhan')} AS day,
    1 AS received, (d.kenh_nop = 'truc_tuyen')::int AS received_online, d.co_phi::int AS received_with_fee,
    (d.co_phi AND d.thanh_toan_truc_tuyen)::int AS paid_online, d.da_so_hoa::int AS digitized,
    0 AS completed, 0 AS completed_early, 0 AS completed_on_time, 0 AS completed_late, 0 AS e_result
  FROM dossiers d %RECV%
  UNION ALL
  SELECT d.ma_don_vi, ${vnDay('d.ngay_hoan_thanh')},
    0, 0, 0, 0, 0,
    1, (${vnDay('d.ngay_hoan_thanh')} < ${vnDay('d.han_xu_ly')})::int,
    (d.ngay_hoan_thanh <= d.han_xu_ly)::int, (d.ngay_hoan_thanh > d.han_xu_ly)::int, d.ket_qua_dien_tu::int
  FROM dossiers d %DONE%
) x
GROUP BY unit_code, day`;

function aggregate(recvFilter: string, doneFilter: string): string {
  return AGGREGATE.replace('%RECV%', recvFilter).replace('%DONE%', doneFilter);
}

// Late completions by unit, completion day and reason ("" when none), for `daily_late_reasons`.
// `%DONE%` is the filter (a WHERE or a JOIN); late means completed after the deadline.
const REASONS = `
INSERT INTO daily_late_reasons (unit_code, day, reason, n)
SELECT d.ma_don_vi, ${vnDay('d.ngay_hoan_thanh')}, coalesce(nullif(trim(d.ly_do_tre_han), ''), ''), count(*)::int
  FROM dossiers d %DONE%
 GROUP BY 1, 2, 3`;

const reasons = (doneFilter: string, late: 'WHERE' | 'AND') =>
  `${REASONS.replace('%DONE%', `${doneFilter} ${late} d.ngay_hoan_thanh > d.han_xu_ly`)}`;

/**
 * Recomputes `daily_stats` from `dossiers`: everything when no scope is given, else the rows of
 * the given units (own dossiers only). Run it inside the transaction that changed the dossiers.
 */
export async function refreshDailyStats(sql: Sql, scope?: { unitCodes?: string[] }): Promise<void> {
  const units = scope?.unitCodes;
  if (!units) {
    await sql.transaction(async (tx) => {
      await tx.exec('DELETE FROM daily_stats');
      await tx.query(`INSERT INTO daily_stats (${COLUMNS}) ${aggregate('', 'WHERE d.ngay_hoan_thanh IS NOT NULL')}`);
      await tx.exec('DELETE FROM daily_late_reasons');
      await tx.query(reasons('', 'WHERE'));
    });
    return;
  }
  if (units.length === 0) return;
  await sql.transaction(async (tx) => {
    await tx.query('DELETE FROM daily_stats WHERE unit_code = ANY($1::text[])', [units]);
    await tx.query(
      `INSERT INTO daily_stats (${COLUMNS}) ${aggregate(
        'WHERE d.ma_don_vi = ANY($1::text[])',
        'WHERE d.ma_don_vi = ANY($1::text[]) AND d.ngay_hoan_thanh IS NOT NULL',
      )}`,
      [units],
    );
    await tx.query('DELETE FROM daily_late_reasons WHERE unit_code = ANY($1::text[])', [units]);
    await tx.query(reasons('WHERE d.ma_don_vi = ANY($1::text[])', 'AND'), [units]);
  });
}

/** Above this many (unit, day) pairs, or a fifth of the roll-up, one pass over dossiers beats a range scan per pair. */
const MANY_PAIRS = 5000;

/**
 * Recomputes the (unit, day) pairs listed in the temporary table `table` (columns unit_code text,
 * day date). The caller fills it with the pairs a change touched — both the old and the new day
 * and unit of every changed dossier — and runs this inside the same transaction.
 */
export async function refreshDailyStatsPairs(tx: Sql, table: string): Promise<void> {
  const [row] = await tx.query<{ n: number; total: number }>(
    `SELECT (SELECT count(*)::int FROM ${table}) AS n, (SELECT count(*)::int FROM daily_stats) AS total`,
  );
  const n = row?.n ?? 0;
  if (n === 0) return;
  const many = n > MANY_PAIRS || n > (row?.total ?? 0) / 5;
  await tx.query(`DELETE FROM daily_stats s USING ${table} a WHERE s.unit_code = a.unit_code AND s.day = a.day`);
  // Few pairs: range scans on (ma_don_vi, ngay_*) indexes. Many: one pass over dossiers.
  const join = (col: string) =>
    many
      ? `JOIN ${table} a ON a.unit_code = d.ma_don_vi AND a.day = ${vnDay(`d.${col}`)}`
      : `JOIN ${table} a ON a.unit_code = d.ma_don_vi
           AND d.${col} >= (a.day::timestamp AT TIME ZONE '${VN_ZONE}')
           AND d.${col} < ((a.day + 1)::timestamp AT TIME ZONE '${VN_ZONE}')`;
  await tx.query(`INSERT INTO daily_stats (${COLUMNS}) ${aggregate(join('ngay_tiep_nhan'), join('ngay_hoan_thanh'))}`);
  await tx.query(`DELETE FROM daily_late_reasons s USING ${table} a WHERE s.unit_code = a.unit_code AND s.day = a.day`);
  await tx.query(reasons(join('ngay_hoan_thanh'), 'WHERE'));
}
