import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTargets, meets, syncTargets, targetEnded, targetFor, TargetsError } from '../src/indicators/targets.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { countOf } from './helpers/rows.ts';

const dir = mkdtempSync(join(tmpdir(), 'targets-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('targets', () => {
  const targets = loadTargets();

  const SYT = { code: 'SYT', path: '/TINH/SYT/' };
  const NV1 = { code: 'SYT.NV1', path: '/TINH/SYT/SYT.NV1/' };
  const XA = { code: 'XA.ANPHU', path: '/TINH/XA.ANPHU/' };
  const TINH = { code: 'TINH', path: '/TINH/' };

  it('the project file covers the figures, each with a cited document', () => {
    for (const metric of ['online_rate', 'online_payment_rate', 'on_time_rate', 'digitized_rate', 'e_result_rate']) {
      const t = targetFor(targets, metric, 'default', SYT);
      expect(t, metric).not.toBeNull();
      expect(t!.source).toMatch(/(QĐ|KH|Quyết định|Kế hoạch)/);
      expect(t!.threshold).toBeGreaterThan(0);
      expect(t!.threshold).toBeLessThanOrEqual(1);
    }
    // The default is the strictest of the seed plans.
    expect(targetFor(targets, 'online_rate', 'default', SYT)).toMatchObject({ threshold: 0.7, op: '>=', period: '2023' });
    expect(targetFor(targets, 'online_rate', 'default', SYT)!.source).toContain('311/KH-SYT');
    expect(targetFor(targets, 'on_time_rate', 'default', SYT)!.threshold).toBe(0.96);
  });

  it('a Sở plan applies to the Sở and its divisions only, never to communes or the province', () => {
    expect(targetFor(targets, 'online_rate', 'default', NV1)).toMatchObject({ unit: 'SYT', threshold: 0.7 });
    expect(targetFor(targets, 'online_rate', 'default', XA)).toBeNull();
    expect(targetFor(targets, 'online_rate', 'default', TINH)).toBeNull();
    expect(targetFor(targets, 'online_rate', 'default')).toBeNull();
  });

  it('a province plan applies to every unit of its scope; scopes never borrow from each other', () => {
    expect(targetFor(targets, 'online_rate', 'ba-ria-vung-tau', XA)).toMatchObject({ threshold: 0.5, scope: 'ba-ria-vung-tau' });
    expect(targetFor(targets, 'on_time_rate', 'ba-ria-vung-tau', SYT)).toBeNull();
    expect(targetFor(targets, 'no_such_metric', 'default', SYT)).toBeNull();
    // The 1/7/2025 merger is stated with the old province's plan, and every seed plan has ended.
    expect(targetFor(targets, 'online_rate', 'ba-ria-vung-tau')!.source).toContain('nay thuộc TP. Hồ Chí Minh');
    for (const t of targets) expect(targetEnded(t, 2026), `${t.metric}@${t.scope}`).toBe(true);
  });

  it('the nearest unit wins over the whole scope', () => {
    const own = [
      { metric: 'online_rate', scope: 'x', op: '>=' as const, threshold: 0.5, source: 'QĐ 1/QĐ-UBND' },
      { metric: 'online_rate', scope: 'x', unit: 'syt', op: '>=' as const, threshold: 0.8, source: 'KH 2/KH-SYT' },
    ];
    expect(targetFor(own, 'online_rate', 'x', NV1)!.threshold).toBe(0.8);
    expect(targetFor(own, 'online_rate', 'x', XA)!.threshold).toBe(0.5);
  });

  it('meets compares with the operator', () => {
    const t = targetFor(targets, 'online_rate', 'default', SYT)!;
    expect(meets(t, 0.7)).toBe(true);
    expect(meets(t, 7 / 10)).toBe(true);
    expect(meets(t, 0.69)).toBe(false);
    expect(meets(t, null)).toBeNull();
    expect(meets({ ...t, op: '<=', threshold: 0.05 }, 0.04)).toBe(true);
  });

  it('a bad file names the entry and the field', () => {
    const bad = file(
      'bad.yaml',
      'targets:\n  - metric: online_rate\n    threshold: 50%\n    source: QĐ 1402/QĐ-UBND\n  - metric: on_time_rate\n    threshold: 160%\n    source: KH 311/KH-SYT\n',
    );
    expect(() => loadTargets(bad)).toThrow(TargetsError);
    expect(() => loadTargets(bad)).toThrow(/mục thứ 2 \(on_time_rate\), trường threshold/);
    const noSource = file('nosource.yaml', 'targets:\n  - metric: online_rate\n    threshold: 0.5\n');
    expect(() => loadTargets(noSource)).toThrow(/mục thứ 1 \(online_rate\), trường source/);
    const dup = file(
      'dup.yaml',
      'targets:\n  - {metric: online_rate, threshold: 0.5, source: "QĐ 1402/QĐ-UBND"}\n  - {metric: online_rate, threshold: 0.7, source: "KH 311/KH-SYT"}\n',
    );
    expect(() => loadTargets(dup)).toThrow(/mục thứ 2.*trùng/);
    expect(() => loadTargets(join(dir, 'missing.yaml'))).toThrow(TargetsError);
  });

  describe('sync into the database', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(async () => {
      await db?.close();
    });

    it('mirrors the file into the targets table', async () => {
      await syncTargets(db.kysely, targets);
      await syncTargets(db.kysely, targets);
      const rows = await db.kysely.selectFrom('targets').selectAll().where('scope', '=', 'default').where('metric', '=', 'online_rate').execute();
      expect(rows).toMatchObject([{ op: '>=', threshold: 0.7, unit: 'SYT' }]);
      expect(await countOf(db.kysely.selectFrom('targets'))).toBe(targets.length);
      // An entry removed from the file disappears; a changed one is updated.
      const changed = targets.filter((t) => t.scope === 'default').map((t) => (t.metric === 'online_rate' ? { ...t, threshold: 0.8 } : t));
      await syncTargets(db.kysely, changed);
      expect(await countOf(db.kysely.selectFrom('targets'))).toBe(changed.length);
      expect((await db.kysely.selectFrom('targets').select('threshold').where('metric', '=', 'online_rate').executeTakeFirst())?.threshold).toBe(0.8);
    });
  });
});
