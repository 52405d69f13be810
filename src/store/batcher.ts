/**
 * Runs many calls as one statement, group-commit style: one batch at a time is in flight, calls
 * made meanwhile wait for it and go together in the next, and batches start at most every
 * `minIntervalMs`. A statement costs about the same for one row as for twenty (on PGlite ~0.5 ms
 * of the main thread either way), so under load the batches grow with the traffic instead of
 * the statements; at low load a call waits only for the next `setImmediate`.
 */
export class Batcher<I, O> {
  private items: I[] = [];
  private waiters: Waiter<O>[] = [];
  private scheduled = false;
  private running = false;
  private lastStart = Number.NEGATIVE_INFINITY;
  private readonly maxBatch: number;
  private readonly minIntervalMs: number;

  private readonly isolate: (err: unknown) => boolean;

  /**
   * `run` receives the batch and returns one result per item, in the same order. If it throws an
   * error `isolate` accepts (by default: PostgreSQL refused the data itself), the batch is split in
   * halves and retried until only the items at fault fail; any other error (connection lost,
   * timeout) goes to every caller of the batch at once, as retrying item by item would only wait
   * longer for the same answer.
   */
  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    opts: { maxBatch?: number; minIntervalMs?: number; isolate?: (err: unknown) => boolean } = {},
  ) {
    this.maxBatch = opts.maxBatch ?? 200;
    this.minIntervalMs = opts.minIntervalMs ?? 0;
    this.isolate = opts.isolate ?? isDataError;
  }

  push(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.items.push(item);
      this.waiters.push({ resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running || this.items.length === 0) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      void this.flush();
    };
    const wait = this.lastStart + this.minIntervalMs - performance.now();
    // A timer counts from the event loop's cached clock, which can be a millisecond or two behind
    // performance.now(): a bare `wait` started the next batch 38.6 ms after the last one with a
    // 40 ms interval (CI, loaded machine). Rounding up and one more keeps the promised spacing.
    if (wait > 0) setTimeout(go, Math.ceil(wait) + 1);
    else setImmediate(go);
  }

  private async flush(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.lastStart = performance.now();
    const items = this.items.splice(0, this.maxBatch);
    const waiters = this.waiters.splice(0, this.maxBatch);
    try {
      await this.settle(items, waiters);
    } finally {
      this.running = false;
      this.schedule();
    }
  }

  /** Runs `items`; on an isolatable failure, each half again, so one bad item fails alone. */
  private async settle(items: I[], waiters: Waiter<O>[]): Promise<void> {
    try {
      const out = await this.run(items);
      if (out.length !== items.length) throw new Error(`batch returned ${out.length} results for ${items.length} items`);
      for (const [i, w] of waiters.entries()) w.resolve(out[i] as O);
    } catch (err) {
      if (items.length === 1 || !this.isolate(err)) {
        for (const w of waiters) w.reject(err);
        return;
      }
      const half = Math.ceil(items.length / 2);
      await this.settle(items.slice(0, half), waiters.slice(0, half));
      await this.settle(items.slice(half), waiters.slice(half));
    }
  }
}

interface Waiter<O> {
  resolve: (o: O) => void;
  reject: (err: unknown) => void;
}

/**
 * PostgreSQL refused the values of the statement (SQLSTATE class 22 data exception, e.g. a NUL
 * in text or jsonb, or 23 integrity constraint): another batch without the bad item succeeds.
 * Connection errors (08…), shutdowns (57P…) and timeouts (57014) are not: the server is at fault.
 */
export function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23)[0-9A-Z]{3}$/.test(code);
}

/**
 * Batch spacing for the statements every message makes (claim, chat state, officer lookup): at
 * 500 messages/s each becomes ~40 statements/s of ~12 rows instead of hundreds of small ones, for
 * at most this much added wait per step, and only under load.
 */
export const PER_MESSAGE_BATCH_MS = 25;
