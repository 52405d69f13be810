import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findDossierCode } from '../src/dossiers/code.ts';
import { createDossierStatusSkill } from '../src/dossiers/status-skill.ts';
import {
  DEMO_DEPARTMENT,
  DEMO_UNITS,
  DemoRefused,
  demoDossiers,
  dossierCsv,
  manyDossiers,
  seedDemo,
} from '../src/indicators/demo.ts';
import { importDossiers, importScores, importUnits } from '../src/indicators/import/index.ts';
import { refreshDailyStats } from '../src/indicators/rollup.ts';
import { findUnitMentions, loadUnits } from '../src/indicators/units.ts';
import { createLogger } from '../src/log.ts';
import { listOfficers } from '../src/officers/admin.ts';
import { vnDayOf } from '../src/time/vietnam.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { countOf, insertOfficer } from './helpers/rows.ts';

const NOW = new Date('2025-11-20T09:00:00+07:00');

describe('demo generator', () => {
  it('is deterministic and covers the 12 months ending at now', () => {
    const a = [...demoDossiers(NOW)];
    const b = [...demoDossiers(NOW)];
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(8000);
    const days = a.map((d) => vnDayOf(d.ngay_tiep_nhan)).sort();
    expect(days[0]).toBe('2024-11-21');
    expect(days.at(-1)).toBe('2025-11-20');
    expect(a.every((d) => d.ngay_tiep_nhan <= NOW.getTime() && (d.ngay_hoan_thanh ?? 0) <= NOW.getTime())).toBe(true);
    expect(a.every((d) => d.han_xu_ly > d.ngay_tiep_nhan)).toBe(true);
    expect(new Set(a.map((d) => d.ma_ho_so)).size).toBe(a.length);
    // Real-shaped codes in the demo's namespace: unit, the Vietnam day received, number that day.
    expect(a.every((d) => d.ma_ho_so.startsWith(`DEMO.${d.ma_don_vi}-${vnDayOf(d.ngay_tiep_nhan).slice(2).replace(/-/g, '')}-`))).toBe(true);
    expect(a.every((d) => findDossierCode(d.ma_ho_so) === d.ma_ho_so)).toBe(true);

    const online = a.filter((d) => d.kenh_nop === 'truc_tuyen').length / a.length;
    expect(online).toBeGreaterThan(0.55);
    expect(online).toBeLessThan(0.8);
    const late = a.filter((d) => d.ngay_hoan_thanh !== null && d.ngay_hoan_thanh > d.han_xu_ly);
    expect(late.length).toBeGreaterThan(100);
    expect(late.every((d) => d.ly_do_tre_han && /[ạảấầẩậắằẳặẹẻếềểệịọỏốồổộớờởợụủứừửựỳỷỹđ]/.test(d.ly_do_tre_han))).toBe(true);
    const withFee = a.filter((d) => d.co_phi);
    expect(withFee.length / a.length).toBeGreaterThan(0.2);
    expect(withFee.length / a.length).toBeLessThan(0.8);
    expect(a.some((d) => d.ngay_hoan_thanh === null)).toBe(true);
    // Another seed gives another year.
    expect([...demoDossiers(NOW, 1)].slice(0, 50)).not.toEqual(a.slice(0, 50));
  });

  it('writes CSV and makes benchmark-sized files on demand', () => {
    const rows = [...manyDossiers(1000, NOW)];
    expect(rows).toHaveLength(1000);
    expect(rows.at(-1)?.ma_ho_so).toBe('B00001000');
    const csv = [...dossierCsv(rows, 300)].join('');
    expect(csv.split('\n')).toHaveLength(1002);
    expect(csv.startsWith('ma_ho_so,ma_don_vi,')).toBe(true);
  });
});

describe('seed --demo', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('creates the province, its roll-up and an invite, and replaces itself when re-run', async () => {
    const first = await seedDemo(db, { now: NOW });
    expect(first.units).toBe(DEMO_UNITS.length);
    expect(first.invite.unitCode).toBe(DEMO_DEPARTMENT);
    expect(first.invite.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const units = await db.sql.query<{ code: string; path: string }>('SELECT code, path FROM units ORDER BY code');
    expect(units.find((u) => u.code === 'SYT.NV1')?.path).toBe('/TINH/SYT/SYT.NV1/');
    // Short names and one-stop contacts come in through the units file, as a province's would.
    const named = await loadUnits(db.kysely);
    const home = named.find((u) => u.code === 'SYT');
    for (const [said, code] of [['P. Dược', 'SYT.NV2'], ['NVY', 'SYT.NV1'], ['Chi cục ATTP', 'SYT.ATTP'], ['VP Sở', 'SYT.VP']] as const) {
      expect(findUnitMentions(`tl tt ${said} tháng này`, named, home)).toMatchObject([{ kind: 'unit', unit: { code } }]);
    }
    expect(named.find((u) => u.code === 'SYT.NV2')?.aliases).toContain('Phòng Dược');
    const contacts = await db.sql.query<{ code: string; contact: string | null }>('SELECT code, contact FROM units ORDER BY code');
    expect(contacts.find((u) => u.code === 'XA.ANPHU')?.contact).toBe('Bộ phận Một cửa UBND xã An Phú (địa chỉ mẫu của dữ liệu thử)');
    expect(contacts.find((u) => u.code === 'SYT.NV2')?.contact).toBeNull();
    const totals = async () =>
      (
        await db.sql.query<{ n: number; received: number; completed: number }>(
          `SELECT (SELECT count(*)::int FROM dossiers) AS n, sum(received)::int AS received, sum(completed)::int AS completed FROM daily_stats`,
        )
      )[0]!;
    const t1 = await totals();
    expect(t1.n).toBe(first.dossiers);
    expect(t1.received).toBe(first.dossiers);

    // An officer who enrolled in a demo unit survives a re-seed; data is replaced, not doubled.
    await insertOfficer(db.kysely, { unit_code: 'SYT', display_name: 'Cán bộ thử' });
    const second = await seedDemo(db, { now: NOW });
    expect(second.dossiers).toBe(first.dossiers);
    expect(await totals()).toEqual(t1);
    expect(second.invite.code).not.toBe(first.invite.code);
    expect(await listOfficers(db.kysely)).toHaveLength(1);
    const scores = await db.sql.query<{ period: string }>('SELECT DISTINCT period FROM index_scores');
    expect(scores).toEqual([{ period: '2025-10' }]);
  });

  it('commits the province and its invite together: when the invite cannot be written, nothing is', async () => {
    await db.reset();
    // The invite is the last write of the seed; without its table it fails after everything else.
    await db.kysely.schema.alterTable('invite_codes').renameTo('invite_codes_away').execute();
    try {
      await expect(seedDemo(db, { now: NOW })).rejects.toThrow(/invite_codes/);
    } finally {
      await db.kysely.schema.alterTable('invite_codes_away').renameTo('invite_codes').execute();
    }
    expect(await countOf(db.kysely.selectFrom('units'))).toBe(0);
    expect(await countOf(db.kysely.selectFrom('dossiers'))).toBe(0);
    expect(await countOf(db.kysely.selectFrom('daily_stats'))).toBe(0);
  });
});

describe('seed --demo never touches data that is not its own', () => {
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

  const HEAD =
    'ma_ho_so,ma_don_vi,ma_thu_tuc,kenh_nop,ngay_tiep_nhan,han_xu_ly,ngay_hoan_thanh,co_phi,thanh_toan_truc_tuyen,da_so_hoa,ket_qua_dien_tu,ly_do_tre_han\n';
  const realRows = async () => ({
    units: await db.sql.query('SELECT code, name, parent_code, path, demo FROM units WHERE NOT demo ORDER BY code'),
    dossiers: await db.sql.query('SELECT * FROM dossiers WHERE NOT demo ORDER BY ma_ho_so'),
    scores: await db.sql.query('SELECT unit_code, period, nhom, score::text FROM index_scores WHERE NOT demo ORDER BY 1, 2, 3'),
  });
  const everything = async () => ({
    ...(await realRows()),
    all: await db.sql.query('SELECT code, demo FROM units ORDER BY code'),
    n: await db.sql.query('SELECT count(*)::int AS n FROM dossiers'),
  });
  async function refused(p: Promise<unknown>): Promise<DemoRefused> {
    try {
      await p;
    } catch (err) {
      if (err instanceof DemoRefused) return err;
      throw err;
    }
    throw new Error('expected DemoRefused');
  }

  it('refuses a database holding other units or dossiers and writes nothing; --force adds the demo beside them', async () => {
    await importUnits(db.kysely, Readable.from(['ma_don_vi,ten_don_vi,ma_don_vi_cha\nXA9,UBND xã Thật,\n']));
    await importDossiers(
      db.kysely,
      Readable.from([`${HEAD}000.00.09.H26-251103-0001,XA9,1.001,truc_tuyen,2025-11-03T08:00,2025-11-05T17:00,,0,0,0,0,\n`]),
    );
    await importScores(db.kysely, Readable.from(['ma_don_vi,ky,nhom,diem\nXA9,2025-10,tong,71\n']));
    const before = await everything();
    const err = await refused(seedDemo(db, { now: NOW }));
    expect(err.always).toBe(false);
    expect(err.message).toContain('(1 đơn vị, 1 hồ sơ, 1 điểm chỉ số)');
    expect(err.message).toContain('thêm --force');
    expect(err.message).toContain('seed --demo refused');
    expect(await everything()).toEqual(before);

    const real = await realRows();
    const seeded = await seedDemo(db, { now: NOW, force: true });
    expect(seeded.kept).toEqual({ units: 1, dossiers: 1, scores: 1 });
    expect(await realRows()).toEqual(real);
    const demo = await db.sql.query<{ n: number; prefixed: number }>(
      "SELECT count(*)::int AS n, count(*) FILTER (WHERE ma_ho_so LIKE 'DEMO.%')::int AS prefixed FROM dossiers WHERE demo",
    );
    expect(demo[0]).toEqual({ n: seeded.dossiers, prefixed: seeded.dossiers });
    expect((await db.sql.query<{ code: string }>('SELECT code FROM units WHERE demo ORDER BY code')).map((u) => u.code)).toEqual(
      DEMO_UNITS.map((u) => u.code).sort(),
    );

    // A real dossier imported into a demo unit survives the next seed; the demo's own are replaced.
    await importDossiers(
      db.kysely,
      Readable.from([`${HEAD}000.00.12.H26-251104-0003,SYT.NV1,1.002,truc_tiep,2025-11-04T08:00,2025-11-06T17:00,,0,0,0,0,\n`]),
    );
    const withMixed = await realRows();
    expect(withMixed.dossiers).toHaveLength(2);
    const again = await seedDemo(db, { now: NOW, force: true });
    expect(again.dossiers).toBe(seeded.dossiers);
    expect(again.kept).toEqual({ units: 1, dossiers: 2, scores: 1 });
    expect(await realRows()).toEqual(withMixed);
    // The roll-up counts both, exactly as a full recompute does.
    const stats = await db.sql.query('SELECT * FROM daily_stats ORDER BY unit_code, day');
    await refreshDailyStats(db.kysely);
    expect(await db.sql.query('SELECT * FROM daily_stats ORDER BY unit_code, day')).toEqual(stats);
  }, 120_000);

  it('a real unit holding a demo code is never overwritten, even with --force', async () => {
    await importUnits(db.kysely, Readable.from(['ma_don_vi,ten_don_vi,ma_don_vi_cha\nSYT,Sở Y tế tỉnh Thật,\nSYT.NV1,Phòng Nghiệp vụ,SYT\n']));
    const before = await everything();
    const err = await refused(seedDemo(db, { now: NOW, force: true }));
    expect(err.always).toBe(true);
    expect(err.message).toContain('Mã đơn vị SYT, SYT.NV1 đã là đơn vị thật');
    expect(err.message).toContain('refused even with --force');
    expect(await everything()).toEqual(before);
  });

  it('a demo unit re-imported from a real file becomes real; demo codes answer citizens like real ones', async () => {
    const seeded = await seedDemo(db, { now: NOW });
    expect(seeded.kept).toEqual({ units: 0, dossiers: 0, scores: 0 });
    const [first] = await db.sql.query<{ code: string }>(
      "SELECT ma_ho_so AS code FROM dossiers WHERE ma_don_vi = 'SYT.NV2' AND ngay_hoan_thanh IS NOT NULL ORDER BY ma_ho_so LIMIT 1",
    );
    // The demo's Sở divisions are served at the demo province's one-stop centre.
    const skill = createDossierStatusSkill(db.kysely);
    const reply = await skill.handle(
      { channel: 'test', chatId: '1', userId: '1', text: `tra cứu hồ sơ ${first!.code}` },
      { now: NOW, chat: { lastTopic: null, lastGuideId: null, mode: 'normal', step: 0, data: {} }, updateChat() {}, officer: null, log: createLogger('silent') },
    );
    expect(reply.text).toContain(`Hồ sơ ${first!.code}`);
    expect(reply.text).toContain('Cơ quan giải quyết: Phòng Nghiệp vụ Dược');
    expect(reply.text).toContain('Trung tâm Phục vụ hành chính công tỉnh Minh Họa');

    await importUnits(db.kysely, Readable.from(['ma_don_vi,ten_don_vi,ma_don_vi_cha\nSYT.NV2,Phòng Nghiệp vụ Dược (thật),SYT\n']));
    const units = await db.sql.query<{ code: string; demo: boolean }>("SELECT code, demo FROM units WHERE code IN ('SYT', 'SYT.NV2') ORDER BY code");
    expect(units).toEqual([
      { code: 'SYT', demo: true },
      { code: 'SYT.NV2', demo: false },
    ]);
    const err = await refused(seedDemo(db, { now: NOW, force: true }));
    expect(err.message).toContain('Mã đơn vị SYT.NV2 đã là đơn vị thật');
  }, 120_000);
});

describe('a database seeded before the demo marker existed', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('the migration marks the old demo rows, so the next seed replaces them instead of refusing', async () => {
    // The old seed: codes DEMO-000001…, nothing marked; plus a real commune beside it.
    await seedDemo(db, { now: NOW });
    await db.sql.exec(`
      UPDATE dossiers SET demo = false, ma_ho_so = 'DEMO-' || lpad(n::text, 6, '0')
        FROM (SELECT ma_ho_so AS code, row_number() OVER (ORDER BY ma_ho_so) AS n FROM dossiers) o WHERE o.code = ma_ho_so;
      UPDATE units SET name = name;
      UPDATE index_scores SET demo = false;`);
    await importUnits(db.kysely, Readable.from(['ma_don_vi,ten_don_vi,ma_don_vi_cha\nXA9,UBND xã Thật,\n']));
    expect(await db.sql.query('SELECT code FROM units WHERE demo')).toEqual([]);
    const migration = readFileSync(
      join(import.meta.dirname, '..', 'prisma', 'migrations', '20261201015156_demo_marker_checks', 'migration.sql'),
      'utf8',
    );
    const marking = migration.slice(migration.indexOf('UPDATE "dossiers"'), migration.indexOf('CREATE FUNCTION'));
    // Applied as the migration does, before the trigger that clears the marker existed.
    await db.sql.transaction(async (tx) => {
      await tx.query("SELECT set_config('tro_ly_dvc.seeding_demo', 'on', true)");
      await tx.exec(marking);
    });
    const marked = await db.sql.query<{ code: string }>('SELECT code FROM units WHERE demo ORDER BY code');
    expect(marked.map((u) => u.code)).toEqual(DEMO_UNITS.map((u) => u.code).sort());
    const again = await seedDemo(db, { now: NOW, force: true });
    expect(again.kept).toEqual({ units: 1, dossiers: 0, scores: 0 });
    const left = await db.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM dossiers WHERE ma_ho_so LIKE 'DEMO-%'");
    expect(left).toEqual([{ n: 0 }]);
  }, 120_000);
});
