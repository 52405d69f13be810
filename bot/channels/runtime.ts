import type { Config } from '../../src/config.ts';
import type { Core } from '../../src/core/types.ts';
import type { Logger } from '../../src/log.ts';
import type { Db } from '../../src/store/db.ts';
import type { HttpServer } from '../http/server.ts';
import { secretMatches } from '../http/webhook.ts';
import type { TelegramChannel, TelegramChannelOptions } from '../telegram/channel.ts';
import type { ZaloChannel, ZaloChannelOptions } from '../zalo/channel.ts';
import { UpdateDedup } from './dedup.ts';
import { type ChannelName, Dispatcher, type DispatcherDeps } from './dispatcher.ts';
import { ImageStore } from './image-store.ts';
import { type ChannelMetrics, createMetrics } from './metrics.ts';
import { UserRateLimiter } from './rate-limit.ts';

export interface ChannelsOptions {
  config: Config;
  core: Core;
  db: Db;
  log: Logger;
  http: HttpServer;
  /** Serves /metrics instead of `http` (METRICS_PORT). */
  metricsHttp?: HttpServer;
  metrics?: ChannelMetrics;
  /** Test knobs passed to the adapters. */
  telegram?: Partial<TelegramChannelOptions>;
  zalo?: Partial<ZaloChannelOptions>;
  dispatcher?: Pick<DispatcherDeps, 'typingAfterMs' | 'typingEveryMs' | 'maxConcurrent' | 'maxBacklog'>;
  /** A channel stopped for good (token refused, another poller): the process should end. */
  onStopped?: (channel: ChannelName, err: unknown) => void;
  /** Run pruning of old update ids every this many ms (default hourly). */
  pruneEveryMs?: number;
}

export interface Channels {
  dispatcher: Dispatcher;
  metrics: ChannelMetrics;
  images: ImageStore;
  telegram: TelegramChannel | null;
  zalo: ZaloChannel | null;
  /** Names of the channels running, with their mode. */
  running: { channel: ChannelName; mode: 'webhook' | 'polling' }[];
  /** True while every configured channel is taking updates (what /readyz reports). */
  readonly ready: boolean;
  /**
   * Stops polling and works off queued updates for up to `budgetMs`; what is left is answered after
   * the restart. The HTTP server is closed by its owner.
   */
  stop(budgetMs?: number): Promise<void>;
}

/**
 * Builds the channels the configuration asks for and puts their routes on the one HTTP server:
 * /webhook/telegram, /webhook/zalo, /metrics and /img/<token>.png.
 */
export async function startChannels(opts: ChannelsOptions): Promise<Channels> {
  const { config, core, log, http } = opts;
  const metrics = opts.metrics ?? createMetrics({ processMetrics: true });
  const dedup = new UpdateDedup(opts.db, { leaseMs: config.UPDATE_LEASE_SECONDS * 1000 });
  const dispatcher = new Dispatcher({
    core,
    dedup,
    // Budgets live in PostgreSQL when replicas may share it; the embedded database is one process.
    limiter: new UserRateLimiter(config.RATE_LIMIT_PER_MINUTE, config.DATABASE_URL ? opts.db : undefined),
    metrics,
    log,
    ...opts.dispatcher,
  });
  const images = new ImageStore();

  (opts.metricsHttp ?? http).route('GET', '/metrics', async (c) => {
    const auth = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (config.METRICS_TOKEN && !secretMatches(auth, config.METRICS_TOKEN)) {
      return c.body('unauthorized', 401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' });
    }
    const body = await metrics.render();
    return c.body(body, 200, { 'content-type': metrics.contentType });
  });
  http.route('GET', '/img/*', (c) => {
    const m = /^\/img\/([0-9a-f]{32})\.png$/.exec(c.req.path);
    const png = m ? images.get(m[1]!) : undefined;
    if (!png) return c.body('not found', 404, { 'content-type': 'text/plain' });
    return c.body(new Uint8Array(png), 200, {
      'content-type': 'image/png',
      'content-length': String(png.byteLength),
      'cache-control': 'private, max-age=3600',
    });
  });

  let telegram: TelegramChannel | null = null;
  let zalo: ZaloChannel | null = null;
  const running: Channels['running'] = [];
  try {
    // Each channel's client library is loaded only when that channel is on (axios alone is ~15 MB resident).
    if (config.TELEGRAM_BOT_TOKEN) {
      const { TelegramChannel } = await import('../telegram/channel.ts');
      telegram = new TelegramChannel({
        token: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        webhookUrl: config.TELEGRAM_WEBHOOK_URL,
        webhookSecret: config.TELEGRAM_WEBHOOK_SECRET,
        dispatcher,
        metrics,
        log,
        onStopped: (err) => opts.onStopped?.('telegram', err),
        ...opts.telegram,
      });
      const route = telegram.webhookRoute();
      if (route) http.route('POST', '/webhook/telegram', route);
      await telegram.start();
      running.push({ channel: 'telegram', mode: telegram.mode });
    }
    if (config.ZALO_BOT_TOKEN) {
      const { ZaloChannel } = await import('../zalo/channel.ts');
      zalo = new ZaloChannel({
        token: config.ZALO_BOT_TOKEN,
        apiRoot: config.ZALO_API_ROOT,
        webhookUrl: config.ZALO_WEBHOOK_URL,
        webhookSecret: config.ZALO_WEBHOOK_SECRET,
        publicBaseUrl: config.PUBLIC_BASE_URL,
        dispatcher,
        images,
        metrics,
        log,
        onStopped: (err) => opts.onStopped?.('zalo', err),
        ...opts.zalo,
      });
      const route = zalo.webhookRoute();
      if (route) http.route('POST', '/webhook/zalo', route);
      await zalo.start();
      running.push({ channel: 'zalo', mode: zalo.mode });
      if (!config.PUBLIC_BASE_URL) log.warn('PUBLIC_BASE_URL is not set: Zalo users get chart captions without the image');
    }
  } catch (err) {
    await Promise.allSettled([telegram?.stop(), zalo?.stop()]);
    throw err;
  }

  const prune = () =>
    dedup.prune().then(
      (n) => n > 0 && log.debug({ pruned: n }, 'old update ids pruned'),
      (err: unknown) => log.warn({ err }, 'could not prune processed_updates'),
    );
  if (running.length > 0) {
    void prune();
    dispatcher.startRecovery();
  }
  const pruner = setInterval(prune, opts.pruneEveryMs ?? 3_600_000);
  pruner.unref();

  return {
    dispatcher,
    metrics,
    images,
    telegram,
    zalo,
    running,
    get ready() {
      return [telegram, zalo].every((c) => c === null || c.state === 'running');
    },
    async stop(budgetMs) {
      clearInterval(pruner);
      await Promise.allSettled([telegram?.stop(), zalo?.stop()]);
      await dispatcher.close(budgetMs);
    },
  };
}
