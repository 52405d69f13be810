import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ImportError, importDossiers, importScores, importUnits } from '../src/indicators/import/index.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { DOSSIER_HEAD, dossierRow } from './helpers/dossier-csv.ts';

// Issue 13 item 10, CSV part: bad files refused whole with a Vietnamese message naming the line
// (and column), nothing written; odd but valid files imported. Encodings, unquoted commas,
// vocabularies, the record limit and duplicates across batches are in import-safety.test.ts.

const HEAD = DOSSIER_HEAD;
const row = dossierRow;
const dossiers = (...rows: string[]) => `${[HEAD, ...rows].join('\n')}\n`;

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());
beforeEach(async () => {
  await db.reset();
  await importUnits(db.kysely, Readable.from(['ma_don_vi,ten_don_vi,ma_don_vi_cha\nXA1,UBND xã Một,\n']));
});

const snapshot = async () => ({
  units: await db.sql.query('SELECT code, name, parent_code, path FROM units ORDER BY code'),
  dossiers: await db.sql.query('SELECT ma_ho_so FROM dossiers ORDER BY ma_ho_so'),
  stats: await db.sql.query('SELECT * FROM daily_stats ORDER BY unit_code, day'),
  scores: await db.sql.query('SELECT unit_code, period, nhom FROM index_scores ORDER BY 1, 2, 3'),
});

type Importer = typeof importDossiers;
const refused: [string, Importer, string | Buffer, RegExp][] = [
  ['an empty dossier file', importDossiers, '', /.+/],
  ['a header only… with a missing required column', importDossiers, 'ma_ho_so,ma_don_vi\nA,XA1\n', /ma_thu_tuc|thiếu|cột/i],
  ['an unknown unit', importDossiers, dossiers(row('A1', { ma_don_vi: 'KHONG_CO' })), /Dòng 2.*ma_don_vi/],
  ['an impossible date', importDossiers, dossiers(row('A2', { ngay_tiep_nhan: '2025-02-30T08:00' })), /Dòng 2.*ngay_tiep_nhan/],
  ['a date that is text', importDossiers, dossiers(row('A3', { han_xu_ly: 'ngày mai' })), /Dòng 2.*han_xu_ly/],
  ['an unknown channel', importDossiers, dossiers(row('A4', { kenh_nop: 'fax' })), /Dòng 2.*kenh_nop/],
  ['__proto__ as a channel', importDossiers, dossiers(row('A5', { kenh_nop: '__proto__' })), /Dòng 2.*kenh_nop/],
  ['a flag of 2', importDossiers, dossiers(row('A6', { co_phi: '2' })), /Dòng 2.*co_phi/],
  ['an empty dossier code', importDossiers, dossiers(row('')), /Dòng 2.*ma_ho_so/],
  ['the same code twice', importDossiers, dossiers(row('A7'), row('A7')), /Dòng 3.*trùng với dòng 2/],
  ['a bad row after good ones', importDossiers, dossiers(row('B1'), row('B2'), row('B3', { ngay_tiep_nhan: 'x' })), /Dòng 4/],
  ['a NUL byte in a code', importDossiers, dossiers(row('A\u00008')), /Dòng 2/],
  ['a row with too few cells', importDossiers, dossiers('A9,XA1'), /Dòng 2/],
  ['binary garbage', importDossiers, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)), /.+/],
  ['an empty units file', importUnits, '', /.+/],
  ['a unit that is its own parent', importUnits, 'ma_don_vi,ten_don_vi,ma_don_vi_cha\nXA2,UBND xã Hai,XA2\n', /Dòng 2/],
  ['a parent cycle', importUnits, 'ma_don_vi,ten_don_vi,ma_don_vi_cha\nP1,Một,P2\nP2,Hai,P1\n', /Dòng \d/],
  ['a unit without a name', importUnits, 'ma_don_vi,ten_don_vi,ma_don_vi_cha\nXA3,,\n', /Dòng 2.*ten_don_vi/],
  ['a score over the group maximum', importScores, 'ma_don_vi,ky,nhom,diem\nXA1,2025-11,cong_khai,19\n', /Dòng 2.*diem/],
  ['a negative score', importScores, 'ma_don_vi,ky,nhom,diem\nXA1,2025-11,tien_do,-1\n', /Dòng 2.*diem/],
  ['an unknown score group', importScores, 'ma_don_vi,ky,nhom,diem\nXA1,2025-11,constructor,5\n', /Dòng 2.*nhom/],
  ['a period that is not one', importScores, 'ma_don_vi,ky,nhom,diem\nXA1,tháng mười ba,tien_do,5\n', /Dòng 2.*ky/],
  ['a score that is text', importScores, 'ma_don_vi,ky,nhom,diem\nXA1,2025-11,tien_do,mười\n', /Dòng 2.*diem/],
];

describe('CSV files refused whole', () => {
  it.each(refused)('%s', async (_name, importer, content, message) => {
    const before = await snapshot();
    const source = typeof content === 'string' ? Readable.from([content]) : Readable.from([content]);
    let error: unknown;
    try {
      await importer(db.kysely, source);
    } catch (err) {
      error = err;
    }
    expect(error, 'the file was accepted').toBeInstanceOf(ImportError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain('Không có dữ liệu nào được ghi');
    expect(await snapshot()).toEqual(before);
  });
});

const accepted: [string, Importer, string | Buffer, number][] = [
  ['CRLF line endings', importDossiers, dossiers(row('C1'), row('C2')).replace(/\n/g, '\r\n'), 2],
  ['a UTF-8 byte order mark', importDossiers, `\uFEFF${dossiers(row('C3'))}`, 1],
  ['quoted fields with commas, quotes and line breaks', importDossiers, dossiers(row('C4', { ly_do_tre_han: '"Thiếu giấy tờ, ""bổ sung"" sau\nhai ngày"' })), 1],
  ['Vietnamese header names from an export', importUnits, 'Mã đơn vị,Tên đơn vị,Đơn vị cha\nXA4,UBND xã Bốn,XA1\n', 1],
  ['a SQL-looking unit name stored as text', importUnits, `ma_don_vi,ten_don_vi,ma_don_vi_cha\nXA5,"x'); DROP TABLE units; --",XA1\n`, 1],
  ['no trailing newline', importDossiers, dossiers(row('C5')).trimEnd(), 1],
];

describe('odd but valid CSV files imported', () => {
  it.each(accepted)('%s', async (_name, importer, content, rows) => {
    const result = await importer(db.kysely, Readable.from([content]));
    expect(result).toMatchObject({ rows });
    const tables = await db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM pg_tables WHERE tablename = 'units'`);
    expect(Number(tables[0]!.n)).toBe(1);
  });
});

it('a quoted field keeps its commas, quotes and line break; a SQL-looking name is stored as written', async () => {
  await importDossiers(db.kysely, Readable.from([dossiers(row('Q1', { ly_do_tre_han: '"Thiếu giấy tờ, ""bổ sung"" sau\nhai ngày"' }))]));
  const [d] = await db.sql.query<{ ly_do_tre_han: string }>(`SELECT ly_do_tre_han FROM dossiers WHERE ma_ho_so = 'Q1'`);
  expect(d!.ly_do_tre_han).toBe('Thiếu giấy tờ, "bổ sung" sau\nhai ngày');
  await importUnits(db.kysely, Readable.from([`ma_don_vi,ten_don_vi,ma_don_vi_cha\nXA6,"x'); DROP TABLE units; --",XA1\n`]));
  const [u] = await db.sql.query<{ name: string }>(`SELECT name FROM units WHERE code = 'XA6'`);
  expect(u!.name).toBe("x'); DROP TABLE units; --");
});
