/**
 * Officer figures benchmark: N generated dossiers (default 1,000,000) imported into a fresh
 * embedded PGlite database, then officer questions (metric × period × unit) answered end to end
 * by the figure skill — parsing, roll-up query, target, previous period — against a naive
 * baseline in the same run that scans every dossier row to compute the same figure. Also the
 * quick report and peak memory. Prints one JSON object.
 *
 *   npm run bench:indicators -- [--rows 1000000] [--baseline-samples 8] [--data DIR]
 *
 * `--data DIR` keeps the database in DIR and, when it already holds the rows, reuses it (no import).
 */
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { loadConfig } from '../src/config.ts';
import type { OfficerContext } from '../src/core/officer-guard.ts';
import type { ChatState } from '../src/core/skill.ts';
import { DEMO_UNITS, dossierCsv, manyDossiers, unitsCsv } from '../src/indicators/demo.ts';
import { createFigureSkill } from '../src/indicators/figure-skill.ts';
import { type Counters, countOf, rateOf } from '../src/indicators/figures.ts';
import { importDossiers, importUnits } from '../src/indicators/import/index.ts';
import { METRICS, type RateMetric } from '../src/indicators/metrics.ts';
import { buildQuickReport } from '../src/indicators/quick-report.ts';
import { loadUnits } from '../src/indicators/units.ts';
import { createLogger } from '../src/log.ts';
import { openDatabase } from '../src/store/db.ts';
import type { Sql } from '../src/store/sql.ts';
import { vnDaySql } from '../src/time/vietnam.ts';
import { type ItemResult, loadOfficerSet, OFFICER_SET_BLIND, runOfficerSet } from '../test/helpers/officer-set.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const ROWS = arg('rows', 1_000_000);
const BASELINE_SAMPLES = arg('baseline-samples', 8);
const dataArg = process.argv.indexOf('--data');
const KEEP_DIR = dataArg >= 0 ? process.argv[dataArg + 1] : undefined;
const NOW = new Date('2025-11-20T15:00:00+07:00');
const TARGET_P95_MS = 30;

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);
const mib = (b: number) => Math.round(b / 1048576);
const ms = (x: number) => Math.round(x * 100) / 100;

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50_ms: ms(quantile(s, 0.5)), p95_ms: ms(quantile(s, 0.95)), max_ms: ms(s[s.length - 1] ?? Number.NaN) };
}

/** The naive way: every figure straight from the dossier rows, periods cut in SQL. */
async function naiveCounters(sql: Sql, path: string, from: string, to: string): Promise<Counters> {
  const rows = await sql.query<Counters>(
    `WITH d AS (
       SELECT d.*, ${vnDaySql('d.ngay_tiep_nhan')} AS rday,
              ${vnDaySql('d.ngay_hoan_thanh')} AS cday
         FROM dossiers d JOIN units u ON u.code = d.ma_don_vi WHERE u.path LIKE $1)
     SELECT count(*) FILTER (WHERE rday BETWEEN $2::date AND $3::date)::int AS "received",
            count(*) FILTER (WHERE rday BETWEEN $2::date AND $3::date AND kenh_nop = 'truc_tuyen')::int AS "receivedOnline",
            count(*) FILTER (WHERE rday BETWEEN $2::date AND $3::date AND co_phi)::int AS "receivedWithFee",
            count(*) FILTER (WHERE rday BETWEEN $2::date AND $3::date AND co_phi AND thanh_toan_truc_tuyen)::int AS "paidOnline",
            count(*) FILTER (WHERE rday BETWEEN $2::date AND $3::date AND da_so_hoa)::int AS "digitized",
            count(*) FILTER (WHERE cday BETWEEN $2::date AND $3::date)::int AS "completed",
            count(*) FILTER (WHERE cday BETWEEN $2::date AND $3::date
                               AND cday < ${vnDaySql('han_xu_ly')})::int AS "completedEarly",
            count(*) FILTER (WHERE cday BETWEEN $2::date AND $3::date AND ngay_hoan_thanh > han_xu_ly)::int AS "completedLate",
            count(*) FILTER (WHERE cday BETWEEN $2::date AND $3::date AND ket_qua_dien_tu)::int AS "eResult"
       FROM d`,
    [`${path}%`, from, to],
  );
  return rows[0]!;
}

const dir = KEEP_DIR ?? mkdtempSync(join(tmpdir(), 'bench-indicators-'));
mkdirSync(dir, { recursive: true });
const db = await openDatabase({ dataDir: join(dir, 'data') });
try {
  const [have] = await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM dossiers');
  const reuse = KEEP_DIR !== undefined && have!.n === ROWS;
  let t = performance.now();
  let imported: { inserted: number } | null = null;
  let importMs = Number.NaN;
  if (!reuse) {
    await importUnits(db.kysely, Readable.from([unitsCsv()]));
    const file = join(dir, 'dossiers.csv');
    await pipeline(Readable.from(dossierCsv(manyDossiers(ROWS, NOW), 5000)), createWriteStream(file));
    t = performance.now();
    imported = await importDossiers(db.kysely, file);
    importMs = performance.now() - t;
    rmSync(file, { force: true });
  }

  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
  const log = createLogger('silent');
  const skill = await createFigureSkill({ config, db });
  const units = await loadUnits(db.kysely);
  const turn = (unitCode: string): OfficerContext => {
    const chat: ChatState = { lastTopic: null, lastGuideId: null, mode: 'normal', step: 0, data: {} };
    return {
      now: NOW,
      chat,
      updateChat: (patch) => Object.assign(chat, patch),
      officer: { officerId: 1, unitCode, unitName: unitCode, displayName: 'bench' },
      log,
    };
  };

  const metrics: [string, string][] = [
    ['online_rate', 'tỷ lệ trực tuyến'],
    ['online_payment_rate', 'tỷ lệ thanh toán trực tuyến'],
    ['on_time_rate', 'tỷ lệ giải quyết đúng hạn'],
    ['late_rate', 'hồ sơ trễ hạn'],
    ['digitized_rate', 'tỷ lệ số hóa'],
    ['e_result_rate', 'tỷ lệ trả kết quả điện tử'],
    ['received', 'số hồ sơ tiếp nhận'],
    ['completed', 'số hồ sơ đã giải quyết'],
    ['overdue_open', 'hồ sơ quá hạn đang giải quyết'],
    ['index_766', 'điểm bộ chỉ số 766'],
  ];
  const periods = ['hôm nay', 'tuần này', 'tháng này', 'tháng trước', 'quý này', 'quý 3', '6 tháng đầu năm', 'năm nay', 'từ 1/10 đến 15/10'];
  const officerUnits = ['TINH', 'SYT', 'SYT.NV1', 'XA.ANPHU'];
  type Case = { q: string; unit: string; metric: string };
  const cases: Case[] = [];
  for (const unit of officerUnits) for (const [metric, m] of metrics) for (const p of periods) cases.push({ q: `${m} ${p}`, unit, metric });

  // Warm-up (query plans, JIT of the parser), then the timed pass.
  for (const c of cases.slice(0, 20)) await skill.handle({ channel: 'cli', chatId: 'b', userId: 'b', text: c.q, now: NOW }, turn(c.unit));
  const figureMs: number[] = [];
  // CPU time of this process per question (PGlite runs in-process): steadier than wall time
  // when other work shares the machine.
  const figureCpuMs: number[] = [];
  const perMetric = new Map<string, number[]>();
  const answers: { c: Case; numerator: number | null; denominator: number | null; from: string; to: string }[] = [];
  let unanswered = 0;
  for (const c of cases) {
    const cpu = process.cpuUsage();
    t = performance.now();
    const reply = await skill.handle({ channel: 'cli', chatId: 'b', userId: 'b', text: c.q, now: NOW }, turn(c.unit));
    const took = performance.now() - t;
    const used = process.cpuUsage(cpu);
    figureCpuMs.push((used.user + used.system) / 1000);
    figureMs.push(took);
    perMetric.set(c.metric, [...(perMetric.get(c.metric) ?? []), took]);
    if (!reply.figure || reply.figure.metric !== c.metric) unanswered++;
    else answers.push({ c, numerator: reply.figure.numerator, denominator: reply.figure.denominator, from: reply.figure.period.from, to: reply.figure.period.to });
  }
  const breakdownMs: number[] = [];
  for (const p of periods) {
    t = performance.now();
    await skill.handle({ channel: 'cli', chatId: 'b', userId: 'b', text: `tỷ lệ trực tuyến ${p} theo đơn vị`, now: NOW }, turn('TINH'));
    breakdownMs.push(performance.now() - t);
  }

  // Baseline: the same figures by scanning all dossier rows; also checks they agree.
  const checkable = answers.filter((a) => METRICS[a.c.metric as keyof typeof METRICS].kind !== 'index' && a.c.metric !== 'overdue_open');
  const step = Math.max(1, Math.floor(checkable.length / BASELINE_SAMPLES));
  const baselineMs: number[] = [];
  const mismatches: string[] = [];
  for (let i = 0; i < checkable.length && baselineMs.length < BASELINE_SAMPLES; i += step) {
    const a = checkable[i]!;
    const unit = units.find((u) => u.code === a.c.unit)!;
    t = performance.now();
    const c = await naiveCounters(db.sql, unit.path, a.from, a.to);
    const info = METRICS[a.c.metric as keyof typeof METRICS];
    const naive = info.kind === 'rate' ? rateOf(a.c.metric as RateMetric, c) : { numerator: countOf(a.c.metric as 'received' | 'completed', c), denominator: null };
    baselineMs.push(performance.now() - t);
    if (naive.numerator !== a.numerator || naive.denominator !== a.denominator) {
      mismatches.push(`${a.c.unit} "${a.c.q}": roll-up ${a.numerator}/${a.denominator}, scan ${naive.numerator}/${naive.denominator}`);
    }
  }

  // The officer question set (test/fixtures/officer-questions.jsonl) as officers type it: routed,
  // follow-ups included, judged on metric, unit and period; figures are checked in its test.
  // The blind set (test/fixtures/officer-questions-blind.jsonl) was written before reading the wording code.
  const set = await runOfficerSet(skill, NOW);
  const blind = await runOfficerSet(skill, NOW, loadOfficerSet(OFFICER_SET_BLIND));
  const summary = (xs: ItemResult[]) => {
    const right = xs.filter((r) => r.wrong === null && r.wrongUnits.length === 0).length;
    const wall = stats(xs.map((r) => r.ms));
    const wrongUnit = xs.filter((r) => r.wrongUnits.length > 0).length;
    return {
      questions: xs.length,
      right,
      recognition_rate: Math.round((right / xs.length) * 1000) / 10,
      not_recognised: xs.filter((r) => r.unrecognised && r.wrongUnits.length === 0).length,
      wrong_unit_answers: wrongUnit,
      ...wall,
      cpu_time: stats(xs.map((r) => r.cpuMs)),
      targets: { recognition_rate: 95, wrong_unit_answers: 0, p95_ms: TARGET_P95_MS },
      meets_targets: right / xs.length >= 0.95 && wrongUnit === 0 && wall.p95_ms <= TARGET_P95_MS,
      not_right: xs.filter((r) => r.wrong !== null || r.wrongUnits.length > 0).slice(0, 10).map((r) => `${r.item.officer} "${r.item.q}": ${r.wrong ?? `wrong unit ${r.wrongUnits}`}`),
      slowest: [...xs].sort((a, b) => b.ms - a.ms).slice(0, 8).map((r) => `${ms(r.ms)} ms ${r.item.officer} "${r.item.q}"`),
    };
  };

  const reportMs: number[] = [];
  for (const unit of ['TINH', 'SYT', 'SYT.NV1', 'XA.ANPHU', 'TINH', 'SYT']) {
    t = performance.now();
    await buildQuickReport(db, unit, NOW);
    reportMs.push(performance.now() - t);
  }

  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  const figure = stats(figureMs);
  const baseline = stats(baselineMs);
  const out = {
    benchmark: 'indicators',
    backend: db.backend,
    rows: ROWS,
    units: DEMO_UNITS.length,
    import: reuse
      ? { reused: dir }
      : { seconds: Math.round(importMs) / 1000, rows_per_s: Math.round(ROWS / (importMs / 1000)), inserted: imported?.inserted },
    figure_query: { ...figure, questions: cases.length, unanswered, target_p95_ms: TARGET_P95_MS, meets_target: figure.p95_ms <= TARGET_P95_MS },
    officer_set: summary(set),
    officer_set_blind: summary(blind),
    figure_query_cpu_time: stats(figureCpuMs),
    load_average_1m: Math.round(loadavg()[0]! * 100) / 100,
    cpus: cpus().length,
    figure_query_by_metric: Object.fromEntries([...perMetric].map(([m, xs]) => [m, stats(xs)])),
    breakdown_query: stats(breakdownMs),
    baseline_scan_all_rows: { ...baseline, method: 'same figure computed from every dossier row (AT TIME ZONE per row), no roll-up' },
    speedup_p50_vs_baseline: Math.round((baseline.p50_ms / figure.p50_ms) * 10) / 10,
    figures_agree_with_scan: mismatches.length === 0,
    mismatches: mismatches.slice(0, 5),
    quick_report: stats(reportMs),
    peak_rss_mib: mib(peakRss),
    max_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
} finally {
  clearInterval(sampler);
  await db.close();
  if (!KEEP_DIR) rmSync(dir, { recursive: true, force: true });
}
