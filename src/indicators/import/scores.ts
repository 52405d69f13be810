import { z } from 'zod';
import { sql } from 'kysely';
import { atomically, type Db } from '../../store/db.ts';
import { GROUPS, type IndexGroup, INDEX_MAX } from '../index766.ts';
import { type ColumnSpec, type CsvSource, validRows } from './csv.ts';
import { type ImportOptions, type ImportResult, importResult } from './dossiers.ts';
import { IssueList } from './errors.ts';
import { code, decimal, key, oneOf } from './values.ts';

export const SCORE_COLUMNS: ColumnSpec[] = [
  { name: 'ma_don_vi', aliases: ['Mã đơn vị', 'Mã cơ quan', 'Đơn vị', 'ma_dv', 'unit_code'], required: true },
  { name: 'ky', aliases: ['Kỳ', 'Kỳ đánh giá', 'Thời gian', 'Kỳ báo cáo', 'period'], required: true },
  { name: 'nhom', aliases: ['Nhóm', 'Nhóm chỉ số', 'Nhóm chỉ tiêu', 'Chỉ số', 'group'], required: true },
  { name: 'diem', aliases: ['Điểm', 'Điểm số', 'Điểm đạt', 'score'], required: true },
];

/** A 766 group, or `tong`: the whole index. */
export type ScoreGroup = IndexGroup | 'tong';

/** Each group's maximum points (from the 766 table); `tong` is the total of 100. */
export const GROUP_MAX = Object.fromEntries([...GROUPS.map((g) => [g.group, g.max]), ['tong', INDEX_MAX]]) as Record<ScoreGroup, number>;

// The `nhom` column: a group's key or its name folded ("Số hóa hồ sơ" → so_hoa_ho_so), a few
// spellings exports use, each also after "nhom_", and the group's number (nhom_1 … nhom_5).
const SPELLINGS: Record<string, ScoreGroup> = { dvc_truc_tuyen: 'truc_tuyen', tong: 'tong', tong_diem: 'tong', tong_cong: 'tong' };
for (const g of GROUPS) SPELLINGS[g.group] = SPELLINGS[key(g.name)] = g.group;
for (const [k, v] of Object.entries(SPELLINGS)) SPELLINGS[`nhom_${k}`] = v;
for (const [i, g] of GROUPS.entries()) SPELLINGS[`nhom_${i + 1}`] = g.group;

/** "2025-11", "2025-Q3", "2025" — also "11/2025", "Tháng 11/2025", "Quý 3/2025", "Q3/2025", "Năm 2025". */
export function parsePeriod(text: string): string | null {
  const k = key(text);
  let m = /^(?:nam_)?(\d{4})$/.exec(k);
  if (m) return m[1]!;
  m = /^(\d{4})_(0[1-9]|1[0-2])$/.exec(k) ?? null;
  if (m) return `${m[1]}-${m[2]}`;
  m = /^(?:thang_)?(0?[1-9]|1[0-2])_(\d{4})$/.exec(k);
  if (m) return `${m[2]}-${m[1]!.padStart(2, '0')}`;
  m = /^(\d{4})_q([1-4])$/.exec(k);
  if (m) return `${m[1]}-Q${m[2]}`;
  m = /^(?:quy_|q_?)([1-4])_(\d{4})$/.exec(k);
  if (m) return `${m[2]}-Q${m[1]}`;
  return null;
}

const rowSchema = z
  .object({
    ma_don_vi: code('đơn vị'),
    ky: z.string().transform((v, ctx) => {
      const p = parsePeriod(v);
      if (p) return p;
      ctx.addIssue({ code: 'custom', message: `'${v.trim()}' không phải kỳ hợp lệ (cần 2025-11, 2025-Q3 hoặc 2025)` });
      return z.NEVER;
    }),
    nhom: oneOf(SPELLINGS, `${GROUPS.map((g) => g.group).join(', ')} hoặc tong`),
    diem: decimal,
  })
  .superRefine((r, ctx) => {
    const max = GROUP_MAX[r.nhom];
    if (r.diem < 0 || r.diem > max)
      ctx.addIssue({ code: 'custom', path: ['diem'], message: `${r.diem} ngoài khoảng 0–${max} của nhóm ${r.nhom}` });
  });

/** Imports official 766 scores in one transaction; re-import replaces by (unit, period, group). */
export async function importScores(db: Db, source: CsvSource, opts: ImportOptions = {}): Promise<ImportResult> {
  const started = performance.now();
  const issues = new IssueList(opts.maxErrors ?? 20);
  let ignoredColumns: string[] = [];
  const rows: { unit: string; period: string; group: string; score: number }[] = [];
  const lineOf = new Map<string, number>();

  return atomically(db, async (tx) => {
    const units = new Set((await tx.selectFrom('units').select('code').execute()).map((u) => u.code));
    for await (const { line, row: r } of validRows(source, SCORE_COLUMNS, rowSchema, issues, (h) => {
      ignoredColumns = h.ignored;
    })) {
      const k = `${r.ma_don_vi}|${r.ky}|${r.nhom}`;
      if (!units.has(r.ma_don_vi))
        issues.add(line, 'ma_don_vi', `đơn vị '${r.ma_don_vi}' chưa có (nhập danh sách đơn vị trước: import units)`);
      else if (lineOf.has(k))
        issues.add(line, 'nhom', `điểm nhóm ${r.nhom} kỳ ${r.ky} của ${r.ma_don_vi} trùng với dòng ${lineOf.get(k)}`);
      else {
        lineOf.set(k, line);
        rows.push({ unit: r.ma_don_vi, period: r.ky, group: r.nhom, score: r.diem });
      }
    }
    issues.throwIfAny();
    const { rows: counted } = await sql<{ inserted: number }>`
      WITH up AS (
         INSERT INTO index_scores (unit_code, period, nhom, score, imported_at, demo)
         SELECT *, now(), ${opts.demo ?? false}::bool FROM unnest(${rows.map((x) => x.unit)}::text[], ${rows.map((x) => x.period)}::text[],
           ${rows.map((x) => x.group)}::text[], ${rows.map((x) => x.score)}::numeric[])
         ON CONFLICT (unit_code, period, nhom) DO UPDATE SET score = EXCLUDED.score, imported_at = EXCLUDED.imported_at,
           demo = EXCLUDED.demo
         RETURNING (xmax = 0) AS inserted)
       SELECT count(*) FILTER (WHERE inserted)::int AS inserted FROM up`.execute(tx);
    return importResult({ rows: rows.length, inserted: counted[0]?.inserted ?? 0, started, ignoredColumns });
  });
}
