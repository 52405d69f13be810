import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from '../../src/log.ts';
import type { ChannelMetrics } from '../channels/metrics.ts';
import { readBody, type RouteHandler, sendJson } from './server.ts';

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
  return async (req, res) => {
    const started = performance.now();
    if (!secretMatches(req.headers[opts.secretHeader], opts.secret)) {
      metrics.errors.inc({ channel, stage: 'webhook_secret' });
      log.warn({ channel, ip: req.socket.remoteAddress }, 'webhook request with a wrong secret refused');
      // Not a byte of the body is read for a stranger: the connection is closed after the answer.
      res.setHeader('connection', 'close');
      sendJson(res, 401, { ok: false, error: 'unauthorized' });
      return;
    }
    if (opts.ready && !opts.ready()) {
      metrics.errors.inc({ channel, stage: 'not_ready' });
      req.resume();
      res.setHeader('retry-after', '5');
      sendJson(res, 503, { ok: false, error: 'starting, retry later' });
      return;
    }
    const type = String(req.headers['content-type'] ?? '');
    if (!/^application\/json\b/i.test(type)) {
      req.resume();
      sendJson(res, 415, { ok: false, error: 'expected application/json' });
      return;
    }
    const raw = await readBody(req, opts.maxBytes ?? 1024 * 1024);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      body = undefined;
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      metrics.errors.inc({ channel, stage: 'webhook_body' });
      sendJson(res, 400, { ok: false, error: 'malformed JSON' });
      return;
    }
    if (opts.busy?.()) {
      metrics.errors.inc({ channel, stage: 'busy' });
      res.setHeader('retry-after', '5');
      sendJson(res, 503, { ok: false, error: 'busy, retry later' });
      return;
    }
    // 200 only once the update is claimed (recorded with what is needed to answer it): a process
    // killed after acknowledging must leave it for the next one, not lose it. The answer itself
    // comes after, so a slow answer never makes the platform redeliver.
    try {
      await opts.onUpdate(body as Record<string, unknown>);
    } catch (err) {
      metrics.errors.inc({ channel, stage: 'webhook' });
      log.error({ err, channel }, 'webhook update could not be taken; the platform will deliver it again');
      res.setHeader('retry-after', '5');
      sendJson(res, 503, { ok: false, error: 'could not take the update, retry later' });
      return;
    }
    sendJson(res, 200, { ok: true });
    metrics.webhookAck.observe({ channel }, (performance.now() - started) / 1000);
  };
}
