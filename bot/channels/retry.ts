export interface RetryOptions {
  /** Attempts in total, the first included. */
  attempts: number;
  /** Delay before retry n (1-based), in ms. */
  delayMs: (retry: number, err: unknown) => number;
  retryable: (err: unknown) => boolean;
  onRetry?: (err: unknown, retry: number, delayMs: number) => void;
  signal?: AbortSignal;
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

/** Exponential backoff with jitter: base·2^(n−1), capped, ±20 %. */
export const backoff = (baseMs: number, capMs: number) => (retry: number) => {
  const d = Math.min(capMs, baseMs * 2 ** (retry - 1));
  return Math.round(d * (0.8 + Math.random() * 0.4));
};

export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= opts.attempts || !opts.retryable(err) || opts.signal?.aborted) throw err;
      const delay = opts.delayMs(attempt, err);
      opts.onRetry?.(err, attempt, delay);
      await sleep(delay, opts.signal);
    }
  }
}
