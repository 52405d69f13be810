import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ImportError,
  importDossiers,
  importScores,
  importUnits,
  parsePeriod,
  parseVnDateTime,
} from '../src/indicators/import/index.ts';
import { refreshDailyStats } from '../src/indicators/rollup.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

const csv = (text: string) => Readable.from([text]);

const UNITS = `ma_don_vi,ten_don_vi,ma_don_vi_cha
SYT.NV1,Phòng Nghiệp vụ 1,SYT
SYT,Sở Y tế,
SYT.NV2,Phòng Nghiệp vụ 2,SYT
XA1,UBND xã Một,
`;

const HEAD =
  'ma_ho_so,ma_don_vi,ma_thu_tuc,kenh_nop,ngay_tiep_nhan,han_xu_ly,ngay_hoan_thanh,co_phi,thanh_toan_truc_tuyen,da_so_hoa,ket_qua_dien_tu,ly_do_tre_han\n';

type Stat = Record<string, number | string>;

async function stats(db: TestDatabase): Promise<Stat[]> {
  return db.sql.query<Stat>(
    `SELECT unit_code, to_char(day, 'YYYY-MM-DD') AS day, received, received_online, received_with_fee, paid_online, digitized,
            completed, completed_early, completed_on_time, completed_late, e_result
     FROM daily_stats ORDER BY unit_code, day`,
  );
}

async function snapshot(db: TestDatabase) {
  return {
    units: await db.sql.query('SELECT code, name, parent_code, path FROM units ORDER BY code'),
    dossiers: await db.sql.query('SELECT * FROM dossiers ORDER BY ma_ho_so'),
    stats: await stats(db),
    scores: await db.sql.query('SELECT unit_code, period, nhom, score::text FROM index_scores ORDER BY 1, 2, 3'),
  };
}

async function failure(p: Promise<unknown>): Promise<ImportError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ImportError) return err;
    throw err;
  }
  throw new Error('expected an ImportError');
}

const indexes = (db: TestDatabase) =>
  db.sql.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE tablename = 'dossiers' ORDER BY indexname");
const foreignKeys = (db: TestDatabase) =>
  db.sql.query(
    "SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'dossiers'::regclass AND contype = 'f'",
  );

describe('date parsing (Vietnam time)', () => {
  it('reads ISO 8601 with and without offset, and dd/mm/yyyy', () => {
    expect(parseVnDateTime('2025-11-01T00:01:00+07:00')).toBe(Date.parse('2025-10-31T17:01:00Z'));
    expect(parseVnDateTime('2025-11-01T00:01')).toBe(Date.parse('2025-10-31T17:01:00Z'));
    expect(parseVnDateTime('2025-11-01 00:01:30')).toBe(Date.parse('2025-10-31T17:01:30Z'));
    expect(parseVnDateTime('2025-10-31T16:59:00Z')).toBe(Date.parse('2025-10-31T16:59:00Z'));
    expect(parseVnDateTime('2025-11-01')).toBe(Date.parse('2025-10-31T17:00:00Z'));
    expect(parseVnDateTime('2025-11-01', true)).toBe(Date.parse('2025-11-01T16:59:59.999Z'));
    expect(parseVnDateTime('01/11/2025 08:30')).toBe(Date.parse('2025-11-01T01:30:00Z'));
    for (const bad of ['2025-13-01', '2025-02-29', '2025-11-01T24:00', 'hôm qua', '2025/11/01', '']) {
      expect(parseVnDateTime(bad)).toBeNull();
    }
  });

  it('reads score periods', () => {
    expect(['2025-11', '2025-Q3', '2025', '11/2025', 'Tháng 3/2025', 'Quý 3/2025', 'Năm 2025'].map(parsePeriod)).toEqual([
      '2025-11',
      '2025-Q3',
      '2025',
      '2025-11',
      '2025-03',
      '2025-Q3',
      '2025',
    ]);
    expect(parsePeriod('2025-13')).toBeNull();
  });
});

describe('imports', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await db.reset();
  });

  it('imports units with parents later in the file and keeps materialised paths', async () => {
    const r = await importUnits(db.kysely, csv(UNITS));
    expect(r).toMatchObject({ rows: 4, inserted: 4, updated: 0 });
    const units = await db.sql.query<{ code: string; path: string }>('SELECT code, path FROM units ORDER BY code');
    expect(units).toEqual([
      { code: 'SYT', path: '/SYT/' },
      { code: 'SYT.NV1', path: '/SYT/SYT.NV1/' },
      { code: 'SYT.NV2', path: '/SYT/SYT.NV2/' },
      { code: 'XA1', path: '/XA1/' },
    ]);
    // Moving SYT under a new province root rewrites its divisions' paths too.
    const moved = await importUnits(db.kysely, csv('Mã đơn vị;Tên đơn vị;Đơn vị cha\nTINH;UBND tỉnh;\nSYT;Sở Y tế;TINH\n'));
    expect(moved).toMatchObject({ inserted: 1, updated: 1 });
    const after = await db.sql.query<{ code: string; path: string }>('SELECT code, path FROM units ORDER BY code');
    expect(after.find((u) => u.code === 'SYT.NV2')?.path).toBe('/TINH/SYT/SYT.NV2/');
  });

  it('rejects unknown parents and cycles, naming the line, and writes nothing', async () => {
    await importUnits(db.kysely, csv(UNITS));
    const before = await snapshot(db);
    const unknown = await failure(importUnits(db.kysely, csv('ma_don_vi,ten_don_vi,ma_don_vi_cha\nA,Đơn vị A,\nB,Đơn vị B,ZZZ\n')));
    expect(unknown.message).toContain("Dòng 3, cột ma_don_vi_cha: đơn vị cha 'ZZZ'");
    // SYT under its own division: a cycle through an existing unit.
    const cycle = await failure(importUnits(db.kysely, csv('ma_don_vi,ten_don_vi,ma_don_vi_cha\nNEW,Mới,\nSYT,Sở Y tế,SYT.NV1\n')));
    expect(cycle.issues[0]).toMatchObject({ line: 3, column: 'ma_don_vi_cha' });
    expect(cycle.message).toMatch(/vòng lặp/);
    expect(await snapshot(db)).toEqual(before);
  });

  it('accepts a BOM, Vietnamese headers and values, and builds the daily roll-up', async () => {
    await importUnits(db.kysely, csv(UNITS));
    const file =
      '\uFEFFMã hồ sơ,Mã đơn vị,Mã thủ tục,Kênh nộp,Ngày tiếp nhận,Hạn xử lý,Ngày hoàn thành,Có phí,Thanh toán trực tuyến,Đã số hóa,Kết quả điện tử,Lý do trễ hạn,Ghi chú\n' +
      'HS1,SYT.NV1,1.001,Trực tuyến,2025-11-03T08:00:00+07:00,2025-11-05T17:00:00+07:00,2025-11-04T10:00:00+07:00,Có,Có,Có,Có,,x\n' +
      'HS2,SYT.NV1,1.001,Trực tiếp,2025-11-03T09:00,2025-11-05T17:00,2025-11-05T16:00,0,0,1,0,,\n' +
      'HS3,SYT.NV1,1.002,Bưu chính,2025-11-03 10:00,2025-11-04,2025-11-06T08:00,1,0,0,0,"Chờ bổ sung, xác minh",\n' +
      'HS4,SYT.NV2,1.002,truc_tuyen,2025-11-04T10:00+07:00,2025-11-10T17:00+07:00,,1,1,0,0,,\n';
    const r = await importDossiers(db.kysely, csv(file));
    expect(r).toMatchObject({ rows: 4, inserted: 4, updated: 0, ignoredColumns: ['Ghi chú'] });
    expect(await stats(db)).toEqual([
      {
        unit_code: 'SYT.NV1',
        day: '2025-11-03',
        received: 3,
        received_online: 1,
        received_with_fee: 2,
        paid_online: 1,
        digitized: 2,
        completed: 0,
        completed_early: 0,
        completed_on_time: 0,
        completed_late: 0,
        e_result: 0,
      },
      {
        unit_code: 'SYT.NV1',
        day: '2025-11-04',
        received: 0,
        received_online: 0,
        received_with_fee: 0,
        paid_online: 0,
        digitized: 0,
        completed: 1,
        completed_early: 1,
        completed_on_time: 1,
        completed_late: 0,
        e_result: 1,
      },
      {
        unit_code: 'SYT.NV1',
        day: '2025-11-05',
        received: 0,
        received_online: 0,
        received_with_fee: 0,
        paid_online: 0,
        digitized: 0,
        completed: 1,
        completed_early: 0,
        completed_on_time: 1,
        completed_late: 0,
        e_result: 0,
      },
      {
        unit_code: 'SYT.NV1',
        day: '2025-11-06',
        received: 0,
        received_online: 0,
        received_with_fee: 0,
        paid_online: 0,
        digitized: 0,
        completed: 1,
        completed_early: 0,
        completed_on_time: 0,
        completed_late: 1,
        e_result: 0,
      },
      {
        unit_code: 'SYT.NV2',
        day: '2025-11-04',
        received: 1,
        received_online: 1,
        received_with_fee: 1,
        paid_online: 1,
        digitized: 0,
        completed: 0,
        completed_early: 0,
        completed_on_time: 0,
        completed_late: 0,
        e_result: 0,
      },
    ]);
    const late = await db.sql.query<{ ly_do_tre_han: string }>("SELECT ly_do_tre_han FROM dossiers WHERE ma_ho_so = 'HS3'");
    expect(late[0]?.ly_do_tre_han).toBe('Chờ bổ sung, xác minh');
    // The incremental roll-up equals a full recompute.
    const incremental = await stats(db);
    await refreshDailyStats(db.kysely);
    expect(await stats(db)).toEqual(incremental);
  });

  it('puts 23:59 and 00:01 Vietnam time at a month end on different days', async () => {
    await importUnits(db.kysely, csv(UNITS));
    await importDossiers(
      db.kysely,
      csv(
        HEAD +
          'A,XA1,P,truc_tuyen,2025-10-31T23:59:00+07:00,2025-11-30T17:00:00+07:00,2025-11-30T23:59:59+07:00,0,0,0,0,\n' +
          'B,XA1,P,truc_tiep,2025-11-01T00:01:00+07:00,2025-11-30T17:00:00+07:00,2025-12-01T00:00:30+07:00,0,0,0,0,\n' +
          // 16:59Z is 23:59 in Vietnam: still 31 October there.
          'C,XA1,P,truc_tiep,2025-10-31T16:59:00Z,2025-11-30T17:00:00+07:00,,0,0,0,0,\n',
      ),
    );
    const rows = await stats(db);
    expect(rows.map((s) => [s.day, s.received, s.completed, s.completed_late])).toEqual([
      ['2025-10-31', 2, 0, 0],
      ['2025-11-01', 1, 0, 0],
      ['2025-11-30', 0, 1, 1],
      ['2025-12-01', 0, 1, 1],
    ]);
  });

  it('re-import upserts by ma_ho_so and the roll-up follows a dossier to another day and unit', async () => {
    await importUnits(db.kysely, csv(UNITS));
    await importDossiers(
      db.kysely,
      csv(
        HEAD +
          'HS1,SYT.NV1,P,truc_tuyen,2025-11-03T08:00:00+07:00,2025-11-05T17:00:00+07:00,2025-11-04T10:00:00+07:00,0,0,0,0,\n' +
          'HS2,SYT.NV1,P,truc_tiep,2025-11-03T09:00:00+07:00,2025-11-05T17:00:00+07:00,,0,0,0,0,\n',
      ),
    );
    const r = await importDossiers(
      db.kysely,
      csv(
        HEAD +
          'HS1,SYT.NV2,P,truc_tiep,2025-11-07T08:00:00+07:00,2025-11-09T17:00:00+07:00,2025-11-10T10:00:00+07:00,0,0,0,0,Quá tải\n' +
          'HS3,SYT.NV1,P,truc_tuyen,2025-11-03T10:00:00+07:00,2025-11-05T17:00:00+07:00,,0,0,0,0,\n',
      ),
    );
    expect(r).toMatchObject({ rows: 2, inserted: 1, updated: 1 });
    expect(
      (await stats(db)).map((s) => [s.unit_code, s.day, s.received, s.received_online, s.completed, s.completed_late]),
    ).toEqual([
      ['SYT.NV1', '2025-11-03', 2, 1, 0, 0],
      ['SYT.NV2', '2025-11-07', 1, 0, 0, 0],
      ['SYT.NV2', '2025-11-10', 0, 0, 1, 1],
    ]);
    const incremental = await stats(db);
    await refreshDailyStats(db.kysely);
    expect(await stats(db)).toEqual(incremental);
    await refreshDailyStats(db.kysely, { unitCodes: ['SYT.NV2'] });
    expect(await stats(db)).toEqual(incremental);
  });

  it('a small re-import into a large roll-up recomputes only its days (range scans) and matches a full recompute', async () => {
    await importUnits(db.kysely, csv(UNITS));
    const rows = Array.from({ length: 60 }, (_, i) => {
      const d = String(1 + (i % 30)).padStart(2, '0');
      const unit = i % 2 ? 'SYT.NV1' : 'XA1';
      return `R${i},${unit},P,${i % 3 ? 'truc_tuyen' : 'truc_tiep'},2025-11-${d}T08:00:00+07:00,2025-12-${d}T17:00:00+07:00,2025-12-${d}T23:30:00+07:00,1,${i % 2},1,0,`;
    });
    await importDossiers(db.kysely, csv(`${HEAD}${rows.join('\n')}\n`));
    const before = await stats(db);
    expect(before.length).toBe(60); // the 6 pairs touched below are under a fifth: range scans
    // R0 moves from XA1 on 1/11 to SYT.NV1 on 15/11, completed late now; R1 loses its completion.
    await importDossiers(
      db.kysely,
      csv(
        `${HEAD}R0,SYT.NV1,P,truc_tuyen,2025-11-15T08:00:00+07:00,2025-11-20T17:00:00+07:00,2025-11-21T08:00:00+07:00,0,0,0,0,Chờ xác minh\n` +
          'R1,SYT.NV1,P,truc_tuyen,2025-11-02T08:00:00+07:00,2025-12-02T17:00:00+07:00,,1,1,1,0,\n',
      ),
    );
    const incremental = await stats(db);
    expect(incremental).not.toEqual(before);
    await refreshDailyStats(db.kysely);
    expect(await stats(db)).toEqual(incremental);
    const late = incremental.find((s) => s.unit_code === 'SYT.NV1' && s.day === '2025-11-21');
    expect(late).toMatchObject({ completed: 1, completed_late: 1 });
  });

  it('a bad row leaves the database unchanged and names the line and column', async () => {
    await importUnits(db.kysely, csv(UNITS));
    await importDossiers(db.kysely, csv(`${HEAD}HS1,SYT,P,truc_tuyen,2025-11-03T08:00,2025-11-05T17:00,,0,0,0,0,\n`));
    const before = await snapshot(db);
    const lines = [HEAD.trimEnd()];
    // 15 good rows (lines 2–16), then a bad date on line 17, after a batch has already been written.
    for (let i = 0; i < 15; i++) lines.push(`N${i},SYT.NV1,P,truc_tuyen,2025-11-03T08:00,2025-11-05T17:00,,0,0,0,0,`);
    lines.push('HS1,SYT.NV1,P,truc_tuyen,2025-13-01,2025-11-05T17:00,,0,0,0,0,');
    const err = await failure(importDossiers(db.kysely, csv(`${lines.join('\n')}\n`), { batchSize: 5 }));
    expect(err.message).toContain("Dòng 17, cột ngay_tiep_nhan: '2025-13-01' không phải ngày hợp lệ (ISO 8601)");
    expect(await snapshot(db)).toEqual(before);
  });

  it('a first load that fails part-way leaves the table, its indexes and foreign key as they were', async () => {
    await importUnits(db.kysely, csv(UNITS));
    const before = { ...(await snapshot(db)), indexes: await indexes(db), fks: await foreignKeys(db) };
    expect(before.indexes.length).toBeGreaterThanOrEqual(4);
    expect(before.fks).toHaveLength(1);
    const lines = [HEAD.trimEnd()];
    for (let i = 0; i < 12; i++) lines.push(`N${i},SYT.NV1,P,truc_tuyen,2025-11-03T08:00,2025-11-05T17:00,,0,0,0,0,`);
    lines.push('N99,SYT.NV1,P,fax,2025-11-03T08:00,2025-11-05T17:00,,0,0,0,0,');
    const err = await failure(importDossiers(db.kysely, csv(`${lines.join('\n')}\n`), { batchSize: 4 }));
    expect(err.message).toContain("Dòng 14, cột kenh_nop: 'fax' không hợp lệ");
    expect({ ...(await snapshot(db)), indexes: await indexes(db), fks: await foreignKeys(db) }).toEqual(before);
    // The successful bulk path rebuilds them too.
    await importDossiers(db.kysely, csv(`${lines.slice(0, -1).join('\n')}\n`), { batchSize: 4 });
    expect(await indexes(db)).toEqual(before.indexes);
    expect(await foreignKeys(db)).toEqual(before.fks);
  });

  it('reads a file by path (parsed in a worker thread) with the same errors', async () => {
    await importUnits(db.kysely, csv(UNITS));
    const dir = mkdtempSync(join(tmpdir(), 'import-'));
    const good = join(dir, 'good.csv');
    const rows = Array.from(
      { length: 50 },
      (_, i) => `F${i},XA1,P,Trực tuyến,2025-11-0${1 + (i % 9)}T08:00,2025-11-20,,Không,Không,Có,Không,`,
    );
    writeFileSync(good, `\uFEFF${HEAD}${rows.join('\r\n')}\r\n`);
    expect(await importDossiers(db.kysely, good, { batchSize: 7, worker: true })).toMatchObject({
      rows: 50,
      inserted: 50,
      updated: 0,
    });
    expect(await importDossiers(db.kysely, good, { batchSize: 7, worker: true })).toMatchObject({
      rows: 50,
      inserted: 0,
      updated: 50,
    });
    const received = await db.sql.query<{ n: number }>('SELECT sum(received)::int AS n FROM daily_stats');
    expect(received[0]?.n).toBe(50);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `${HEAD}${rows.slice(0, 30).join('\n')}\nF30,XA1,P,truc_tuyen,2025-11-01T08:00,2025-11-31,,0,0,0,0,\n`);
    const before = await snapshot(db);
    const err = await failure(importDossiers(db.kysely, bad, { batchSize: 7, worker: true }));
    expect(err.issues).toEqual([{ line: 32, column: 'han_xu_ly', message: "'2025-11-31' không phải ngày hợp lệ (ISO 8601)" }]);
    expect(await snapshot(db)).toEqual(before);
    const headerless = join(dir, 'header.csv');
    writeFileSync(headerless, 'ma_ho_so;ma_don_vi\nA;XA1\n');
    expect((await failure(importDossiers(db.kysely, headerless, { worker: true }))).issues[0]).toMatchObject({
      line: 1,
      column: 'ma_thu_tuc',
    });
  });

  it('reports several problems at once: unknown unit, channel, flag, duplicate code, missing column', async () => {
    await importUnits(db.kysely, csv(UNITS));
    const err = await failure(
      importDossiers(
        db.kysely,
        csv(
          HEAD +
            'A,KHONGCO,P,truc_tuyen,2025-11-03T08:00,2025-11-05T17:00,,0,0,0,0,\n' +
            'B,SYT,P,qua mạng,2025-11-03T08:00,2025-11-05T17:00,,0,0,0,0,\n' +
            'C,SYT,P,truc_tuyen,2025-11-03T08:00,2025-11-05T17:00,,có lẽ,0,0,0,\n' +
            'D,SYT,P,truc_tuyen,2025-11-03T08:00,2025-11-05T17:00,,0,0,0,0,\n' +
            'D,SYT,P,truc_tuyen,2025-11-03T08:00,2025-11-05T17:00,,0,0,0,0,\n' +
            'E,SYT,P,truc_tuyen,2025-11-06T08:00,2025-11-05T17:00,,0,0,0,0,\n' +
            'F,SYT,P,truc_tuyen,2025-11-03T08:00,2025-11-05T17:00,,0,0,0,0,a\u001fb\n',
        ),
      ),
    );
    expect(err.issues.map((i) => [i.line, i.column])).toEqual([
      [2, 'ma_don_vi'],
      [3, 'kenh_nop'],
      [4, 'co_phi'],
      [6, 'ma_ho_so'],
      [7, 'han_xu_ly'],
      [8, 'ly_do_tre_han'],
    ]);
    expect(err.message).toContain("Dòng 6, cột ma_ho_so: 'D' trùng với dòng 5");
    const missing = await failure(importDossiers(db.kysely, csv('ma_ho_so,ma_don_vi\nA,SYT\n')));
    expect(missing.issues[0]).toMatchObject({ line: 1, column: 'ma_thu_tuc' });
    expect(await db.sql.query('SELECT * FROM dossiers')).toEqual([]);
  });

  it('imports official scores with Vietnamese group names and checks each group maximum', async () => {
    await importUnits(db.kysely, csv(UNITS));
    const r = await importScores(
      db.kysely,
      csv(
        'Mã đơn vị,Kỳ,Nhóm,Điểm\nSYT,2025-11,"Công khai, minh bạch",17.5\nSYT,2025-Q3,Tiến độ giải quyết,"18,2"\n' +
          'SYT,2025,Dịch vụ trực tuyến,20\nSYT,2025-11,Số hóa hồ sơ,9\nSYT,2025-11,Mức độ hài lòng,18\nSYT,2025-11,Tổng,80.5\n',
      ),
    );
    expect(r).toMatchObject({ rows: 6, inserted: 6 });
    const again = await importScores(db.kysely, csv('ma_don_vi,ky,nhom,diem\nSYT,2025-11,so_hoa,10\n'));
    expect(again).toMatchObject({ inserted: 0, updated: 1 });
    const before = await snapshot(db);
    expect(before.scores).toContainEqual({ unit_code: 'SYT', period: '2025-11', nhom: 'so_hoa', score: '10.00' });
    const err = await failure(
      importScores(
        db.kysely,
        csv('ma_don_vi,ky,nhom,diem\nSYT,2025-11,so_hoa,8\nSYT,2025-11,cong_khai,19\nSYT,2025-13,tong,50\nSYT,2025,nhom_7,1\n'),
      ),
    );
    expect(err.issues.map((i) => [i.line, i.column])).toEqual([
      [3, 'diem'],
      [4, 'ky'],
      [5, 'nhom'],
    ]);
    expect(err.message).toContain('ngoài khoảng 0–18 của nhóm cong_khai');
    expect(await snapshot(db)).toEqual(before);
  });
});
