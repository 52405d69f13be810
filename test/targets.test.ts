import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTargets, meets, syncTargets, targetFor, TargetsError } from '../src/indicators/targets.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

const dir = mkdtempSync(join(tmpdir(), 'targets-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('targets', () => {
  const targets = loadTargets();

  it('the project file covers the figures, each with a cited document', () => {
    for (const metric of ['online_rate', 'online_payment_rate', 'on_time_rate', 'digitized_rate', 'e_result_rate']) {
      const t = targetFor(targets, metric, 'default');
      expect(t, metric).not.toBeNull();
      expect(t!.source).toMatch(/(QĐ|KH|Quyết định|Kế hoạch)/);
      expect(t!.threshold).toBeGreaterThan(0);
      expect(t!.threshold).toBeLessThanOrEqual(1);
    }
    // The default is the strictest of the seed plans.
    expect(targetFor(targets, 'online_rate')).toMatchObject({ threshold: 0.7, op: '>=' });
    expect(targetFor(targets, 'online_rate')!.source).toContain('311/KH-SYT');
    expect(targetFor(targets, 'on_time_rate')!.threshold).toBe(0.96);
  });

  it('a deployment scope wins, and falls back to default for metrics it lacks', () => {
    expect(targetFor(targets, 'online_rate', 'ba-ria-vung-tau')).toMatchObject({ threshold: 0.5, scope: 'ba-ria-vung-tau' });
    expect(targetFor(targets, 'on_time_rate', 'ba-ria-vung-tau')).toMatchObject({ threshold: 0.96, scope: 'default' });
    expect(targetFor(targets, 'no_such_metric', 'default')).toBeNull();
  });

  it('meets compares with the operator', () => {
    const t = targetFor(targets, 'online_rate')!;
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
      await syncTargets(db.sql, targets);
      await syncTargets(db.sql, targets);
      const rows = await db.prisma.target.findMany({ where: { scope: 'default', metric: 'online_rate' } });
      expect(rows).toMatchObject([{ op: '>=', threshold: 0.7 }]);
      expect(await db.prisma.target.count()).toBe(targets.length);
      // An entry removed from the file disappears; a changed one is updated.
      const changed = targets.filter((t) => t.scope === 'default').map((t) => (t.metric === 'online_rate' ? { ...t, threshold: 0.8 } : t));
      await syncTargets(db.sql, changed);
      expect(await db.prisma.target.count()).toBe(changed.length);
      expect((await db.prisma.target.findFirst({ where: { metric: 'online_rate' } }))?.threshold).toBe(0.8);
    });
  });
});
