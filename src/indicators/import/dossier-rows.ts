import { z } from 'zod';
import { type ColumnSpec, type CsvSource, readCsv } from './csv.ts';
import { ImportError, type ImportIssue, IssueList } from './errors.ts';
import { vnDayNumber, vnDayOfNumber } from '../../time/vietnam.ts';
import { code, dateTime, flag, optionalDateTime, oneOf, optionalText, requiredText, zodIssues } from './values.ts';

export const DOSSIER_COLUMNS: ColumnSpec[] = [
  { name: 'ma_ho_so', aliases: ['Mã hồ sơ', 'Số hồ sơ', 'ma_hs', 'so_hs', 'dossier_code', 'code'], required: true },
  { name: 'ma_don_vi', aliases: ['Mã đơn vị', 'Mã cơ quan', 'Đơn vị', 'ma_dv', 'unit_code'], required: true },
  { name: 'ma_thu_tuc', aliases: ['Mã thủ tục', 'Mã TTHC', 'Mã thủ tục hành chính', 'ma_tt', 'procedure_code'], required: true },
  {
    name: 'kenh_nop',
    aliases: ['Kênh nộp', 'Hình thức nộp', 'Kênh tiếp nhận', 'Hình thức tiếp nhận', 'channel'],
    required: true,
  },
  { name: 'ngay_tiep_nhan', aliases: ['Ngày tiếp nhận', 'Ngày nhận', 'Thời gian tiếp nhận', 'received_at'], required: true },
  { name: 'han_xu_ly', aliases: ['Hạn xử lý', 'Hạn giải quyết', 'Ngày hẹn trả', 'Hẹn trả', 'due_at'], required: true },
  {
    name: 'ngay_hoan_thanh',
    aliases: ['Ngày hoàn thành', 'Ngày có kết quả', 'Ngày trả kết quả', 'completed_at'],
    required: true,
  },
  { name: 'co_phi', aliases: ['Có phí', 'Có phí, lệ phí', 'Phí, lệ phí', 'Có lệ phí', 'has_fee'], required: true },
  {
    name: 'thanh_toan_truc_tuyen',
    aliases: ['Thanh toán trực tuyến', 'Đã thanh toán trực tuyến', 'TT trực tuyến', 'paid_online'],
    required: true,
  },
  { name: 'da_so_hoa', aliases: ['Đã số hóa', 'Số hóa', 'Đã số hoá', 'Số hoá', 'digitized'], required: true },
  {
    name: 'ket_qua_dien_tu',
    aliases: ['Kết quả điện tử', 'Có kết quả điện tử', 'Trả kết quả điện tử', 'e_result'],
    required: true,
  },
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

export const dossierRowSchema = z
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

/** Validated rows as column arrays, the shape the bulk upsert binds. */
export interface DossierBatch {
  codes: string[];
  units: string[];
  procedures: string[];
  channels: string[];
  received: string[];
  due: string[];
  completed: (string | null)[];
  fee: boolean[];
  paid: boolean[];
  digitized: boolean[];
  eResult: boolean[];
  reasons: (string | null)[];
}

const emptyBatch = (): DossierBatch => ({
  codes: [],
  units: [],
  procedures: [],
  channels: [],
  received: [],
  due: [],
  completed: [],
  fee: [],
  paid: [],
  digitized: [],
  eResult: [],
  reasons: [],
});

/** Separates values in a packed column; refused inside values (see values.ts). */
export const FIELD_SEP = '\u001f';
/** Stands for SQL NULL in a packed column. */
export const NULL_MARK = '\u001e';

/**
 * A batch packed as one string per column. Binding twelve strings is much cheaper than twelve
 * arrays of 20,000 values, which the driver would serialise element by element; PostgreSQL splits
 * them again with string_to_array. Packing happens in the reading thread.
 */
export interface PackedBatch {
  size: number;
  columns: string[];
  /** The file line of each row, packed the same way: duplicate codes are found in SQL by line. */
  lines: string;
}

function pack(b: DossierBatch, lines: number[]): PackedBatch {
  const text = (a: (string | null)[]) => a.map((v) => (v === null ? NULL_MARK : v)).join(FIELD_SEP);
  const bool = (a: boolean[]) => a.map((v) => (v ? 't' : 'f')).join(FIELD_SEP);
  return {
    size: b.codes.length,
    columns: [
      text(b.codes),
      text(b.units),
      text(b.procedures),
      text(b.channels),
      text(b.received),
      text(b.due),
      text(b.completed),
      bool(b.fee),
      bool(b.paid),
      bool(b.digitized),
      bool(b.eResult),
      text(b.reasons),
    ],
    lines: lines.join(FIELD_SEP),
  };
}

export type ValidationMessage =
  | { type: 'batch'; batch: PackedBatch }
  | {
      type: 'end';
      rows: number;
      issues: ImportIssue[];
      truncated: boolean;
      ignoredColumns: string[];
      /** "unit\u0000YYYY-MM-DD" of every (unit, Vietnam day) the file's dossiers fall on. */
      pairs: string[];
    };

export interface ValidateOptions {
  batchSize: number;
  maxErrors: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Reads and validates a dossier file: batches of good rows while no problem has been seen, then
 * a summary with the first problems (bad values, unknown units, rows that do not line up with the
 * header, codes repeated within a batch). Codes repeated across batches are found by the writer in
 * SQL (`_import_codes`), so memory stays bounded by the batch size whatever the file's length.
 * Runs in the import's worker thread for files, or inline for streams.
 */
export async function* validateDossiers(
  source: CsvSource,
  units: ReadonlySet<string>,
  opts: ValidateOptions,
): AsyncGenerator<ValidationMessage> {
  const issues = new IssueList(opts.maxErrors);
  let ignoredColumns: string[] = [];
  // Codes of the rows read since the last batch boundary: a repeat inside one batch would make the
  // upsert fail ("cannot affect row a second time") instead of naming the line.
  let window = new Map<string, number>();
  const pairs = new Set<string>();
  let rows = 0;
  let batch = emptyBatch();
  let lines: number[] = [];

  const records = readCsv(source, DOSSIER_COLUMNS, (h) => {
    ignoredColumns = h.ignored;
  });
  // A header or CSV syntax problem ends reading; it is reported like a bad value.
  const guarded = async function* () {
    try {
      yield* records;
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      for (const i of err.issues) issues.add(i.line, i.column, i.message);
    }
  };
  for await (const { line, values, problem } of guarded()) {
    rows++;
    if (window.size >= opts.batchSize) window = new Map();
    if (problem) {
      issues.add(line, null, problem);
      if (issues.full) break;
      continue;
    }
    const parsed = dossierRowSchema.safeParse(values);
    if (!parsed.success) {
      for (const i of zodIssues(parsed.error)) issues.add(line, i.column, i.message);
      if (issues.full) break;
      continue;
    }
    const r = parsed.data;
    if (!units.has(r.ma_don_vi)) {
      issues.add(line, 'ma_don_vi', `đơn vị '${r.ma_don_vi}' chưa có (nhập danh sách đơn vị trước: import units)`);
    }
    const previous = window.get(r.ma_ho_so);
    if (previous !== undefined) issues.add(line, 'ma_ho_so', duplicateMessage(r.ma_ho_so, previous));
    else window.set(r.ma_ho_so, line);
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
    lines.push(line);
    // Day numbers while reading (cheap); dates only for the few distinct pairs at the end.
    pairs.add(`${r.ma_don_vi}\u0000${vnDayNumber(r.ngay_tiep_nhan)}`);
    if (r.ngay_hoan_thanh !== null) pairs.add(`${r.ma_don_vi}\u0000${vnDayNumber(r.ngay_hoan_thanh)}`);
    if (batch.codes.length >= opts.batchSize) {
      yield { type: 'batch', batch: pack(batch, lines) };
      batch = emptyBatch();
      lines = [];
      window = new Map();
    }
  }
  if (!issues.any && batch.codes.length > 0) yield { type: 'batch', batch: pack(batch, lines) };
  yield {
    type: 'end',
    rows,
    issues: issues.items,
    truncated: issues.full,
    ignoredColumns,
    pairs: [...pairs].map((p) => {
      const [unit, n] = p.split('\u0000') as [string, string];
      return `${unit}\u0000${vnDayOfNumber(Number(n))}`;
    }),
  };
}

/** "'D' trùng với dòng 5": the same words whether the repeat was seen while reading or in SQL. */
export const duplicateMessage = (code: string, firstLine: number) => `'${code}' trùng với dòng ${firstLine}`;
