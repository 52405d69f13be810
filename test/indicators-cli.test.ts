import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from './helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { loadFixture } from './helpers/indicator-fixture.ts';

let db: TestDatabase;

const cli = (args: string[], input = '') =>
  runCli(args, { dataDir: db.dataDir, databaseUrl: db.databaseUrl, input, timeout: 170_000 });

beforeAll(async () => {
  db = await createTestDatabase();
  await loadFixture(db.kysely);
  // The CLI opens the same embedded database, which one process at a time may hold; a server
  // database stays open (closing it would drop it) until the end.
  if (!db.databaseUrl) await db.close();
});
afterAll(async () => {
  if (db.databaseUrl) await db.close();
});

describe('ask --json --unit CODE --now ISO (figures)', () => {
  it('prints exactly the DESIGN.md fields, plus the figure fields, and writes charts with --chart', () => {
    const chart = join(mkdtempSync(join(inject('testRoot'), 'chart-')), 'c.png');
    const r = cli(
      ['ask', '--json', '--unit', 'SYT', '--now', '2025-11-20T09:00:00+07:00', '--chart', chart],
      'tỷ lệ trực tuyến tháng này\nbiểu đồ tỷ lệ trực tuyến 6 tháng\n',
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [figure, drawn] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(Object.keys(figure)).toEqual(['q', 'intent', 'text', 'sources', 'ms', 'metric', 'unit', 'period', 'value', 'numerator', 'denominator', 'target']);
    expect(figure).toMatchObject({
      intent: 'officer',
      metric: 'online_rate',
      unit: 'SYT',
      period: { from: '2025-11-01', to: '2025-11-20', label: 'tháng 11/2025' },
      value: 55.56,
      numerator: 5,
      denominator: 9,
      target: { op: '>=', threshold: 70, met: false },
    });
    expect(figure.text).toContain('55,6 %');
    expect(drawn.intent).toBe('officer');
    const file = chart.replace(/\.png$/, '-2.png');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
  });

  it('a citizen (no --unit) asking an officer question gets public guidance, never a figure', () => {
    const r = cli(['ask', '--json', '--now', '2025-11-20T09:00:00+07:00', 'tỷ lệ trực tuyến tháng này']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout.trim());
    expect(out.intent).not.toBe('officer');
    expect(Object.keys(out)).toEqual(['q', 'intent', 'text', 'sources', 'ms']);
    expect(out.text).not.toMatch(/55,6|5\/9/);
  });
});
