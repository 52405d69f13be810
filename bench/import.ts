/**
 * Import benchmark: N generated dossier rows (default 1,000,000) loaded by `importDossiers` into a
 * fresh embedded PGlite database, against a naive baseline measured in the same run (the query
 * builder's multi-row INSERT on a sample, extrapolated). Prints one JSON object.
 *
 *   npx tsx bench/import.ts [--rows 1000000] [--baseline-rows 5000] [--keep]
 *
 * `cpu_s` counts both threads (the file is parsed in a worker while the main thread writes);
 * `load_avg_1m` says how busy the machine was, since wall-clock times stretch with it.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DEMO_UNITS, dossierCsv, manyDossiers, unitsCsv } from '../src/indicators/demo.ts';
import { importDossiers, importUnits } from '../src/indicators/import/index.ts';
import { refreshDailyStats } from '../src/indicators/rollup.ts';
import { openDatabase } from '../src/store/db.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const ROWS = arg('rows', 1_000_000);
const BASELINE_ROWS = arg('baseline-rows', 5_000);
const NOW = new Date('2025-11-20T17:00:00+07:00');
const TARGET_S = 60;

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);
const mib = (b: number) => Math.round(b / 1048576);
const secs = (ms: number) => Math.round(ms) / 1000;

const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
const file = join(dir, 'dossiers.csv');
let t = performance.now();
await pipeline(Readable.from(dossierCsv(manyDossiers(ROWS, NOW), 5000)), createWriteStream(file));
const generateMs = performance.now() - t;

const db = await openDatabase({ dataDir: join(dir, 'data') });
try {
  await importUnits(db.kysely, Readable.from([unitsCsv()]));

  t = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await importDossiers(db.kysely, file);
  const importMs = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  const [check] = await db.sql.query<{ dossiers: number; received: number; completed: number; done: number }>(
    `SELECT (SELECT count(*)::int FROM dossiers) AS dossiers, (SELECT count(*)::int FROM dossiers WHERE ngay_hoan_thanh IS NOT NULL) AS done,
            sum(received)::int AS received, sum(completed)::int AS completed FROM daily_stats`,
  );

  // Re-import of the first 10 %: every row becomes an update and the roll-up follows.
  const reFile = join(dir, 'reimport.csv');
  const reRows = Math.max(1, Math.floor(ROWS / 10));
  await pipeline(Readable.from(dossierCsv(manyDossiers(reRows, NOW, 99), 5000)), createWriteStream(reFile));
  t = performance.now();
  const re = await importDossiers(db.kysely, reFile);
  const reimportMs = performance.now() - t;

  // The roll-up recomputed from scratch over every dossier ("scan all rows").
  t = performance.now();
  await refreshDailyStats(db.kysely);
  const fullRollupMs = performance.now() - t;

  // Naive baseline: the query builder's bulk insert, no roll-up, on a sample with fresh codes.
  const sample = [...manyDossiers(BASELINE_ROWS, NOW, 3)].map((d) => ({
    ...d,
    ma_ho_so: `N${d.ma_ho_so}`,
    ngay_tiep_nhan: new Date(d.ngay_tiep_nhan),
    han_xu_ly: new Date(d.han_xu_ly),
    ngay_hoan_thanh: d.ngay_hoan_thanh === null ? null : new Date(d.ngay_hoan_thanh),
  }));
  t = performance.now();
  for (let i = 0; i < sample.length; i += 5000) await db.kysely.insertInto('dossiers').values(sample.slice(i, i + 5000)).execute();
  const baselineMs = performance.now() - t;
  const baselineRowsPerS = BASELINE_ROWS / (baselineMs / 1000);

  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  const out = {
    benchmark: 'import-dossiers',
    backend: db.backend,
    rows: ROWS,
    units: DEMO_UNITS.length,
    file_mib: mib(statSync(file).size),
    generate_s: secs(generateMs),
    import_s: secs(importMs),
    import_rows_per_s: Math.round(ROWS / (importMs / 1000)),
    import_cpu_s: secs((cpu.user + cpu.system) / 1000),
    target_s: TARGET_S,
    meets_target: importMs / 1000 <= TARGET_S * (ROWS / 1_000_000),
    inserted: result.inserted,
    updated: result.updated,
    reimport: { rows: reRows, seconds: secs(reimportMs), updated: re.updated },
    rollup_full_recompute_s: secs(fullRollupMs),
    baseline: {
      method: 'query builder multi-row INSERT (Kysely), 5000 rows per statement, no roll-up',
      sample_rows: BASELINE_ROWS,
      sample_s: secs(baselineMs),
      rows_per_s: Math.round(baselineRowsPerS),
      extrapolated_s: Math.round(ROWS / baselineRowsPerS),
    },
    speedup_vs_baseline: Math.round((ROWS / (importMs / 1000) / baselineRowsPerS) * 10) / 10,
    consistent:
      check?.dossiers === ROWS && check.received === ROWS && check.completed === check.done,
    peak_rss_mib: mib(peakRss),
    load_avg_1m: Math.round(loadavg()[0]! * 100) / 100,
    cpus: (await import('node:os')).cpus().length,
    max_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
} finally {
  clearInterval(sampler);
  await db.close();
  if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
}
