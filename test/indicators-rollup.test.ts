import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lateReasons } from '../src/indicators/figures.ts';
import { importDossiers, importUnits } from '../src/indicators/import/index.ts';
import { loadUnits } from '../src/indicators/units.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

const HEADER = 'ma_ho_so,ma_don_vi,ma_thu_tuc,kenh_nop,ngay_tiep_nhan,han_xu_ly,ngay_hoan_thanh,co_phi,thanh_toan_truc_tuyen,da_so_hoa,ket_qua_dien_tu,ly_do_tre_han';
const csv = (lines: string[]) => Readable.from([`${HEADER}\n${lines.join('\n')}\n`]);

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await importUnits(db.kysely, Readable.from(['ma_don_vi,ten_don_vi,ma_don_vi_cha\nS,Sở Y tế,\nS.P,Phòng Dược,S\n']));
});
afterAll(async () => {
  await db?.close();
});

/** The same grouping straight from the dossier rows. */
async function fromRows(): Promise<string[]> {
  const rows = await db.sql.query<{ k: string }>(
    `SELECT ma_don_vi || ' ' || to_char(day, 'YYYY-MM-DD') || ' ' || reason || ' ' || count(*) AS k
       FROM (SELECT ma_don_vi, (ngay_hoan_thanh AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day,
                    coalesce(nullif(trim(ly_do_tre_han), ''), '-') AS reason
               FROM dossiers WHERE ngay_hoan_thanh > han_xu_ly) d
      GROUP BY ma_don_vi, day, reason ORDER BY 1`,
  );
  return rows.map((r) => r.k);
}
async function fromRollup(): Promise<string[]> {
  const rows = await db.sql.query<{ k: string }>(
    `SELECT unit_code || ' ' || to_char(day, 'YYYY-MM-DD') || ' ' || coalesce(nullif(reason, ''), '-') || ' ' || n AS k FROM daily_late_reasons ORDER BY 1`,
  );
  return rows.map((r) => r.k);
}

describe('late reasons roll-up', () => {
  it('stays equal to the dossier rows through imports and re-imports (reason, completion day and unit changed)', async () => {
    await importDossiers(
      db.kysely,
      csv([
        'A1,S.P,T1,truc_tuyen,2025-10-01T09:00:00+07:00,2025-10-03T17:00:00+07:00,2025-10-05T10:00:00+07:00,0,0,0,0,Thiếu hồ sơ',
        'A2,S.P,T1,truc_tiep,2025-10-01T09:00:00+07:00,2025-10-03T17:00:00+07:00,2025-10-05T23:30:00+07:00,0,0,0,0,',
        'A3,S,T1,truc_tiep,2025-10-01T09:00:00+07:00,2025-10-03T17:00:00+07:00,2025-10-02T10:00:00+07:00,0,0,0,0,',
      ]),
    );
    expect(await fromRollup()).toEqual(await fromRows());
    const units = await loadUnits(db.kysely);
    const s = units.find((u) => u.code === 'S')!;
    expect(await lateReasons(db.kysely, s, '2025-10-01', '2025-10-31')).toEqual([
      { reason: 'Thiếu hồ sơ', n: 1 },
      { reason: null, n: 1 },
    ]);
    // A2 gets a reason and finishes a day later; A1 moves to the Sở and is no longer late.
    await importDossiers(
      db.kysely,
      csv([
        'A1,S,T1,truc_tuyen,2025-10-01T09:00:00+07:00,2025-10-03T17:00:00+07:00,2025-10-03T10:00:00+07:00,0,0,0,0,',
        'A2,S.P,T1,truc_tiep,2025-10-01T09:00:00+07:00,2025-10-03T17:00:00+07:00,2025-10-06T00:30:00+07:00,0,0,0,0,Chờ ý kiến',
      ]),
    );
    expect(await fromRollup()).toEqual(await fromRows());
    expect(await lateReasons(db.kysely, s, '2025-10-06', '2025-10-06')).toEqual([{ reason: 'Chờ ý kiến', n: 1 }]);
    expect(await lateReasons(db.kysely, s, '2025-10-05', '2025-10-05')).toEqual([]);
  });
});
