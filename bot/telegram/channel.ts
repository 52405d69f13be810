import { autoRetry } from '@grammyjs/auto-retry';
import { type RunnerHandle, run, sequentialize } from '@grammyjs/runner';
import { Bot, type Context, GrammyError, HttpError, InputFile } from 'grammy';
import type { Message, Update, UserFromGetMe } from 'grammy/types';
import type { Reply } from '../../src/core/types.ts';
import type { Logger } from '../../src/log.ts';
import type { ChannelSender, Dispatcher, InboundEvent } from '../channels/dispatcher.ts';
import type { ChannelMetrics } from '../channels/metrics.ts';
import { certainlyNotSent, RESEND_AFTER_MS, sendOrDefer } from '../channels/retry.ts';
import { splitText } from '../channels/split.ts';
import type { RouteHandler } from '../http/server.ts';
import { webhookHandler } from '../http/webhook.ts';
import { COMMANDS, keyboardFor, TELEGRAM_CAPTION_LIMIT, TELEGRAM_TEXT_LIMIT } from './format.ts';

export interface TelegramChannelOptions {
  token: string;
  apiRoot?: string | undefined;
  /** Webhook mode when set (with `webhookSecret`); long polling otherwise. */
  webhookUrl?: string | undefined;
  webhookSecret?: string | undefined;
  dispatcher: Dispatcher;
  metrics: ChannelMetrics;
  log: Logger;
  /** getUpdates long-poll timeout (default 30 s). */
  pollTimeoutSeconds?: number;
  /** Per-request timeout; must exceed the poll timeout (default 60 s). */
  requestTimeoutSeconds?: number;
  /** Retries per API call on 429 (honouring a short retry_after) and 5xx. */
  maxRetryAttempts?: number;
  /** A 429 asking to wait longer than this is not waited out in line (default 10 s). */
  maxRetryDelaySeconds?: number;
  /** Skips getMe (tests, or a known bot). */
  botInfo?: UserFromGetMe;
  /** Called when the channel stops for good (token refused, another poller took over). */
  onStopped?: (err: unknown) => void;
}

const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'] as const;
/** Updates of one poll taken at once; each only waits for its claim, the dispatcher bounds the answers. */
const POLL_CONCURRENCY = 100;

/**
 * Telegram through grammy. Replies are plain text (no parse_mode), so nothing a guide or a user
 * writes can break Telegram's formatting parser; buttons become an inline keyboard.
 */
export class TelegramChannel implements ChannelSender {
  readonly bot: Bot;
  private polling: Promise<void> | null = null;
  private runner: RunnerHandle | null = null;
  /** running: taking updates; stopped: by stop(), or for good after an error (see onStopped). */
  state: 'starting' | 'running' | 'stopped' = 'starting';
  private stopping = false;
  private readonly log: Logger;

  constructor(private readonly opts: TelegramChannelOptions) {
    this.log = opts.log.child({ channel: 'telegram' });
    this.bot = new Bot(opts.token, {
      ...(opts.botInfo ? { botInfo: opts.botInfo } : {}),
      client: {
        ...(opts.apiRoot ? { apiRoot: opts.apiRoot.replace(/\/+$/, '') } : {}),
        timeoutSeconds: opts.requestTimeoutSeconds ?? 60,
      },
    });
    // Capped: 429 and 5xx are retried in line a few times (3 s, 6 s for 5xx), then the send is
    // deferred (see send) instead of holding the chat's later messages for minutes. Network errors
    // are not retried here at all: a timeout or reset may hide a delivered message.
    this.bot.api.config.use(
      autoRetry({
        maxRetryAttempts: opts.maxRetryAttempts ?? 2,
        maxDelaySeconds: opts.maxRetryDelaySeconds ?? 10,
        rethrowHttpErrors: true,
      }),
    );
    // Updates of one chat are taken in order even though polling takes a batch concurrently.
    this.bot.use(sequentialize((ctx) => (ctx.chat ?? ctx.from)?.id.toString()));
    this.bot.on('callback_query:data', (ctx) => this.onCallback(ctx));
    this.bot.on('edited_message', (ctx) => this.onEdited(ctx));
    this.bot.on('message', (ctx) => this.onMessage(ctx));
    this.bot.catch((err) => {
      opts.metrics.errors.inc({ channel: 'telegram', stage: 'update' });
      this.log.error({ err: err.error, updateId: err.ctx.update.update_id }, 'Telegram update failed');
    });
    opts.dispatcher.register('telegram', this);
  }

  get mode(): 'webhook' | 'polling' {
    return this.opts.webhookUrl ? 'webhook' : 'polling';
  }

  /** getMe, the command menu, then setWebhook or long polling. */
  async start(): Promise<void> {
    await this.bot.init();
    await this.bot.api
      .setMyCommands(COMMANDS)
      .catch((err: unknown) => this.log.warn({ err: String(err) }, 'setMyCommands failed; the command menu may be stale'));
    if (this.opts.webhookUrl) {
      await this.bot.api.setWebhook(this.opts.webhookUrl, {
        secret_token: this.opts.webhookSecret ?? '',
        allowed_updates: [...ALLOWED_UPDATES],
      });
      this.log.info({ bot: this.bot.botInfo.username, url: this.opts.webhookUrl }, 'Telegram webhook set');
      this.state = 'running';
      return;
    }
    // Polling and a webhook cannot be used together.
    await this.bot.api.deleteWebhook();
    // The runner takes the updates of one getUpdates batch concurrently (bot.start took them one
    // by one, each waiting for its claim: ~40 updates/s); `sequentialize` keeps one chat in order.
    this.runner = run(this.bot, {
      runner: {
        fetch: { timeout: this.opts.pollTimeoutSeconds ?? 30, allowed_updates: [...ALLOWED_UPDATES] },
        silent: true,
      },
      sink: { concurrency: POLL_CONCURRENCY },
    });
    this.polling = (this.runner.task() ?? Promise.resolve()).catch((err: unknown) => {
      // The runner gives up only on 401 (token revoked) and 409 (another poller or a webhook).
      this.opts.metrics.errors.inc({ channel: 'telegram', stage: 'poll' });
      this.log.error({ err }, 'Telegram polling stopped');
      this.state = 'stopped';
      if (!this.stopping) this.opts.onStopped?.(err);
    });
    if (this.state === 'starting') this.state = 'running';
    this.log.info({ bot: this.bot.botInfo.username }, 'Telegram long polling');
  }

  /** `/webhook/telegram` handler; null in polling mode. */
  webhookRoute(): RouteHandler | null {
    if (!this.opts.webhookUrl) return null;
    return webhookHandler({
      channel: 'telegram',
      secretHeader: 'x-telegram-bot-api-secret-token',
      secret: this.opts.webhookSecret ?? '',
      metrics: this.opts.metrics,
      log: this.log,
      busy: () => this.opts.dispatcher.busy,
      // Before getMe has answered, grammY cannot take an update ("Bot not initialized"): 503, so
      // Telegram delivers it again, rather than 200 and lost.
      ready: () => this.bot.isInited(),
      onUpdate: (body) => this.bot.handleUpdate(body as unknown as Update),
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.state = 'stopped';
    if (this.runner?.isRunning()) await this.runner.stop();
    await this.polling;
  }

  send(chatId: string, reply: Reply): Promise<void> {
    return sendOrDefer((onSent) => this.sendParts(chatId, reply, onSent), resendAfterMs);
  }

  private async sendParts(chatId: string, reply: Reply, onSent: () => void): Promise<void> {
    const keyboard = keyboardFor(reply, (data) => this.log.warn({ data }, 'button data over 64 bytes left out'));
    let text = reply.text.trim();
    if (!text && keyboard) text = 'Bạn chọn một mục:';
    const parts = text ? splitText(text, TELEGRAM_TEXT_LIMIT) : [];
    for (const [i, part] of parts.entries()) {
      const last = i === parts.length - 1;
      await this.bot.api.sendMessage(chatId, part, {
        link_preview_options: { is_disabled: true },
        ...(last && keyboard ? { reply_markup: keyboard } : {}),
      });
      onSent();
    }
    if (reply.image) {
      const caption = reply.image.caption;
      const fits = caption !== undefined && caption.length <= TELEGRAM_CAPTION_LIMIT;
      await this.bot.api.sendPhoto(chatId, new InputFile(Buffer.from(reply.image.png), reply.image.filename), {
        ...(fits ? { caption } : {}),
      });
      onSent();
      if (caption && !fits)
        for (const part of splitText(caption, TELEGRAM_TEXT_LIMIT)) await this.bot.api.sendMessage(chatId, part);
    }
  }

  async typing(chatId: string): Promise<void> {
    await this.bot.api.sendChatAction(chatId, 'typing');
  }

  private base(update: Update, msg: Pick<Message, 'chat' | 'from'>) {
    const from = msg.from;
    const name = [from?.first_name, from?.last_name].filter(Boolean).join(' ');
    return {
      channel: 'telegram' as const,
      updateId: String(update.update_id),
      chatId: String(msg.chat.id),
      userId: String(from?.id ?? msg.chat.id),
      ...(name ? { displayName: name } : {}),
      ...(msg.chat.type !== 'private' ? { isGroup: true } : {}),
    };
  }

  private async onMessage(ctx: Context): Promise<void> {
    const msg = ctx.message;
    // A message without a chat cannot be answered (and must not fail the update: a webhook would
    // then be asked to deliver it again and again).
    if (!msg?.chat || msg.from?.is_bot) return;
    const base = this.base(ctx.update, msg);
    if (typeof msg.text === 'string') {
      let text = msg.text;
      if (base.isGroup) {
        const addressed = this.addressedText(msg);
        if (addressed === null) return;
        text = addressed;
      }
      // A reply to one of the bot's own messages: support staff answer a ticket this way.
      const quoted = msg.reply_to_message;
      const replyTo = quoted?.from?.id === this.bot.botInfo.id ? (quoted.text ?? quoted.caption) : undefined;
      await this.accept({ ...base, kind: 'text', text, ...(replyTo ? { replyTo } : {}) });
      return;
    }
    // Stickers, photos, voice, files, locations…: a polite "text only" in private chats; in
    // groups it would be noise.
    if (!base.isGroup) await this.accept({ ...base, kind: 'unsupported', text: '' });
  }

  private async onEdited(ctx: Context): Promise<void> {
    const msg = ctx.editedMessage;
    if (msg?.chat?.type !== 'private') return;
    await this.accept({ ...this.base(ctx.update, msg), kind: 'edited', text: '' });
  }

  private async onCallback(ctx: Context): Promise<void> {
    const q = ctx.callbackQuery;
    if (!q?.data || !q.from) return;
    // Stop the button's spinner at once; the answer follows as a message.
    ctx.answerCallbackQuery().catch((err: unknown) => this.log.debug({ err: String(err) }, 'answerCallbackQuery failed'));
    const chat = q.message?.chat;
    const base = {
      channel: 'telegram' as const,
      updateId: String(ctx.update.update_id),
      chatId: String(chat?.id ?? q.from.id),
      userId: String(q.from.id),
      ...(chat && chat.type !== 'private' ? { isGroup: true } : {}),
    };
    await this.accept({ ...base, kind: 'text', text: '', callbackData: q.data });
  }

  /** In groups: the text without the @mention when the bot is addressed, else null. */
  private addressedText(msg: Message): string | null {
    const me = this.bot.botInfo;
    const text = msg.text ?? '';
    const mention = `@${me.username}`;
    if (msg.reply_to_message?.from?.id === me.id) return text;
    const mentioned = (msg.entities ?? []).some(
      (e) =>
        (e.type === 'mention' || e.type === 'bot_command') &&
        text
          .slice(e.offset, e.offset + e.length)
          .toLowerCase()
          .endsWith(mention.toLowerCase()),
    );
    if (!mentioned && !text.toLowerCase().includes(mention.toLowerCase())) return null;
    // Keep "/start@bot" whole (command triggers read it); drop a bare "@bot" mention.
    return text.replace(new RegExp(`(^|\\s)${mention}\\b`, 'gi'), ' ').trim();
  }

  private async accept(event: InboundEvent): Promise<void> {
    // Polling pauses here while the backlog is full (webhooks were refused with 503 before).
    await this.opts.dispatcher.room();
    const { status } = await this.opts.dispatcher.accept(event);
    // Thrown, so a webhook answers 503 and the platform delivers it again, never 200 and dropped.
    if (status === 'busy' || status === 'closed') throw new Error(`update ${event.updateId} not taken: ${status}`);
  }
}

/**
 * When to try a failed send again, or null when sending again could duplicate it or cannot help:
 * Telegram said so (429 with its retry_after, 5xx), or the request never left this machine.
 */
function resendAfterMs(err: unknown): number | null {
  if (err instanceof GrammyError) {
    if (err.error_code === 429) return (err.parameters.retry_after ?? RESEND_AFTER_MS / 1000) * 1000;
    return err.error_code >= 500 ? RESEND_AFTER_MS : null;
  }
  if (err instanceof HttpError && certainlyNotSent(err)) return RESEND_AFTER_MS;
  return null;
}
