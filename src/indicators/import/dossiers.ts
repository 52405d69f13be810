import { z } from 'zod';
import type { Sql } from '../../store/sql.ts';
import { refreshDailyStatsPairs, TZ } from '../rollup.ts';
import { type ColumnSpec, type CsvSource, readCsv } from './csv.ts';
import { IssueList } from './errors.ts';
import { code, dateTime, flag, optionalDateTime, oneOf, optionalText, requiredText, vnDay, zodIssues } from './values.ts';

export const DOSSIER_COLUMNS: ColumnSpec[] = [
  { name: 'ma_ho_so', aliases: ['Mã hồ sơ', 'Số hồ sơ', 'ma_hs', 'so_hs', 'dossier_code', 'code'], required: true },
  { name: 'ma_don_vi', aliases: ['Mã đơn vị', 'Mã cơ quan', 'Đơn vị', 'ma_dv', 'unit_code'], required: true },
  { name: 'ma_thu_tuc', aliases: ['Mã thủ tục', 'Mã TTHC', 'Mã thủ tục hành chính', 'ma_tt', 'procedure_code'], required: true },
  { name: 'kenh_nop', aliases: ['Kênh nộp', 'Hình thức nộp', 'Kênh tiếp nhận', 'Hình thức tiếp nhận', 'channel'], required: true },
  { name: 'ngay_tiep_nhan', aliases: ['Ngày tiếp nhận', 'Ngày nhận', 'Thời gian tiếp nhận', 'received_at'], required: true },
  { name: 'han_xu_ly', aliases: ['Hạn xử lý', 'Hạn giải quyết', 'Ngày hẹn trả', 'Hẹn trả', 'due_at'], required: true },
  { name: 'ngay_hoan_thanh', aliases: ['Ngày hoàn thành', 'Ngày có kết quả', 'Ngày trả kết quả', 'completed_at'], required: true },
  { name: 'co_phi', aliases: ['Có phí', 'Có phí, lệ phí', 'Phí, lệ phí', 'Có lệ phí', 'has_fee'], required: true },
  { name: 'thanh_toan_truc_tuyen', aliases: ['Thanh toán trực tuyến', 'Đã thanh toán trực tuyến', 'TT trực tuyến', 'paid_online'], required: true },
  { name: 'da_so_hoa', aliases: ['Đã số hóa', 'Số hóa', 'Đã số hoá', 'Số hoá', 'digitized'], required: true },
  { name: 'ket_qua_dien_tu', aliases: ['Kết quả điện tử', 'Có kết quả điện tử', 'Trả kết quả điện tử', 'e_result'], required: true },
  { name: 'ly_do_tre_han', aliases: ['Lý do trễ hạn', 'Lý do quá hạn', 'Lí do trễ hạn', 'late_reason'], required: false },
];

const CHANNELS = {
  truc_tuyen: 'truc_tuyen',
  online: 'truc_tuyen',
  dvc_truc_tuyen: 'truc_tuyen',
  nop_truc_tuyen: 'truc_tuyen',
  truc_tiep: 'truc_tiep',
  tai_quay: 'truc_tiep',
  nop_truc_tiep: 'truc_tiep',
  offline: 'truc_tiep',
  buu_chinh: 'buu_chinh',
  buu_chinh_cong_ich: 'buu_chinh',
  qua_buu_chinh: 'buu_chinh',
  buu_dien: 'buu_chinh',
  postal: 'buu_chinh',
} as const;

const rowSchema = z
  .object({
    ma_ho_so: code('hồ sơ'),
    ma_don_vi: code('đơn vị'),
    ma_thu_tuc: requiredText(100),
    kenh_nop: oneOf(CHANNELS, 'truc_tuyen, truc_tiep hoặc buu_chinh — "Trực tuyến", "Trực tiếp", "Bưu chính"'),
    ngay_tiep_nhan: dateTime(),
    han_xu_ly: dateTime({ endOfDay: true }),
    ngay_hoan_thanh: optionalDateTime(),
    co_phi: flag,
    thanh_toan_truc_tuyen: flag,
    da_so_hoa: flag,
    ket_qua_dien_tu: flag,
    ly_do_tre_han: optionalText(1000),
  })
  .superRefine((r, ctx) => {
    if (r.han_xu_ly < r.ngay_tiep_nhan)
      ctx.addIssue({ code: 'custom', path: ['han_xu_ly'], message: 'hạn xử lý sớm hơn ngày tiếp nhận' });
    if (r.ngay_hoan_thanh !== null && r.ngay_hoan_thanh < r.ngay_tiep_nhan)
      ctx.addIssue({ code: 'custom', path: ['ngay_hoan_thanh'], message: 'ngày hoàn thành sớm hơn ngày tiếp nhận' });
  });

export interface ImportResult {
  rows: number;
  inserted: number;
  updated: number;
  ms: number;
  /** Header cells that matched no known column. */
  ignoredColumns: string[];
}

export interface ImportOptions {
  batchSize?: number;
  /** Stop reading after this many bad values (default 20). */
  maxErrors?: number;
}

class Batch {
  codes: string[] = [];
  units: string[] = [];
  procedures: string[] = [];
  channels: string[] = [];
  received: string[] = [];
  due: string[] = [];
  completed: (string | null)[] = [];
  fee: boolean[] = [];
  paid: boolean[] = [];
  digitized: boolean[] = [];
  eResult: boolean[] = [];
  reasons: (string | null)[] = [];
  get size() {
    return this.codes.length;
  }
  params(): unknown[] {
    return [
      this.codes, this.units, this.procedures, this.channels, this.received, this.due, this.completed,
      this.fee, this.paid, this.digitized, this.eResult, this.reasons,
    ];
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
const day = (col: string) => `(${col} AT TIME ZONE '${TZ}')::date`;

const UPSERT = `
WITH up AS (
  INSERT INTO dossiers (ma_ho_so, ma_don_vi, ma_thu_tuc, kenh_nop, ngay_tiep_nhan, han_xu_ly, ngay_hoan_thanh,
                        co_phi, thanh_toan_truc_tuyen, da_so_hoa, ket_qua_dien_tu, ly_do_tre_han, imported_at)
  SELECT *, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[],
                              $7::timestamptz[], $8::bool[], $9::bool[], $10::bool[], $11::bool[], $12::text[])
  ON CONFLICT (ma_ho_so) DO UPDATE SET
    ma_don_vi = EXCLUDED.ma_don_vi, ma_thu_tuc = EXCLUDED.ma_thu_tuc, kenh_nop = EXCLUDED.kenh_nop,
    ngay_tiep_nhan = EXCLUDED.ngay_tiep_nhan, han_xu_ly = EXCLUDED.han_xu_ly, ngay_hoan_thanh = EXCLUDED.ngay_hoan_thanh,
    co_phi = EXCLUDED.co_phi, thanh_toan_truc_tuyen = EXCLUDED.thanh_toan_truc_tuyen, da_so_hoa = EXCLUDED.da_so_hoa,
    ket_qua_dien_tu = EXCLUDED.ket_qua_dien_tu, ly_do_tre_han = EXCLUDED.ly_do_tre_han, imported_at = EXCLUDED.imported_at
  RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*)::int AS total FROM up`;

// The (unit, day) pairs an existing dossier occupies before it is overwritten: a re-import that
// moves a dossier to another day or unit must recompute where it was, too.
const OLD_PAIRS = `
INSERT INTO _import_pairs (unit_code, day)
SELECT ma_don_vi, ${day('ngay_tiep_nhan')} FROM dossiers WHERE ma_ho_so = ANY($1::text[])
UNION
SELECT ma_don_vi, ${day('ngay_hoan_thanh')} FROM dossiers WHERE ma_ho_so = ANY($1::text[]) AND ngay_hoan_thanh IS NOT NULL`;

/**
 * Imports dossier rows (DESIGN.md § Indicators) in one transaction and keeps `daily_stats` in
 * step. Any bad value — or a dossier of an unknown unit, or a code repeated in the file — throws
 * an ImportError naming the line and column, and nothing is written.
 */
export async function importDossiers(sql: Sql, source: CsvSource, opts: ImportOptions = {}): Promise<ImportResult> {
  const started = performance.now();
  const batchSize = opts.batchSize ?? 20_000;
  const issues = new IssueList(opts.maxErrors ?? 20);
  let ignoredColumns: string[] = [];

  return sql.transaction(async (tx) => {
    const units = new Set((await tx.query<{ code: string }>('SELECT code FROM units')).map((u) => u.code));
    await tx.exec('CREATE TEMP TABLE _import_pairs (unit_code text NOT NULL, day date NOT NULL) ON COMMIT DROP');
    const seen = new Map<string, number>();
    const newPairs = new Set<string>();
    let rows = 0;
    let inserted = 0;
    let batch = new Batch();

    const flush = async () => {
      if (batch.size === 0 || issues.any) return;
      await tx.query(OLD_PAIRS, [batch.codes]);
      const [r] = await tx.query<{ inserted: number; total: number }>(UPSERT, batch.params());
      inserted += r?.inserted ?? 0;
      batch = new Batch();
    };

    for await (const { line, values } of readCsv(source, DOSSIER_COLUMNS, (h) => {
      ignoredColumns = h.ignored;
    })) {
      rows++;
      const parsed = rowSchema.safeParse(values);
      if (!parsed.success) {
        for (const i of zodIssues(parsed.error)) issues.add(line, i.column, i.message);
        if (issues.full) break;
        continue;
      }
      const r = parsed.data;
      if (!units.has(r.ma_don_vi)) {
        issues.add(line, 'ma_don_vi', `đơn vị '${r.ma_don_vi}' chưa có (nhập danh sách đơn vị trước: import units)`);
      }
      const previous = seen.get(r.ma_ho_so);
      if (previous !== undefined) issues.add(line, 'ma_ho_so', `'${r.ma_ho_so}' trùng với dòng ${previous}`);
      else seen.set(r.ma_ho_so, line);
      if (issues.full) break;
      if (issues.any) continue;

      batch.codes.push(r.ma_ho_so);
      batch.units.push(r.ma_don_vi);
      batch.procedures.push(r.ma_thu_tuc);
      batch.channels.push(r.kenh_nop);
      batch.received.push(iso(r.ngay_tiep_nhan));
      batch.due.push(iso(r.han_xu_ly));
      batch.completed.push(r.ngay_hoan_thanh === null ? null : iso(r.ngay_hoan_thanh));
      batch.fee.push(r.co_phi);
      batch.paid.push(r.thanh_toan_truc_tuyen);
      batch.digitized.push(r.da_so_hoa);
      batch.eResult.push(r.ket_qua_dien_tu);
      batch.reasons.push(r.ly_do_tre_han);
      newPairs.add(`${r.ma_don_vi}\u0000${vnDay(r.ngay_tiep_nhan)}`);
      if (r.ngay_hoan_thanh !== null) newPairs.add(`${r.ma_don_vi}\u0000${vnDay(r.ngay_hoan_thanh)}`);
      if (batch.size >= batchSize) await flush();
    }
    issues.throwIfAny();
    await flush();

    const pairUnits: string[] = [];
    const pairDays: string[] = [];
    for (const p of newPairs) {
      const [u, d] = p.split('\u0000') as [string, string];
      pairUnits.push(u);
      pairDays.push(d);
    }
    await tx.query('INSERT INTO _import_pairs SELECT * FROM unnest($1::text[], $2::date[])', [pairUnits, pairDays]);
    await tx.exec(
      'CREATE TEMP TABLE _import_pairs_d ON COMMIT DROP AS SELECT DISTINCT unit_code, day FROM _import_pairs',
    );
    await refreshDailyStatsPairs(tx, '_import_pairs_d');
    const written = seen.size;
    return {
      rows,
      inserted,
      updated: written - inserted,
      ms: Math.round(performance.now() - started),
      ignoredColumns,
    };
  });
}
