/**
 * An open-loop load generator: requests leave at a fixed rate whatever the server does, and each
 * latency is measured from the moment the request was *due*, so a stalled server cannot hide its
 * stall by slowing the sender (coordinated omission).
 *
 * Why not autocannon's `overallRate` for this: each connection sends its per-second quota as fast
 * as it can and then waits for the next second, so 500 updates/s arrive as one burst per second;
 * and its coordinated-omission correction takes 1/rate seconds as milliseconds, which fills the
 * histogram with made-up high values (a do-nothing server on loopback showed p90 45 ms, p99 94 ms).
 * autocannon stays for the closed-loop runs (the /healthz baseline, `--rate 0`).
 */
import http from 'node:http';

export interface OpenLoopOptions {
  url: string;
  /** Requests per second. */
  rate: number;
  durationSeconds: number;
  /** Keep-alive connections at most; more requests in flight wait for one (and that wait counts). */
  connections: number;
  method?: string;
  headers?: Record<string, string>;
  body: () => string;
  /** A request without an answer after this long counts as a timeout (default 10 s). */
  timeoutMs?: number;
}

export interface OpenLoopResult {
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Acknowledged (2xx) requests per second of the sending window. */
  achievedRate: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

const round = (x: number) => Math.round(x * 10) / 10;

export async function openLoop(opts: OpenLoopOptions): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const url = new URL(opts.url);
  const total = Math.round(opts.rate * opts.durationSeconds);
  const interval = 1000 / opts.rate;
  const latencies: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  const pending = new Set<Promise<void>>();

  const fire = (due: number) => {
    const body = opts.body();
    const p = new Promise<void>((resolve) => {
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method: opts.method ?? 'POST',
          headers: { ...opts.headers, 'content-length': Buffer.byteLength(body) },
          timeout: opts.timeoutMs ?? 10_000,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - due);
            if (res.statusCode! >= 200 && res.statusCode! < 300) ok++;
            else non2xx++;
            resolve();
          });
        },
      );
      let timedOut = false;
      req.on('timeout', () => {
        timedOut = true;
        timeouts++;
        req.destroy(new Error('timeout'));
      });
      req.on('error', () => {
        if (!timedOut) errors++;
        resolve();
      });
      req.end(body);
    });
    pending.add(p);
    void p.then(() => pending.delete(p));
  };

  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const now = performance.now();
    // Everything due by now leaves now: a late timer never lowers the offered rate.
    while (sent < total && start + sent * interval <= now) fire(start + sent++ * interval);
    const wait = start + sent * interval - performance.now();
    await new Promise((r) => (wait >= 1 ? setTimeout(r, wait) : setImmediate(r)));
  }
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    sent,
    ok,
    non2xx,
    errors,
    timeouts,
    // Over the sending window: every request acknowledged means the server took the offered rate.
    achievedRate: Math.round(ok / opts.durationSeconds),
    latencyMs: {
      p50: round(quantile(latencies, 0.5)),
      p90: round(quantile(latencies, 0.9)),
      p99: round(quantile(latencies, 0.99)),
      max: round(latencies.at(-1) ?? 0),
    },
  };
}
