import { Readable } from 'node:stream';
import { sql, type Transaction } from 'kysely';
import type { Database, DB } from '../store/db.ts';
import { DAY_MS as DAY, HOUR_MS as HOUR, vnDayOf, vnIso, vnMidnight, vnStartOf, vnWeekday } from '../time/vietnam.ts';
import { createInvite, type Invite } from '../officers/invites.ts';
import { importDossiers, importScores, importUnits } from './import/index.ts';
import { GROUPS, type IndexGroup } from './index766.ts';
import { refreshDailyStats } from './rollup.ts';

/**
 * A deterministic demo province: a department (Sở Y tế) with divisions and a few communes, and a
 * year of dossiers ending at `now`, so a newcomer can try the officer side at once. The same
 * generator makes the large files the import benchmark loads.
 */

export interface DemoUnit {
  code: string;
  name: string;
  parent: string | null;
  /** Dossiers received per working day, on average (0: a unit that only groups others). */
  perDay: number;
  /** Share submitted online at the start of the year; it grows a little month by month. */
  online: number;
  /** Chance a completed dossier was late. */
  late: number;
  /** One-stop desk (units.contact); units without one are served by their parent's. */
  contact?: string;
  /** Short names officers use (`ten_goi_khac`). */
  aliases?: string[];
}

export const DEMO_UNITS: DemoUnit[] = [
  {
    code: 'TINH',
    name: 'UBND tỉnh Minh Họa (dữ liệu mẫu)',
    parent: null,
    perDay: 0,
    online: 0,
    late: 0,
    contact: 'Bộ phận Một cửa, Trung tâm Phục vụ hành chính công tỉnh Minh Họa (địa chỉ mẫu của dữ liệu thử)',
    aliases: ['UBND tỉnh', 'Tỉnh Minh Họa'],
  },
  { code: 'SYT', name: 'Sở Y tế', parent: 'TINH', perDay: 1.5, online: 0.7, late: 0.03, aliases: ['Sở YT'] },
  { code: 'SYT.VP', name: 'Văn phòng Sở Y tế', parent: 'SYT', perDay: 2, online: 0.6, late: 0.04, aliases: ['VP Sở', 'Văn phòng SYT'] },
  { code: 'SYT.NV1', name: 'Phòng Nghiệp vụ Y', parent: 'SYT', perDay: 6, online: 0.72, late: 0.05, aliases: ['Phòng Y', 'P. NVY', 'NVY'] },
  { code: 'SYT.NV2', name: 'Phòng Nghiệp vụ Dược', parent: 'SYT', perDay: 8, online: 0.78, late: 0.03, aliases: ['Phòng Dược', 'P. Dược', 'NVD'] },
  {
    code: 'SYT.ATTP',
    name: 'Chi cục An toàn vệ sinh thực phẩm',
    parent: 'SYT',
    perDay: 4,
    online: 0.55,
    late: 0.08,
    aliases: ['Chi cục ATTP', 'Chi cục ATVSTP', 'CCATTP'],
  },
  {
    code: 'XA.ANPHU',
    name: 'UBND xã An Phú',
    parent: 'TINH',
    perDay: 9,
    online: 0.52,
    late: 0.06,
    contact: 'Bộ phận Một cửa UBND xã An Phú (địa chỉ mẫu của dữ liệu thử)',
    aliases: ['UBND An Phú'],
  },
  {
    code: 'XA.BINHTHANH',
    name: 'UBND phường Bình Thạnh',
    parent: 'TINH',
    perDay: 12,
    online: 0.68,
    late: 0.04,
    contact: 'Bộ phận Một cửa UBND phường Bình Thạnh (địa chỉ mẫu của dữ liệu thử)',
    aliases: ['P. Bình Thạnh', 'UBND Bình Thạnh'],
  },
  {
    code: 'XA.TANLOC',
    name: 'UBND xã Tân Lộc',
    parent: 'TINH',
    perDay: 5,
    online: 0.45,
    late: 0.1,
    contact: 'Bộ phận Một cửa UBND xã Tân Lộc (địa chỉ mẫu của dữ liệu thử)',
    aliases: ['UBND Tân Lộc'],
  },
];

/** The unit whose invite `seed --demo` prints. */
export const DEMO_DEPARTMENT = 'SYT';

interface Procedure {
  code: string;
  /** Working days allowed. */
  days: number;
  fee: boolean;
}

const PROCEDURES: Record<'department' | 'commune', Procedure[]> = {
  department: [
    { code: 'DEMO.YT.01', days: 10, fee: true }, // cấp chứng chỉ hành nghề
    { code: 'DEMO.YT.02', days: 15, fee: true }, // giấy phép hoạt động cơ sở khám chữa bệnh
    { code: 'DEMO.YT.03', days: 5, fee: false }, // cấp lại chứng chỉ do mất, hỏng
    { code: 'DEMO.DUOC.01', days: 20, fee: true }, // giấy chứng nhận đủ điều kiện kinh doanh dược
    { code: 'DEMO.DUOC.02', days: 7, fee: false }, // điều chỉnh nội dung chứng chỉ hành nghề dược
    { code: 'DEMO.ATTP.01', days: 15, fee: true }, // giấy chứng nhận cơ sở đủ điều kiện ATTP
    { code: 'DEMO.ATTP.02', days: 7, fee: false }, // tiếp nhận bản tự công bố sản phẩm
  ],
  commune: [
    { code: 'DEMO.HT.01', days: 1, fee: false }, // đăng ký khai sinh
    { code: 'DEMO.HT.02', days: 1, fee: false }, // đăng ký khai tử
    { code: 'DEMO.HT.03', days: 3, fee: true }, // đăng ký kết hôn, trích lục bản sao
    { code: 'DEMO.CT.01', days: 2, fee: true }, // chứng thực bản sao từ bản chính
    { code: 'DEMO.CT.02', days: 2, fee: true }, // chứng thực chữ ký
    { code: 'DEMO.XH.01', days: 7, fee: false }, // trợ cấp xã hội hằng tháng
  ],
};

const LATE_REASONS = [
  'Hồ sơ phải bổ sung, xác minh thêm thông tin',
  'Chờ ý kiến của cơ quan phối hợp',
  'Số lượng hồ sơ tăng đột biến trong tuần',
  'Hệ thống một cửa điện tử gặp sự cố, xử lý chậm',
  'Cán bộ thụ lý đi công tác, chưa bàn giao kịp',
  'Chờ kết quả thẩm định tại cơ sở',
];

/** mulberry32: small, fast and good enough for demo data; the same seed gives the same year. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `days` working days after `ms` (Saturdays and Sundays skipped), at 17:00 Vietnam time. */
function addWorkingDays(ms: number, days: number): number {
  let t = vnMidnight(ms);
  let left = days;
  while (left > 0) {
    t += DAY;
    const w = vnWeekday(t);
    if (w !== 0 && w !== 6) left--;
  }
  return t + 17 * HOUR;
}

export interface DossierRecord {
  ma_ho_so: string;
  ma_don_vi: string;
  ma_thu_tuc: string;
  kenh_nop: 'truc_tuyen' | 'truc_tiep' | 'buu_chinh';
  ngay_tiep_nhan: number;
  han_xu_ly: number;
  ngay_hoan_thanh: number | null;
  co_phi: boolean;
  thanh_toan_truc_tuyen: boolean;
  da_so_hoa: boolean;
  ket_qua_dien_tu: boolean;
  ly_do_tre_han: string | null;
}

/** One dossier of `unit` received at `received`; its fate is decided as of `now`. */
function makeDossier(rng: () => number, unit: DemoUnit, code: string, received: number, now: number, yearStart: number): DossierRecord {
  const procs = unit.code.startsWith('XA.') ? PROCEDURES.commune : PROCEDURES.department;
  const proc = procs[Math.floor(rng() * procs.length)]!;
  // Online use grows through the year (up to +12 points), as the plans push it.
  const progress = Math.min(1, Math.max(0, (received - yearStart) / (365 * DAY)));
  const r = rng();
  const online = r < Math.min(0.97, unit.online + 0.12 * progress);
  const kenh: DossierRecord['kenh_nop'] = online ? 'truc_tuyen' : r < unit.online + 0.12 * progress + 0.04 ? 'buu_chinh' : 'truc_tiep';
  const due = addWorkingDays(received, proc.days);
  const fee = proc.fee && rng() < 0.9;
  const paid = fee && (online ? rng() < 0.55 : rng() < 0.08);
  const digitized = online ? rng() < 0.75 + 0.15 * progress : rng() < 0.3 + 0.3 * progress;

  // Most finish early or on time; some late; some still open (more so for recent ones).
  const span = due - received;
  let completed: number | null;
  const fate = rng();
  if (fate < unit.late) completed = due + (0.5 + rng() * 6) * DAY;
  else if (fate < unit.late + 0.25) completed = due - rng() * Math.min(span, 6 * HOUR); // the last day
  else completed = received + (0.1 + rng() * 0.85) * span;
  if (completed > now) completed = null; // not finished yet
  // A few stay open past their deadline: the "quá hạn" an officer should chase.
  if (completed !== null && due < now && rng() < 0.004) completed = null;
  const late = completed !== null && completed > due;
  return {
    ma_ho_so: code,
    ma_don_vi: unit.code,
    ma_thu_tuc: proc.code,
    kenh_nop: kenh,
    ngay_tiep_nhan: received,
    han_xu_ly: due,
    ngay_hoan_thanh: completed,
    co_phi: fee,
    thanh_toan_truc_tuyen: paid,
    da_so_hoa: digitized,
    ket_qua_dien_tu: completed !== null && (online ? rng() < 0.8 : rng() < 0.35),
    ly_do_tre_han: late ? LATE_REASONS[Math.floor(rng() * LATE_REASONS.length)]! : null,
  };
}

/** A time of day a dossier arrives: office hours at the counter, any hour online. */
function arrival(rng: () => number, dayStart: number): number {
  if (rng() < 0.2) return dayStart + Math.floor(rng() * DAY); // online, day or night
  return dayStart + 7.5 * HOUR + Math.floor(rng() * 9.5 * HOUR);
}

/** Namespace of the demo's dossier codes: `DEMO.<unit>-YYMMDD-NNNN`. */
export const DEMO_CODE_PREFIX = 'DEMO.';

/** `DEMO.SYT.NV1-251120-0007`: the 7th dossier the unit received on that Vietnam day. */
export function demoDossierCode(unit: string, dayStart: number, seq: number): string {
  const ymd = vnDayOf(dayStart).slice(2).replace(/-/g, '');
  return `${DEMO_CODE_PREFIX}${unit}-${ymd}-${String(seq).padStart(4, '0')}`;
}

/** The demo year: about 45 dossiers per working day, the 365 days ending at `now`. */
export function* demoDossiers(now: Date, seed = 20251120): Generator<DossierRecord> {
  const rng = prng(seed);
  const end = now.getTime();
  const first = vnMidnight(end) - 364 * DAY;
  for (let day = first; day <= end; day += DAY) {
    const w = vnWeekday(day);
    const factor = w === 0 ? 0.05 : w === 6 ? 0.15 : 1;
    for (const unit of DEMO_UNITS) {
      if (unit.perDay === 0) continue;
      const count = Math.round(unit.perDay * factor * (0.6 + rng() * 0.8));
      for (let i = 0; i < count; i++) {
        const received = arrival(rng, day);
        if (received > end) continue;
        // The shape of real codes (unit-YYMMDD-NNNN, Thông tư 01/2018/TT-VPCP) in the demo's own
        // namespace, so citizens can try "tra cứu hồ sơ" on the demo and no real code is ever taken.
        yield makeDossier(rng, unit, demoDossierCode(unit.code, day, i + 1), received, end, first);
      }
    }
  }
}

/** `n` dossiers spread over the year ending at `now` (benchmark files). */
export function* manyDossiers(n: number, now: Date, seed = 7): Generator<DossierRecord> {
  const rng = prng(seed);
  const end = now.getTime();
  const first = vnMidnight(end) - 364 * DAY;
  const units = DEMO_UNITS.filter((u) => u.perDay > 0);
  for (let i = 1; i <= n; i++) {
    const unit = units[Math.floor(rng() * units.length)]!;
    const day = first + Math.floor(rng() * 365) * DAY;
    const received = Math.min(end, arrival(rng, day));
    yield makeDossier(rng, unit, `B${String(i).padStart(8, '0')}`, received, end, first);
  }
}

export const DOSSIER_HEADER =
  'ma_ho_so,ma_don_vi,ma_thu_tuc,kenh_nop,ngay_tiep_nhan,han_xu_ly,ngay_hoan_thanh,co_phi,thanh_toan_truc_tuyen,da_so_hoa,ket_qua_dien_tu,ly_do_tre_han';

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function dossierCsvLine(d: DossierRecord): string {
  const b = (v: boolean) => (v ? '1' : '0');
  return [
    d.ma_ho_so,
    d.ma_don_vi,
    d.ma_thu_tuc,
    d.kenh_nop,
    vnIso(d.ngay_tiep_nhan),
    vnIso(d.han_xu_ly),
    d.ngay_hoan_thanh === null ? '' : vnIso(d.ngay_hoan_thanh),
    b(d.co_phi),
    b(d.thanh_toan_truc_tuyen),
    b(d.da_so_hoa),
    b(d.ket_qua_dien_tu),
    d.ly_do_tre_han === null ? '' : csvCell(d.ly_do_tre_han),
  ].join(',');
}

/** CSV text in chunks of lines (header first), for streams and files. */
export function* dossierCsv(records: Iterable<DossierRecord>, linesPerChunk = 2000): Generator<string> {
  let buf: string[] = [DOSSIER_HEADER];
  for (const d of records) {
    buf.push(dossierCsvLine(d));
    if (buf.length >= linesPerChunk) {
      yield `${buf.join('\n')}\n`;
      buf = [];
    }
  }
  if (buf.length > 0) yield `${buf.join('\n')}\n`;
}

/** The units file as a province would export it, short names and one-stop contacts included. */
export function unitsCsv(units: DemoUnit[] = DEMO_UNITS): string {
  const rows = units.map((u) => [u.code, csvCell(u.name), u.parent ?? '', csvCell((u.aliases ?? []).join('; ')), csvCell(u.contact ?? '')].join(','));
  return `ma_don_vi,ten_don_vi,ma_don_vi_cha,ten_goi_khac,lien_he_mot_cua\n${rows.join('\n')}\n`;
}

/** Official 766 scores of the department for the month before `now` (demo values). */
function scoresCsv(now: Date): string {
  const ky = vnStartOf(now, 'month').minus({ months: 1 }).toFormat('yyyy-MM');
  const scores: Record<IndexGroup, number> = { cong_khai: 17.2, tien_do: 18.9, truc_tuyen: 15.4, so_hoa: 11.6, hai_long: 17.5 };
  const total = GROUPS.reduce((s, g) => s + scores[g.group], 0);
  const rows = [...GROUPS.map((g) => [g.group, String(scores[g.group])]), ['tong', total.toFixed(1)]];
  return `ma_don_vi,ky,nhom,diem\n${rows.map(([g, d]) => `${DEMO_DEPARTMENT},${ky},${g},${d}`).join('\n')}\n`;
}

export interface DemoResult {
  units: number;
  dossiers: number;
  invite: Invite;
  ms: number;
  /** Rows that are not the demo's and were left as they were (with `force`). */
  kept: { units: number; dossiers: number; scores: number };
  /** A recent late dossier's code, to try a citizen's "tra cứu hồ sơ". */
  sample: string | null;
}

/** `seed --demo` would mix with, or overwrite, data that is not its own. */
export class DemoRefused extends Error {
  constructor(
    message: string,
    /** True when `force` cannot help: a demo unit code belongs to a real unit. */
    readonly always: boolean,
  ) {
    super(message);
    this.name = 'DemoRefused';
  }
}

async function othersData(trx: Transaction<DB>) {
  const { rows } = await sql<{ units: number; dossiers: number; scores: number }>`
    SELECT (SELECT count(*)::int FROM units WHERE NOT demo) AS units,
           (SELECT count(*)::int FROM dossiers WHERE NOT demo) AS dossiers,
           (SELECT count(*)::int FROM index_scores WHERE NOT demo) AS scores`.execute(trx);
  return rows[0] ?? { units: 0, dossiers: 0, scores: 0 };
}

/**
 * Creates or replaces the demo province in one transaction: its units upserted (officers who
 * enrolled in a demo unit stay), its own dossiers and scores replaced, roll-up recomputed. Only
 * rows marked `demo` are ever deleted or overwritten. A database holding other data is refused
 * (DemoRefused) unless `force`, and a real unit with one of the demo's codes always is. Prints
 * nothing; returns a fresh invite code for the department, created in the same transaction.
 */
export async function seedDemo(db: Database, opts: { now: Date; seed?: number; force?: boolean }): Promise<DemoResult> {
  const started = performance.now();
  const codes = DEMO_UNITS.map((u) => u.code);
  const result = await db.kysely.transaction().execute(async (trx) => {
    const taken = (
      await trx
        .selectFrom('units')
        .select('code')
        .where('demo', '=', false)
        .where('code', 'in', codes)
        .orderBy('code')
        .execute()
    ).map((u) => u.code);
    if (taken.length > 0) {
      throw new DemoRefused(
        `Mã đơn vị ${taken.join(', ')} đã là đơn vị thật trong cơ sở dữ liệu; tỉnh mẫu dùng các mã này nên sẽ ghi đè lên chúng — ` +
          'không tạo, kể cả với --force. Hãy thử tỉnh mẫu trên một DATA_DIR (hoặc DATABASE_URL) riêng.\n' +
          `Unit codes ${taken.join(', ')} belong to real units the demo would overwrite: refused even with --force. ` +
          'Try the demo on a separate DATA_DIR or DATABASE_URL.',
        true,
      );
    }
    const kept = await othersData(trx);
    if (!opts.force && kept.units + kept.dossiers + kept.scores > 0) {
      throw new DemoRefused(
        `Cơ sở dữ liệu đã có dữ liệu không phải của tỉnh mẫu (${kept.units} đơn vị, ${kept.dossiers} hồ sơ, ${kept.scores} điểm chỉ số): ` +
          'seed --demo dừng để không trộn dữ liệu mẫu vào số liệu thật. Hãy thử trên một DATA_DIR (hoặc DATABASE_URL) riêng, ' +
          'hoặc thêm --force để vẫn tạo tỉnh mẫu bên cạnh (dữ liệu thật không bị xóa hay sửa, nhưng số liệu cấp tỉnh sẽ gồm cả dữ liệu mẫu nếu chung gốc).\n' +
          `The database holds data that is not the demo's (${kept.units} units, ${kept.dossiers} dossiers, ${kept.scores} scores): ` +
          'seed --demo refused. Use a separate DATA_DIR or DATABASE_URL, or add --force to add the demo beside it (nothing of it is deleted or changed).',
        false,
      );
    }
    // Units written in this transaction are the demo's (the units_demo_marker trigger reads this).
    await sql`SELECT set_config('tro_ly_dvc.seeding_demo', 'on', true)`.execute(trx);
    const units = await importUnits(trx, Readable.from([unitsCsv()]));
    await trx.deleteFrom('dossiers').where('demo', '=', true).execute();
    await trx.deleteFrom('index_scores').where('demo', '=', true).execute();
    const dossiers = await importDossiers(trx, Readable.from(dossierCsv(demoDossiers(opts.now, opts.seed))), { demo: true });
    await importScores(trx, Readable.from([scoresCsv(opts.now)]), { demo: true });
    await refreshDailyStats(trx, { unitCodes: codes });
    await sql`SELECT set_config('tro_ly_dvc.seeding_demo', 'off', true)`.execute(trx);
    const sample = await trx
      .selectFrom('dossiers')
      .select('ma_ho_so as code')
      .where('demo', '=', true)
      .whereRef('ngay_hoan_thanh', '>', 'han_xu_ly')
      .orderBy('ngay_tiep_nhan', 'desc')
      .orderBy('ma_ho_so')
      .limit(1)
      .executeTakeFirst();
    // The code must be usable from today, whatever `now` the data was generated for.
    const invite = await createInvite(trx, DEMO_DEPARTMENT, 7);
    return { units: units.rows, dossiers: dossiers.rows, kept, sample: sample?.code ?? null, invite };
  });
  return { ...result, ms: Math.round(performance.now() - started) };
}
