import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from '../../src/log.ts';
import type { ChannelMetrics } from '../channels/metrics.ts';
import { bodyLimit } from 'hono/body-limit';
import { json, type RouteHandler } from './server.ts';

export interface WebhookOptions {
  channel: 'telegram' | 'zalo';
  /** Header carrying the shared secret, lower case. */
  secretHeader: string;
  secret: string;
  /**
   * Takes the parsed body; resolves once the update is recorded as taken (not when it is
   * answered). The platform gets 200 after that, 503 if it throws.
   */
  onUpdate: (body: Record<string, unknown>) => Promise<unknown>;
  metrics: ChannelMetrics;
  log: Logger;
  maxBytes?: number;
  /** When true the update is refused with 503 + Retry-After, so the platform delivers it later. */
  busy?: () => boolean;
  /** Until true (the channel has started), updates are refused with 503 + Retry-After, never taken and lost. */
  ready?: () => boolean;
}

export function secretMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  // Digests have equal lengths, so the comparison time says nothing about the secret's length.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected)) && expected.length > 0;
}

/**
 * A platform webhook: the secret header is checked before the body is read (401 otherwise), the
 * body must be a JSON object (400 otherwise, nothing processed), and the platform gets its 200 as
 * soon as the update is claimed — the answer is produced after.
 */
export function webhookHandler(opts: WebhookOptions): RouteHandler {
  const { channel, metrics, log } = opts;
  const limited = bodyLimit({
    maxSize: opts.maxBytes ?? 1024 * 1024,
    // The rest of the body is not read: the connection cannot carry another request after it.
    onError: (c) => {
      c.header('connection', 'close');
      return json(c, 413, { ok: false, error: 'body too large' });
    },
  });
  return async (c) => {
    const started = performance.now();
    if (!secretMatches(c.req.header(opts.secretHeader), opts.secret)) {
      metrics.errors.inc({ channel, stage: 'webhook_secret' });
      log.warn({ channel, ip: c.env.incoming.socket.remoteAddress }, 'webhook request with a wrong secret refused');
      // Not a byte of the body is read for a stranger: the connection is closed after the answer.
      c.header('connection', 'close');
      return json(c, 401, { ok: false, error: 'unauthorized' });
    }
    if (opts.ready && !opts.ready()) {
      metrics.errors.inc({ channel, stage: 'not_ready' });
      c.header('retry-after', '5');
      return json(c, 503, { ok: false, error: 'starting, retry later' });
    }
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/json\b/i.test(type)) return json(c, 415, { ok: false, error: 'expected application/json' });
    let answer: Response | undefined;
    const refused = await limited(c, async () => {
      answer = await take(c);
    });
    return refused ?? answer!;

    async function take(c: Parameters<RouteHandler>[0]): Promise<Response> {
      const raw = await c.req.arrayBuffer();
      let body: unknown;
      try {
        body = JSON.parse(Buffer.from(raw).toString('utf8'));
      } catch {
        body = undefined;
      }
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        metrics.errors.inc({ channel, stage: 'webhook_body' });
        return json(c, 400, { ok: false, error: 'malformed JSON' });
      }
      if (opts.busy?.()) {
        metrics.errors.inc({ channel, stage: 'busy' });
        c.header('retry-after', '5');
        return json(c, 503, { ok: false, error: 'busy, retry later' });
      }
      // 200 only once the update is claimed (recorded with what is needed to answer it): a process
      // killed after acknowledging must leave it for the next one, not lose it. The answer itself
      // comes after, so a slow answer never makes the platform redeliver.
      try {
        await opts.onUpdate(body as Record<string, unknown>);
      } catch (err) {
        metrics.errors.inc({ channel, stage: 'webhook' });
        log.error({ err, channel }, 'webhook update could not be taken; the platform will deliver it again');
        c.header('retry-after', '5');
        return json(c, 503, { ok: false, error: 'could not take the update, retry later' });
      }
      metrics.webhookAck.observe({ channel }, (performance.now() - started) / 1000);
      return json(c, 200, { ok: true });
    }
  };
}
