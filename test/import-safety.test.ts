import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ImportError, importDossiers, importScores, importUnits } from '../src/indicators/import/index.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { DOSSIER_HEAD, dossierRow } from './helpers/dossier-csv.ts';

// Files as operators really have them: bytes written to disk and read back by path (and, for the
// big ones, by the worker thread), not strings handed to the parser.

const HEAD = DOSSIER_HEAD;
const row = dossierRow;

/** Windows-1258 bytes of `text`: the table is read back from the platform's own decoder. */
function cp1258(text: string): Buffer {
  const decoder = new TextDecoder('windows-1258');
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(decoder.decode(Uint8Array.of(b)), b);
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const direct = table.get(ch);
    if (direct !== undefined) {
      out.push(direct);
      continue;
    }
    // Windows-1258 spells tones as combining marks after a (possibly precomposed) base letter.
    const [base = '', ...marks] = [...ch.normalize('NFD')];
    let letter = base;
    while (marks.length > 0 && table.has((letter + marks[0]).normalize('NFC'))) letter = (letter + marks.shift()).normalize('NFC');
    for (const c of [letter, ...marks]) {
      const b = table.get(c);
      if (b === undefined) throw new Error(`not in Windows-1258: ${c}`);
      out.push(b);
    }
  }
  const bytes = Buffer.from(out);
  if (decoder.decode(bytes).normalize('NFC') !== text.normalize('NFC')) throw new Error('Windows-1258 round trip failed');
  return bytes;
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

describe('imports that cannot damage data', () => {
  let db: TestDatabase;
  let dir: string;
  const file = (name: string, content: string | Buffer) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  const snapshot = async () => ({
    units: await db.sql.query('SELECT code, name, parent_code, path FROM units ORDER BY code'),
    dossiers: await db.sql.query('SELECT * FROM dossiers ORDER BY ma_ho_so'),
    stats: await db.sql.query('SELECT * FROM daily_stats ORDER BY unit_code, day'),
    scores: await db.sql.query('SELECT unit_code, period, nhom, score::text FROM index_scores ORDER BY 1, 2, 3'),
    indexes: await db.sql.query("SELECT indexdef FROM pg_indexes WHERE tablename = 'dossiers' ORDER BY indexname"),
    constraints: await db.sql.query(
      "SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'dossiers'::regclass ORDER BY conname",
    ),
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'import-safety-'));
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await db.reset();
    await importUnits(db.kysely, Readable.from(['ma_don_vi,ten_don_vi,ma_don_vi_cha\nXA1,UBND xã Một,\n']));
  });

  it('refuses a Windows-1258 units file, naming the line and byte and how to save as UTF-8', async () => {
    const text = 'ma_don_vi,ten_don_vi,ma_don_vi_cha\nTP,Phòng Tư pháp,\nVH,Phòng Văn hóa và Thông tin,\n';
    const path = file('units-1258.csv', cp1258(text));
    const before = await snapshot();
    const err = await failure(importUnits(db.kysely, path));
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ line: 2, column: null });
    // "TP,Pho" then the combining grave: the 7th byte of line 2.
    expect(err.message).toContain('Dòng 2: tệp không phải UTF-8: byte thứ 7 của dòng (0xCC)');
    expect(err.message).toContain('Windows-1258');
    expect(err.message).toContain('CSV UTF-8');
    expect(err.message).toContain('Unicode (UTF-8)');
    expect(err.message).toContain('Nothing was imported');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a Latin-1 dossier file whose bad byte comes after a batch was written (worker thread, file by path)', async () => {
    const lines = [HEAD];
    for (let i = 0; i < 3000; i++) lines.push(row(`L${i}`));
    lines.push(row('L-BAD', { ly_do_tre_han: 'Chờ ý kiến phòng Tài chính' }));
    const text = `${lines.join('\r\n')}\r\n`;
    // Everything before the reason is ASCII; the reason is written the way Latin-1 tools save it.
    const at = text.indexOf('Chờ');
    const bytes = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from('Ch? ý ki?n phòng Tài chính\r\n', 'latin1')]);
    const path = file('dossiers-latin1.csv', bytes);
    const before = await snapshot();
    const err = await failure(importDossiers(db.kysely, path, { batchSize: 500, worker: true }));
    expect(err.issues).toEqual([
      expect.objectContaining({ line: 3002, column: null, message: expect.stringContaining('byte thứ ') }),
    ]);
    expect(err.message).toMatch(/Dòng 3002: tệp không phải UTF-8: byte thứ \d+ của dòng \(0xFD\)/);
    expect(await snapshot()).toEqual(before);
    expect(await db.sql.query('SELECT 1 FROM dossiers')).toEqual([]);
  });

  it('converts UTF-16 with a byte order mark (Excel "Unicode Text", tab separated) and refuses it without one', async () => {
    const text = 'Mã đơn vị\tTên đơn vị\tĐơn vị cha\r\nTP\tPhòng Tư pháp\tXA1\r\nVH\tPhòng Văn hóa và Thông tin\tXA1\r\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(await importUnits(db.kysely, file('units-utf16le.txt', le))).toMatchObject({ rows: 2, inserted: 2 });
    const be = Buffer.from(le);
    be.swap16();
    const r = await importUnits(db.kysely, file('units-utf16be.txt', be));
    expect(r).toMatchObject({ rows: 2, inserted: 0, updated: 2 });
    const names = await db.sql.query<{ name: string }>("SELECT name FROM units WHERE code IN ('TP', 'VH') ORDER BY code");
    expect(names.map((n) => n.name)).toEqual(['Phòng Tư pháp', 'Phòng Văn hóa và Thông tin']);

    const before = await snapshot();
    const bare = Buffer.from(text.replace('TP\tPhòng Tư pháp', 'TQ\tPhòng Tư pháp'), 'utf16le');
    const err = await failure(importUnits(db.kysely, file('units-utf16-nobom.txt', bare)));
    expect(err.message).toContain('UTF-16 nhưng không có dấu BOM');
    expect(await snapshot()).toEqual(before);
  });

  it('a row with an unquoted comma (13 cells under 12 headers) is an error naming the row; nothing is written', async () => {
    const good = [HEAD, row('A'), row('B')];
    const bad = `${[...good, `${row('C', { ngay_hoan_thanh: '2025-11-07T08:00' })}Chờ bổ sung, xác minh`, row('D')].join('\n')}\n`;
    const before = await snapshot();
    const err = await failure(importDossiers(db.kysely, file('comma.csv', bad)));
    expect(err.issues).toEqual([{ line: 4, column: null, message: expect.stringContaining('dòng có 13 ô nhưng dòng tiêu đề có 12 cột') }]);
    expect(err.message).toContain('ngoặc kép');
    expect(await snapshot()).toEqual(before);
    // Quoted, the same reason imports whole.
    const fixed = `${[...good, `${row('C', { ngay_hoan_thanh: '2025-11-07T08:00' })}"Chờ bổ sung, xác minh"`].join('\n')}\n`;
    expect(await importDossiers(db.kysely, file('quoted.csv', fixed))).toMatchObject({ rows: 3, inserted: 3 });
    const [c] = await db.sql.query<{ ly_do_tre_han: string }>("SELECT ly_do_tre_han FROM dossiers WHERE ma_ho_so = 'C'");
    expect(c?.ly_do_tre_han).toBe('Chờ bổ sung, xác minh');

    // Units and scores read the same way: a short row and a long row are both refused.
    const units = await snapshot();
    const short = await failure(importUnits(db.kysely, Readable.from(['ma_don_vi,ten_don_vi,ma_don_vi_cha\nX2,Xã Hai\n'])));
    expect(short.issues[0]).toMatchObject({ line: 2, column: null, message: expect.stringContaining('dòng có 2 ô') });
    const long = await failure(importScores(db.kysely, Readable.from(['ma_don_vi,ky,nhom,diem\nXA1,2025-11,so_hoa,17,5\n'])));
    expect(long.issues[0]).toMatchObject({ line: 2, column: null, message: expect.stringContaining('dòng có 5 ô') });
    expect(await snapshot()).toEqual(units);
  });

  it('flags accept only 0/1, Có/Không and TRUE/FALSE: co_phi=x is an error, not "yes"', async () => {
    const before = await snapshot();
    const bad = ['x', 'X', 'y', 'yes', 'đã', 'chưa', 'v', '2', ''];
    const text = `${[HEAD, ...bad.map((v, i) => row(`F${i}`, { co_phi: v }))].join('\n')}\n`;
    const err = await failure(importDossiers(db.kysely, file('flags.csv', text)));
    expect(err.issues.map((i) => [i.line, i.column])).toEqual(bad.map((_, i) => [i + 2, 'co_phi']));
    expect(err.issues[0]?.message).toBe("'x' không hợp lệ (cần 1 hoặc 0, Có hoặc Không, TRUE hoặc FALSE)");
    expect(await snapshot()).toEqual(before);

    const good = ['1', '0', 'Có', 'Không', 'CÓ', 'khong', 'TRUE', 'False'];
    const ok = `${[HEAD, ...good.map((v, i) => row(`G${i}`, { co_phi: v }))].join('\n')}\n`;
    expect(await importDossiers(db.kysely, file('flags-ok.csv', ok))).toMatchObject({ rows: good.length });
    const fee = await db.sql.query<{ co_phi: boolean }>('SELECT co_phi FROM dossiers ORDER BY ma_ho_so');
    expect(fee.map((f) => f.co_phi)).toEqual([true, false, true, false, true, false, true, false]);
  });

  it('vocabularies answer only their own words: kenh_nop=constructor and nhom=constructor are errors', async () => {
    const before = await snapshot();
    const words = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];
    const dossiers = `${[HEAD, ...words.map((w, i) => row(`K${i}`, { kenh_nop: w }))].join('\n')}\n`;
    const err = await failure(importDossiers(db.kysely, file('channels.csv', dossiers)));
    expect(err.issues.map((i) => [i.line, i.column])).toEqual(words.map((_, i) => [i + 2, 'kenh_nop']));
    expect(err.issues[0]?.message).toContain("'constructor' không hợp lệ");
    const scores = `ma_don_vi,ky,nhom,diem\n${words.map((w) => `XA1,2025-11,${w},1`).join('\n')}\n`;
    const serr = await failure(importScores(db.kysely, file('groups.csv', scores)));
    expect(serr.issues.map((i) => [i.line, i.column])).toEqual(words.map((_, i) => [i + 2, 'nhom']));
    expect(await snapshot()).toEqual(before);
  });

  it('an unclosed quote stops at the 64 KB record limit instead of reading the file into one value', async () => {
    const lines = [HEAD, row('Q1', { ly_do_tre_han: '"Chờ bổ sung' })];
    for (let i = 0; i < 2000; i++) lines.push(row(`Q${i + 2}`, { ly_do_tre_han: 'Chờ ý kiến cơ quan phối hợp' }));
    const before = await snapshot();
    const err = await failure(importDossiers(db.kysely, file('quote.csv', `${lines.join('\n')}\n`)));
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]?.message).toContain('dài quá 64 KB');
    expect(err.issues[0]?.line).toBeGreaterThan(2);
    expect(await snapshot()).toEqual(before);
  });

  it('finds a code repeated in another batch (in SQL, not in memory), on a first load and on a re-import', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => row(`R${i}`));
    rows[33] = row('R3'); // line 35 repeats line 5, six batches later
    rows[38] = row('R7', { kenh_nop: 'truc_tiep' }); // line 40 repeats line 9
    const text = `${[HEAD, ...rows].join('\n')}\n`;
    const empty = await snapshot();
    const first = await failure(importDossiers(db.kysely, file('dup.csv', text), { batchSize: 5 }));
    expect(first.issues).toEqual([
      { line: 35, column: 'ma_ho_so', message: "'R3' trùng với dòng 5" },
      { line: 40, column: 'ma_ho_so', message: "'R7' trùng với dòng 9" },
    ]);
    // The bulk path dropped the primary key and indexes: they are back as they were.
    expect(await snapshot()).toEqual(empty);

    await importDossiers(db.kysely, Readable.from([`${HEAD}\n${row('OLD')}\n`]));
    const loaded = await snapshot();
    const again = await failure(importDossiers(db.kysely, file('dup.csv', text), { batchSize: 5 }));
    expect(again.issues.map((i) => i.line)).toEqual([35, 40]);
    expect(await snapshot()).toEqual(loaded);
    // Within one batch the reader sees it first, with the same words.
    const near = await failure(importDossiers(db.kysely, Readable.from([`${HEAD}\n${row('N1')}\n${row('N1')}\n`])));
    expect(near.issues).toEqual([{ line: 3, column: 'ma_ho_so', message: "'N1' trùng với dòng 2" }]);
  });

  it('the tables refuse what the import would: CHECK constraints on channel, dates, scores and counters', async () => {
    const insert = (channel: string, received: string, due: string) =>
      db.sql.query(
        `INSERT INTO dossiers (ma_ho_so, ma_don_vi, ma_thu_tuc, kenh_nop, ngay_tiep_nhan, han_xu_ly, co_phi, thanh_toan_truc_tuyen, da_so_hoa, ket_qua_dien_tu)
         VALUES ('C1', 'XA1', 'P', $1, $2, $3, false, false, false, false)`,
        [channel, received, due],
      );
    await expect(insert('constructor', '2025-11-03T08:00Z', '2025-11-05T08:00Z')).rejects.toThrow(/dossiers_kenh_nop_check/);
    await expect(insert('truc_tuyen', '2025-11-05T08:00Z', '2025-11-03T08:00Z')).rejects.toThrow(/dossiers_dates_check/);
    const score = (group: string, value: number) =>
      db.sql.query(`INSERT INTO index_scores (unit_code, period, nhom, score) VALUES ('XA1', '2025-11', $1, $2)`, [group, value]);
    await expect(score('constructor', 1)).rejects.toThrow(/index_scores_nhom_check/);
    await expect(score('cong_khai', 19)).rejects.toThrow(/index_scores_score_check/);
    await expect(score('tong', -1)).rejects.toThrow(/index_scores_score_check/);
    await expect(
      db.sql.query(`INSERT INTO daily_stats (unit_code, day, received, received_online) VALUES ('XA1', '2025-11-03', 1, 2)`),
    ).rejects.toThrow(/daily_stats_counts_check/);
    await expect(db.sql.query(`INSERT INTO units (code, name, path, updated_at) VALUES ('A/B', 'x', '/A/B/', now())`)).rejects.toThrow(
      /units_code_check/,
    );
    await insert('truc_tuyen', '2025-11-03T08:00Z', '2025-11-05T08:00Z');
    expect(await db.sql.query('SELECT ma_ho_so FROM dossiers')).toEqual([{ ma_ho_so: 'C1' }]);
  });
});
