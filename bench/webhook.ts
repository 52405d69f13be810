/**
 * Webhook benchmark: `start` runs as its own process, built and launched the way `npm start` does
 * (compiled JS under plain node; the database created and migrated beforehand by `migrate`, as a
 * deployment does, so the server's peak memory is its own), in Telegram webhook mode with the real
 * core, embedded PGlite and update ids claimed in the database, against a Bot API stub on 127.0.0.1 that takes the
 * replies; an open-loop sender (bench/open-loop.ts) posts realistic Telegram updates (citizen questions from the test fixtures,
 * many chats, unique update ids) to /webhook/telegram on loopback. Baseline in the same run: GET
 * /healthz on the same server (the HTTP floor). Reports the webhook's updates/s and ack latency,
 * how long the answers took to be delivered, errors and the server's peak RSS. Prints one JSON object.
 *
 * By default the load is offered at 500 updates/s (the target); `--rate 0` sends as fast as the
 * connections allow. `--mix smalltalk` sends greetings/thanks only, which skips retrieval and so
 * measures the channel path rather than the answer engine. `DATABASE_URL` runs the server on
 * PostgreSQL instead of the embedded PGlite.
 *
 *   npm run bench:webhook -- [--duration 10] [--warmup 3] [--connections 50] [--chats 2000] [--rate 500] [--mix questions|smalltalk]
 *
 * `--polling` measures long polling instead: the server polls the stub (no webhook), `--updates`
 * updates (default 2000) are queued at once, and the time until the last reply gives updates/s.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { FakeTelegram } from '../test/helpers/telegram-bot-api.ts';
import { openLoop } from './open-loop.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const DURATION = arg('duration', 10);
// Unmeasured load first: the server's first seconds under load are JIT compilation and new sockets.
const WARMUP = arg('warmup', 3);
const CONNECTIONS = arg('connections', 50);
const CHATS = arg('chats', 2000);
const RATE = arg('rate', 500);
const MIX = process.argv.includes('--mix') ? process.argv[process.argv.indexOf('--mix') + 1] : 'questions';
const SECRET = 'bench-webhook-secret';
const POLLING = process.argv.includes('--polling');
const POLL_UPDATES = arg('updates', 2000);
const TARGET = { updates_per_s: 500, p99_ms: 100, rss_mib: 250 };

const questions: string[] = [];
if (MIX === 'smalltalk') questions.push('xin chào', 'cảm ơn', 'chào bạn', 'cảm ơn nhiều');
else
  for (const f of ['questions-portal.jsonl', 'questions-vneid-payment.jsonl']) {
    const path = new URL(`../test/fixtures/${f}`, import.meta.url);
    try {
      for (const line of readFileSync(path, 'utf8').split('\n')) if (line.trim()) questions.push(JSON.parse(line).q);
    } catch {
      // a fixture file missing only narrows the mix
    }
  }
if (questions.length === 0) questions.push('nộp hồ sơ trực tuyến thế nào', 'quên mật khẩu VNeID', 'xin chào');

const mib = (b: number) => Math.round(b / 1048576);

function peakRssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}

function gauge(metrics: string, name: string): number | null {
  const m = new RegExp(`^${name} ([\\d.e+-]+)`, 'm').exec(metrics);
  return m ? Math.round(Number(m[1]) * 1000 * 10) / 10 : null;
}

/** p-quantile of a Prometheus histogram (upper bound of the bucket holding it). */
function histogramQuantile(metrics: string, name: string, q: number): number | null {
  const buckets: { le: number; count: number }[] = [];
  for (const m of metrics.matchAll(new RegExp(`^${name}_bucket\\{le="([^"]+)",channel="telegram"\\} (\\d+)`, 'gm'))) {
    buckets.push({ le: m[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(m[1]), count: Number(m[2]) });
  }
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return null;
  const hit = buckets.find((b) => b.count >= q * total);
  return hit ? hit.le * 1000 : null;
}

const root = new URL('..', import.meta.url).pathname;
const main = `${root}dist/bot/cli/main.js`;

/** What `npm start` runs: the build, then plain node on dist/. */
function build(): void {
  execFileSync(process.execPath, [`${root}scripts/build.mjs`], { stdio: ['ignore', 'ignore', 'inherit'] });
}

function baseEnv(dataDir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'error',
    // A PostgreSQL server instead of the embedded PGlite (the multi-replica setup).
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    // As README recommends for deployments: glibc's per-thread malloc arenas cost the server 20–25 MiB.
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
    // ANSWER_THREADS=0 compares answering on the main thread.
    ...(process.env.ANSWER_THREADS ? { ANSWER_THREADS: process.env.ANSWER_THREADS } : {}),
  };
}

/** The node flags `npm start` runs the server with (its heap cap), read from package.json. */
function startNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { scripts: { start: string } };
  return /node ((?:--[\w-]+(?:=\S+)? )*)dist\/bot\/cli\/main\.js start/.exec(pkg.scripts.start)?.[1]?.trim().split(' ') ?? [];
}

/** Creates and migrates the database in its own process, as a deployment's migrate step does. */
function migrate(dataDir: string): void {
  execFileSync(process.execPath, [main, 'migrate'], { env: baseEnv(dataDir), stdio: ['ignore', 'ignore', 'inherit'] });
}

async function startServer(tg: FakeTelegram, dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server.
  const nodeArgs = [...startNodeFlags(), ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, main, 'start', '--no-chat'], {
    env: {
      ...baseEnv(dataDir),
      PORT: '0',
      HOST: '127.0.0.1',
      RATE_LIMIT_PER_MINUTE: '100000',
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      ...(POLLING ? {} : { TELEGRAM_WEBHOOK_URL: 'https://bench.example.vn/webhook/telegram', TELEGRAM_WEBHOOK_SECRET: SECRET }),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const port = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`start did not come up:\n${stderr}`)), 180_000);
    child.once('exit', (code) => reject(new Error(`start exited with ${code}:\n${stderr}`)));
    child.stderr!.on('data', (d) => {
      stderr += String(d);
      const m = /127\.0\.0\.1:(\d+)\/healthz/.exec(stderr);
      if (m) {
        clearTimeout(t);
        resolve(Number(m[1]));
      }
    });
  });
  return { child, port };
}

interface Load {
  generator: 'open-loop' | 'autocannon';
  updatesPerSecond: number;
  total: number;
  ok: number;
  latency: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** At a fixed rate: our open-loop sender (see open-loop.ts); `--rate 0`: autocannon, flat out. */
async function postUpdates(url: string, headers: Record<string, string>): Promise<Load> {
  if (RATE > 0) {
    const r = await openLoop({ url, rate: RATE, durationSeconds: DURATION, connections: CONNECTIONS, headers, body: update });
    return {
      generator: 'open-loop',
      updatesPerSecond: r.achievedRate,
      total: r.sent,
      ok: r.ok,
      latency: r.latencyMs,
      errors: r.errors,
      timeouts: r.timeouts,
      non2xx: r.non2xx,
    };
  }
  const r = await run({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [{ method: 'POST', headers, setupRequest: (req) => ({ ...req, body: update() }) }],
  });
  return {
    generator: 'autocannon',
    updatesPerSecond: Math.round(r.requests.average),
    total: r.requests.total,
    ok: r['2xx'],
    latency: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
  };
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

const tg = await new FakeTelegram().listen();
const dataDir = mkdtempSync(join(tmpdir(), 'bench-webhook-'));
build();
migrate(dataDir);
const { child, port } = await startServer(tg, dataDir);
const base = `http://127.0.0.1:${port}`;

// Unique across runs, as a shared PostgreSQL database keeps the claimed ids.
let updateId = Date.now() * 1000;
let messageId = 1;
function update(): string {
  const chat = 1_000_000 + Math.floor(Math.random() * CHATS);
  return JSON.stringify({
    update_id: updateId++,
    message: {
      message_id: messageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chat, type: 'private', first_name: 'Lan' },
      from: { id: chat, is_bot: false, first_name: 'Lan', language_code: 'vi' },
      text: questions[Math.floor(Math.random() * questions.length)],
    },
  });
}
const replies = () => tg.callsOf('sendMessage').length;
const waitReplies = async (n: number, ms: number) => {
  const until = Date.now() + ms;
  while (replies() < n && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  return replies() >= n;
};

if (POLLING) {
  try {
    // Warm up (index, JIT), then everything queued at once: the rate is what polling can take.
    for (let i = 0; i < 20; i++) await tg.push(JSON.parse(update()));
    await waitReplies(20, 60_000);
    const before = replies();
    const t0 = Date.now();
    for (let i = 0; i < POLL_UPDATES; i++) await tg.push(JSON.parse(update()));
    const drained = await waitReplies(before + POLL_UPDATES, 180_000);
    const seconds = (Date.now() - t0) / 1000;
    const metrics = await (await fetch(`${base}/metrics`)).text();
    child.kill('SIGTERM');
    const exitCode = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    const result = {
      bench: 'webhook',
      mode: 'polling',
      setup: {
        database: process.env.DATABASE_URL ? 'postgresql' : 'pglite',
        mix: MIX,
        chats: CHATS,
        cores: availableParallelism(),
        load_average_1m: Math.round(loadavg()[0]! * 10) / 10,
      },
      updates: POLL_UPDATES,
      all_delivered: drained,
      seconds_until_last_reply: Math.round(seconds * 10) / 10,
      updates_per_s: Math.round((replies() - before) / seconds),
      get_updates_calls: tg.callsOf('getUpdates').length,
      answer_latency_ms_bucket: {
        p50: histogramQuantile(metrics, 'dvc_answer_latency_seconds', 0.5),
        p99: histogramQuantile(metrics, 'dvc_answer_latency_seconds', 0.99),
      },
      shutdown_exit_code: exitCode,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await tg.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(0);
}

try {
  // Warm up: the first answers load the index and JIT the paths.
  const headers = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET };
  for (let i = 0; i < 20; i++) await fetch(`${base}/webhook/telegram`, { method: 'POST', headers, body: update() });
  await waitReplies(20, 60_000);
  const warm = replies();

  const baseline = await run({ url: `${base}/healthz`, connections: CONNECTIONS, duration: Math.max(3, DURATION / 2) });

  if (WARMUP > 0 && RATE > 0) {
    const w = await openLoop({
      url: `${base}/webhook/telegram`,
      rate: RATE,
      durationSeconds: WARMUP,
      connections: CONNECTIONS,
      headers,
      body: update,
    });
    await waitReplies(warm + w.ok, 120_000);
  }

  const lifetimePeakBefore = peakRssOf(child.pid!);
  // Linux resets the peak-RSS mark on "5" to clear_refs: the peak then covers the measured load only
  // (not start-up, the flat-out /healthz baseline or the warm-up).
  let loadPeakMeasured = true;
  try {
    writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
  } catch {
    loadPeakMeasured = false;
  }
  const sentBefore = replies();
  const t0 = Date.now();
  const load = await postUpdates(`${base}/webhook/telegram`, headers);
  const accepted = load.ok;
  const drained = await waitReplies(sentBefore + accepted, 120_000);
  const processingSeconds = (Date.now() - t0) / 1000;
  const delivered = replies() - sentBefore;
  const metrics = await (await fetch(`${base}/metrics`)).text();
  const loadRss = peakRssOf(child.pid!);
  const rss = loadPeakMeasured ? loadRss : Math.max(loadRss, lifetimePeakBefore);

  const t1 = Date.now();
  child.kill('SIGTERM');
  const exitCode = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  const shutdownMs = Date.now() - t1;

  const result = {
    bench: 'webhook',
    setup: {
      database: process.env.DATABASE_URL ? 'postgresql' : 'pglite',
      duration_s: DURATION,
      offered_rate: RATE > 0 ? RATE : 'max',
      mix: MIX,
      connections: CONNECTIONS,
      chats: CHATS,
      questions: questions.length,
      warmup_replies: warm,
      warmup_s: RATE > 0 ? WARMUP : 0,
      server_node_flags: startNodeFlags().join(' '),
      server_malloc_arena_max: process.env.MALLOC_ARENA_MAX ?? '2',
      answer_threads: Number(process.env.ANSWER_THREADS ?? 1),
      cores: availableParallelism(),
      // Other processes on the machine skew latency; the load average says how much.
      load_average_1m: Math.round(loadavg()[0]! * 10) / 10,
    },
    baseline_healthz: {
      requests_per_s: Math.round(baseline.requests.average),
      latency_ms: { p50: baseline.latency.p50, p99: baseline.latency.p99 },
    },
    webhook: {
      load_generator: load.generator,
      updates_per_s: load.updatesPerSecond,
      total: load.total,
      latency_ms: load.latency,
      errors: load.errors,
      timeouts: load.timeouts,
      non_2xx: load.non2xx,
      // Measured inside the server: what the load generator adds on top is its own queueing.
      server_ack_ms_bucket: {
        p50: histogramQuantile(metrics, 'dvc_webhook_ack_seconds', 0.5),
        p99: histogramQuantile(metrics, 'dvc_webhook_ack_seconds', 0.99),
      },
      vs_baseline: Math.round((load.updatesPerSecond / baseline.requests.average) * 100) / 100,
    },
    processing: {
      replies_delivered: delivered,
      all_delivered: drained,
      seconds_until_last_reply: Math.round(processingSeconds * 10) / 10,
      replies_per_s: Math.round(delivered / processingSeconds),
      answer_latency_ms_bucket: {
        p50: histogramQuantile(metrics, 'dvc_answer_latency_seconds', 0.5),
        p99: histogramQuantile(metrics, 'dvc_answer_latency_seconds', 0.99),
      },
      send_errors: Number(/dvc_errors_total\{channel="telegram",stage="send"\} (\d+)/.exec(metrics)?.[1] ?? 0),
    },
    // Webhook acknowledgements wait for the event loop, so its delay explains ack latency.
    event_loop_delay_ms: {
      p99: gauge(metrics, 'dvc_nodejs_eventloop_lag_p99_seconds'),
      max: gauge(metrics, 'dvc_nodejs_eventloop_lag_max_seconds'),
    },
    gc_seconds: Number(/^dvc_nodejs_gc_duration_seconds_sum\{kind="major"\} ([\d.e-]+)/m.exec(metrics)?.[1] ?? 0),
    // Peak during the measured load (what the target is about), and over the server's whole life.
    peak_rss_mib: mib(rss),
    peak_rss_lifetime_mib: mib(Math.max(loadRss, lifetimePeakBefore)),
    shutdown: { exit_code: exitCode, ms: shutdownMs },
    target: TARGET,
    meets_target:
      load.updatesPerSecond >= TARGET.updates_per_s &&
      load.latency.p99 <= TARGET.p99_ms &&
      mib(rss) <= TARGET.rss_mib &&
      load.errors === 0 &&
      load.non2xx === 0,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  if (child.exitCode === null) child.kill('SIGKILL');
  await tg.close();
  rmSync(dataDir, { recursive: true, force: true });
}
