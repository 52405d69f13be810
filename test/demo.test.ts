import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEPARTMENT, DEMO_UNITS, demoDossiers, dossierCsv, manyDossiers, seedDemo } from '../src/indicators/demo.ts';
import { vnDay } from '../src/indicators/import/index.ts';
import { listOfficers } from '../src/officers/admin.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

const NOW = new Date('2025-11-20T09:00:00+07:00');

describe('demo generator', () => {
  it('is deterministic and covers the 12 months ending at now', () => {
    const a = [...demoDossiers(NOW)];
    const b = [...demoDossiers(NOW)];
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(8000);
    const days = a.map((d) => vnDay(d.ngay_tiep_nhan)).sort();
    expect(days[0]).toBe('2024-11-21');
    expect(days.at(-1)).toBe('2025-11-20');
    expect(a.every((d) => d.ngay_tiep_nhan <= NOW.getTime() && (d.ngay_hoan_thanh ?? 0) <= NOW.getTime())).toBe(true);
    expect(a.every((d) => d.han_xu_ly > d.ngay_tiep_nhan)).toBe(true);
    expect(new Set(a.map((d) => d.ma_ho_so)).size).toBe(a.length);

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
    await db.prisma.officer.create({ data: { unitCode: 'SYT', displayName: 'Cán bộ thử' } });
    const second = await seedDemo(db, { now: NOW });
    expect(second.dossiers).toBe(first.dossiers);
    expect(await totals()).toEqual(t1);
    expect(second.invite.code).not.toBe(first.invite.code);
    expect(await listOfficers(db.prisma)).toHaveLength(1);
    const scores = await db.sql.query<{ period: string }>('SELECT DISTINCT period FROM index_scores');
    expect(scores).toEqual([{ period: '2025-10' }]);
  });
});
