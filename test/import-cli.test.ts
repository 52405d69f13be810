import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/db.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { insertOfficer } from './helpers/rows.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', 'bin', 'tro-ly-dvc.js');

describe('CLI: import and officer commands', () => {
  let dataDir: string;
  let databaseUrl: string | undefined;
  let testDb: TestDatabase;

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl ?? '' };
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env, cwd: dataDir });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  afterAll(async () => {
    if (databaseUrl) await testDb.close();
  });

  beforeAll(async () => {
    testDb = await createTestDatabase();
    dataDir = testDb.dataDir;
    databaseUrl = testDb.databaseUrl;
    // Only one process at a time may hold an embedded database: release it for the CLI. A server
    // database stays open (closing it drops it) until the end.
    if (!databaseUrl) await testDb.close();
    writeFileSync(join(dataDir, 'units.csv'), 'Mã đơn vị,Tên đơn vị,Đơn vị cha\nSYT,Sở Y tế,\nSYT.NV1,Phòng Nghiệp vụ 1,SYT\n');
    const head =
      'ma_ho_so,ma_don_vi,ma_thu_tuc,kenh_nop,ngay_tiep_nhan,han_xu_ly,ngay_hoan_thanh,co_phi,thanh_toan_truc_tuyen,da_so_hoa,ket_qua_dien_tu\n';
    writeFileSync(
      join(dataDir, 'good.csv'),
      `${head}A,SYT.NV1,P,truc_tuyen,2025-11-03T08:00,2025-11-05T17:00,,0,0,0,0\nB,SYT,P,truc_tiep,2025-11-03T09:00,2025-11-05T17:00,2025-11-04T09:00,1,0,1,1\n`,
    );
    writeFileSync(
      join(dataDir, 'bad.csv'),
      `${head}C,SYT,P,truc_tuyen,2025-11-03T08:00,2025-11-05T17:00,,0,0,0,0\nD,SYT,P,truc_tuyen,2025-13-01,2025-11-05T17:00,,0,0,0,0\n`,
    );
  });

  it('imports, refuses a bad file with exit 2 naming line and column, and manages invites', async () => {
    const units = await cli('import', 'units', 'units.csv');
    expect(units.code).toBe(0);
    expect(units.stdout).toContain('Đã nhập 2 đơn vị');

    const bad = await cli('import', 'dossiers', 'bad.csv');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Dòng 3, cột ngay_tiep_nhan: '2025-13-01' không phải ngày hợp lệ (ISO 8601)");
    expect(bad.stderr).toContain('Không có dữ liệu nào được ghi');

    const good = await cli('import', 'dossiers', 'good.csv');
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('2 mới, 0 cập nhật');

    const invite = await cli('officer', 'invite', '--unit', 'SYT.NV1', '--days', '3');
    expect(invite.code).toBe(0);
    const code = invite.stdout.split('\n')[0]!;
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(invite.stdout).toContain(`Gửi /dangky ${code} cho bot (Zalo: đăng ký ${code})`);

    // The refused file wrote nothing: only A and B are there.
    const db = await openDatabase({ dataDir, databaseUrl });
    try {
      expect((await db.sql.query<{ code: string }>('SELECT ma_ho_so AS code FROM dossiers ORDER BY 1')).map((r) => r.code)).toEqual(['A', 'B']);
      await insertOfficer(db.kysely, { unit_code: 'SYT.NV1', display_name: 'Lê Văn C' }, [{ channel: 'telegram', user_id: '42', chat_id: '42' }]);
    } finally {
      await db.close();
    }
    const list = await cli('officer', 'list', '--unit', 'SYT');
    expect(list.stdout).toMatch(/^\d+\tSYT\.NV1\tLê Văn C\ttelegram:42\tbáo cáo: tắt$/m);
    const id = list.stdout.split('\t')[0]!;
    expect((await cli('officer', 'revoke', id)).stdout).toContain('Đã thu hồi quyền của Lê Văn C');
  }, 300_000); // six CLI processes, each opening the embedded database

  it('seed --demo, even with --force, refuses a database whose real units hold its codes (exit 2, both languages), writing nothing', async () => {
    // The file imported above has a real SYT and SYT.NV1: the demo would overwrite that Sở.
    const seed = await cli('seed', '--demo', '--force', '--now', '2025-11-20T09:00:00+07:00');
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('Mã đơn vị SYT, SYT.NV1 đã là đơn vị thật trong cơ sở dữ liệu');
    expect(seed.stderr).toContain('refused even with --force');
    const db = await openDatabase({ dataDir, databaseUrl });
    try {
      expect(await db.sql.query('SELECT code FROM units WHERE demo OR code = ANY($1::text[])', [['TINH', 'XA.ANPHU']])).toEqual([]);
      expect(await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM dossiers')).toEqual([{ n: 2 }]);
    } finally {
      await db.close();
    }
  }, 120_000);
});
