/**
 * Collects calls made in the same turn of the event loop and runs them as one statement. Under
 * load, messages from many chats are in flight at once; one round trip (and on PGlite one commit)
 * for all of them costs about what one costs alone, so throughput grows with the load instead of
 * the database becoming the queue. At low load a call waits only for the next `setImmediate`.
 */
export class Batcher<I, O> {
  private items: I[] = [];
  private waiters: { resolve: (o: O) => void; reject: (err: unknown) => void }[] = [];
  private scheduled = false;

  /**
   * `run` receives the batch and returns one result per item, in the same order. If it throws,
   * every caller in the batch gets the error.
   */
  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly maxBatch = 200,
  ) {}

  push(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.items.push(item);
      this.waiters.push({ resolve, reject });
      if (this.items.length >= this.maxBatch) void this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const items = this.items;
    const waiters = this.waiters;
    this.items = [];
    this.waiters = [];
    if (items.length === 0) return;
    try {
      const out = await this.run(items);
      if (out.length !== items.length) throw new Error(`batch returned ${out.length} results for ${items.length} items`);
      for (const [i, w] of waiters.entries()) w.resolve(out[i] as O);
    } catch (err) {
      for (const w of waiters) w.reject(err);
    }
  }
}
