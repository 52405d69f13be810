/**
 * Runs many calls as one statement, group-commit style: one batch at a time is in flight, calls
 * made meanwhile wait for it and go together in the next, and batches start at most every
 * `minIntervalMs`. A statement costs about the same for one row as for twenty (on PGlite ~0.5 ms
 * of the main thread either way), so under load the batches grow with the traffic instead of
 * the statements; at low load a call waits only for the next `setImmediate`.
 */
export class Batcher<I, O> {
  private items: I[] = [];
  private waiters: { resolve: (o: O) => void; reject: (err: unknown) => void }[] = [];
  private scheduled = false;
  private running = false;
  private lastStart = Number.NEGATIVE_INFINITY;
  private readonly maxBatch: number;
  private readonly minIntervalMs: number;

  /**
   * `run` receives the batch and returns one result per item, in the same order. If it throws,
   * every caller in the batch gets the error.
   */
  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    opts: { maxBatch?: number; minIntervalMs?: number } = {},
  ) {
    this.maxBatch = opts.maxBatch ?? 200;
    this.minIntervalMs = opts.minIntervalMs ?? 0;
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
    if (wait > 0) setTimeout(go, wait);
    else setImmediate(go);
  }

  private async flush(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.lastStart = performance.now();
    const items = this.items.splice(0, this.maxBatch);
    const waiters = this.waiters.splice(0, this.maxBatch);
    try {
      const out = await this.run(items);
      if (out.length !== items.length) throw new Error(`batch returned ${out.length} results for ${items.length} items`);
      for (const [i, w] of waiters.entries()) w.resolve(out[i] as O);
    } catch (err) {
      for (const w of waiters) w.reject(err);
    } finally {
      this.running = false;
      this.schedule();
    }
  }
}

/**
 * Batch spacing for the statements every message makes (claim, chat state, officer lookup): at
 * 500 messages/s each becomes ~40 statements/s of ~12 rows instead of hundreds of small ones, for
 * at most this much added wait per step, and only under load.
 */
export const PER_MESSAGE_BATCH_MS = 25;
