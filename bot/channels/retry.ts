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

/** When a platform gave no retry_after: long enough for a restart or a short outage to pass. */
export const RESEND_AFTER_MS = 30_000;

/**
 * A reply that certainly did not reach the platform (connection refused, no DNS answer, 429, 5xx)
 * and was not retried further here: holding the chat's later messages behind a send that keeps
 * failing would stall them for minutes. The dispatcher leaves the update to be answered again
 * after `retryAfterMs` (by this process or, after a restart, the next).
 */
export class DeliveryDeferred extends Error {
  constructor(
    readonly retryAfterMs: number,
    override readonly cause: unknown,
  ) {
    super(`delivery deferred ${Math.round(retryAfterMs / 1000)} s: ${String(cause)}`);
  }
}

/**
 * Sends a reply's parts and turns a failure before the first part arrived into DeliveryDeferred
 * when `resendAfterMs` says asking the platform again is safe; once a part has arrived, answering
 * again would repeat it, so the error stands.
 */
export async function sendOrDefer(
  sendParts: (onSent: () => void) => Promise<void>,
  resendAfterMs: (err: unknown) => number | null,
): Promise<void> {
  let sent = 0;
  try {
    await sendParts(() => sent++);
  } catch (err) {
    const later = sent === 0 ? resendAfterMs(err) : null;
    if (later !== null) throw new DeliveryDeferred(later, err);
    throw err;
  }
}

// Errors raised before a request was written to the socket: it cannot have arrived. A timeout or a
// reset after sending may have arrived (Zalo's and Telegram's servers deliver what they received),
// so sending again would answer twice.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL']);

/** The system error code somewhere in an error's chain (`code`, `error`, `cause`), if any. */
function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const o = e as { code?: unknown; error?: unknown; cause?: unknown };
    if (typeof o.code === 'string') return o.code;
    e = o.error ?? o.cause;
  }
  return undefined;
}

/** True when the request is known not to have reached the server. */
export const certainlyNotSent = (err: unknown): boolean => NOT_SENT.has(errorCode(err) ?? '');
