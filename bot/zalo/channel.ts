import { createHash } from 'node:crypto';
import { renderPlain } from '../../src/core/render.ts';
import type { Reply } from '../../src/core/types.ts';
import type { Logger } from '../../src/log.ts';
import type { ChannelSender, Dispatcher, InboundEvent } from '../channels/dispatcher.ts';
import { ImageStore } from '../channels/image-store.ts';
import type { ChannelMetrics } from '../channels/metrics.ts';
import { RESEND_AFTER_MS, sendOrDefer, sleep } from '../channels/retry.ts';
import { splitText } from '../channels/split.ts';
import { PHOTO_UNAVAILABLE } from '../channels/texts.ts';
import type { RouteHandler } from '../http/server.ts';
import { webhookHandler } from '../http/webhook.ts';
import {
  ZALO_TEXT_LIMIT,
  ZaloApiError,
  ZaloClient,
  type ZaloBotInfo,
  type ZaloClientOptions,
  type ZaloUpdate,
} from './client.ts';

export interface ZaloChannelOptions {
  token: string;
  apiRoot?: string;
  /** Webhook mode when set (with `webhookSecret`); long polling otherwise. */
  webhookUrl?: string | undefined;
  webhookSecret?: string | undefined;
  /** Public address of this server, for chart images (Zalo takes photos by URL only). */
  publicBaseUrl?: string | undefined;
  dispatcher: Dispatcher;
  images: ImageStore;
  metrics: ChannelMetrics;
  log: Logger;
  pollTimeoutSeconds?: number;
  client?: Partial<ZaloClientOptions>;
  /** Called when the channel stops for good (token refused). */
  onStopped?: (err: unknown) => void;
}

const UNSUPPORTED_EVENTS = new Set([
  'message.image.received',
  'message.sticker.received',
  'message.voice.received',
  'message.unsupported.received',
  'message.file.received',
  'message.location.received',
  'message.video.received',
]);

/**
 * The key an update is remembered by in processed_updates. Zalo's ids are short hex strings; a
 * long or odd one (a 10 KB "id" in a forged or broken delivery) is stored as its SHA-256 instead.
 */
export function dedupId(id: string): string {
  return /^[\w.:-]{1,64}$/.test(id) ? id : `sha256:${createHash('sha256').update(id).digest('hex')}`;
}

/** Zalo Bot API channel: polling or webhook (never both), replies as plain text with numbered choices. */
export class ZaloChannel implements ChannelSender {
  readonly client: ZaloClient;
  private me: ZaloBotInfo | null = null;
  /** running: taking updates; stopped: by stop(), or for good after an error (see onStopped). */
  state: 'starting' | 'running' | 'stopped' = 'starting';
  private polling: Promise<void> | null = null;
  private readonly abort = new AbortController();
  private readonly log: Logger;

  constructor(private readonly opts: ZaloChannelOptions) {
    this.log = opts.log.child({ channel: 'zalo' });
    this.client = new ZaloClient({ token: opts.token, apiRoot: opts.apiRoot, log: this.log, ...opts.client });
    opts.dispatcher.register('zalo', this);
  }

  get mode(): 'webhook' | 'polling' {
    return this.opts.webhookUrl ? 'webhook' : 'polling';
  }

  /** Checks the token (getMe), then sets the webhook or starts polling. */
  async start(): Promise<void> {
    this.me = await this.client.getMe();
    if (this.opts.webhookUrl) {
      await this.client.setWebhook(this.opts.webhookUrl, this.opts.webhookSecret ?? '');
      this.log.info({ bot: this.me.account_name, url: this.opts.webhookUrl }, 'Zalo webhook set');
      this.state = 'running';
      return;
    }
    // Zalo refuses getUpdates while a webhook is set.
    const info = await this.client.getWebhookInfo().catch((err: unknown) => {
      if (err instanceof ZaloApiError && err.errorCode === 404) return null;
      throw err;
    });
    if (info?.url) {
      this.log.info({ url: info.url }, 'removing the Zalo webhook to use long polling');
      await this.client.deleteWebhook();
    }
    this.log.info({ bot: this.me.account_name }, 'Zalo long polling');
    this.polling = this.pollLoop();
    this.state = 'running';
  }

  /** `/webhook/zalo` handler; null in polling mode. */
  webhookRoute(): RouteHandler | null {
    if (!this.opts.webhookUrl) return null;
    return webhookHandler({
      channel: 'zalo',
      secretHeader: 'x-bot-api-secret-token',
      secret: this.opts.webhookSecret ?? '',
      metrics: this.opts.metrics,
      log: this.log,
      busy: () => this.opts.dispatcher.busy,
      // Until getMe has answered, group mentions cannot be recognised: 503, delivered again later.
      ready: () => this.me !== null,
      onUpdate: (body) => {
        // Some deliveries wrap the update in the API envelope.
        const update = (body.ok === true && body.result && typeof body.result === 'object' ? body.result : body) as ZaloUpdate;
        return this.take(update);
      },
    });
  }

  /** Stops polling (the pending long poll is aborted). */
  async stop(): Promise<void> {
    this.state = 'stopped';
    this.abort.abort();
    await this.polling;
  }

  /** Translates one update and hands it to the dispatcher. */
  async take(update: ZaloUpdate): Promise<void> {
    const event = this.toEvent(update);
    if (!event) return;
    await this.opts.dispatcher.room();
    const { status } = await this.opts.dispatcher.accept(event);
    // Thrown, so a webhook answers 503 and the platform delivers it again, never 200 and dropped.
    if (status === 'busy' || status === 'closed') throw new Error(`update ${event.updateId} not taken: ${status}`);
  }

  toEvent(update: ZaloUpdate): InboundEvent | null {
    const msg = update?.message;
    if (!msg || typeof msg !== 'object' || !msg.chat?.id || !msg.from?.id) return null;
    if (msg.from.is_bot) return null;
    // chat_type is PRIVATE or GROUP; should it ever be missing, a chat that is not the sender's own
    // is taken for a group, so officer data is never answered where others may read it.
    const type = typeof msg.chat.chat_type === 'string' ? msg.chat.chat_type.toUpperCase() : null;
    const isGroup = type !== null ? type !== 'PRIVATE' : String(msg.chat.id) !== String(msg.from.id);
    const base = {
      channel: 'zalo' as const,
      updateId: msg.message_id ? dedupId(String(msg.message_id)) : null,
      chatId: String(msg.chat.id),
      userId: String(msg.from.id),
      ...(msg.from.display_name ? { displayName: msg.from.display_name } : {}),
      ...(isGroup ? { isGroup: true } : {}),
    };
    if (update.event_name === 'message.text.received' && typeof msg.text === 'string') {
      let text = msg.text;
      if (isGroup) {
        // In groups only messages that name the bot are for us.
        const name = this.me?.account_name;
        const mention = name ? new RegExp(`@${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'iu') : null;
        if (!mention?.test(text)) return null;
        text = text.replace(mention, '').trim();
      }
      return { ...base, kind: 'text', text };
    }
    if (UNSUPPORTED_EVENTS.has(update.event_name)) return isGroup ? null : { ...base, kind: 'unsupported', text: '' };
    return null; // unknown events are ignored, as the platform may add more
  }

  send(chatId: string, reply: Reply): Promise<void> {
    return sendOrDefer(
      (onSent) => this.sendParts(chatId, reply, onSent),
      (err) => (err instanceof ZaloApiError && err.safeToResend ? RESEND_AFTER_MS : null),
    );
  }

  private async sendParts(chatId: string, reply: Reply, onSent: () => void): Promise<void> {
    for (const part of splitText(renderPlain(reply), ZALO_TEXT_LIMIT)) {
      if (part) {
        await this.client.sendMessage(chatId, part);
        onSent();
      }
    }
    if (reply.image) {
      const caption = reply.image.caption?.slice(0, ZALO_TEXT_LIMIT);
      if (this.opts.publicBaseUrl) {
        const token = this.opts.images.put(reply.image.png);
        await this.client.sendPhoto(chatId, ImageStore.urlFor(this.opts.publicBaseUrl, token), caption);
        onSent();
      } else {
        this.log.warn(
          { chat: chatId },
          'PUBLIC_BASE_URL is not set: Zalo needs a public URL for photos; sending the caption only',
        );
        await this.client.sendMessage(chatId, caption ? `${caption}\n${PHOTO_UNAVAILABLE}` : PHOTO_UNAVAILABLE);
        onSent();
      }
    }
  }

  async typing(chatId: string): Promise<void> {
    await this.client.sendChatAction(chatId);
  }

  private async pollLoop(): Promise<void> {
    const timeout = this.opts.pollTimeoutSeconds ?? 30;
    let failures = 0;
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        const update = await this.client.getUpdates(timeout, signal);
        failures = 0;
        if (update) {
          await this.take(update).catch((err: unknown) => {
            this.opts.metrics.errors.inc({ channel: 'zalo', stage: 'poll' });
            this.log.error({ err }, 'could not take a Zalo update');
          });
        }
      } catch (err) {
        if (signal.aborted) break;
        this.opts.metrics.errors.inc({ channel: 'zalo', stage: 'poll' });
        if (err instanceof ZaloApiError && (err.errorCode === 401 || err.errorCode === 403)) {
          this.log.error({ err: String(err) }, 'Zalo refused the token; polling stopped (check ZALO_BOT_TOKEN)');
          this.state = 'stopped';
          this.opts.onStopped?.(err);
          return;
        }
        failures++;
        const wait = Math.min(30_000, 500 * 2 ** Math.min(failures - 1, 6));
        this.log.warn({ err: String(err), retryInMs: wait }, 'Zalo poll failed');
        await sleep(wait, signal);
      }
    }
  }
}
