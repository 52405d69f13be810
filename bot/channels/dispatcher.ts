import type { Core, IncomingMessage, Reply } from '../../src/core/types.ts';
import type { Logger } from '../../src/log.ts';
import { ChatQueue } from './chat-queue.ts';
import type { UpdateDedup } from './dedup.ts';
import type { ChannelMetrics } from './metrics.ts';
import type { UserRateLimiter } from './rate-limit.ts';
import { EDITED_IGNORED, RATE_LIMITED, TEXT_ONLY } from './texts.ts';

export type ChannelName = 'telegram' | 'zalo';

/** A platform update, already translated by its adapter. */
export interface InboundEvent {
  channel: ChannelName;
  /** Platform id used to process the update once (Telegram update_id, Zalo message_id). */
  updateId: string | null;
  chatId: string;
  userId: string;
  displayName?: string;
  /** text: ask the core; unsupported: sticker/photo/voice/file…; edited: an edited message. */
  kind: 'text' | 'unsupported' | 'edited';
  text: string;
  callbackData?: string;
  isGroup?: boolean;
}

/** What an adapter does for the dispatcher. Sends throw after their own retries are spent. */
export interface ChannelSender {
  send(chatId: string, reply: Reply): Promise<void>;
  /** Best effort "typing…"; failures are ignored. */
  typing?(chatId: string): Promise<void>;
}

export interface DispatcherDeps {
  core: Core;
  dedup: UpdateDedup;
  limiter: UserRateLimiter;
  metrics: ChannelMetrics;
  log: Logger;
  /** How often to repeat the typing action while the core works (platforms show it ~5 s). */
  typingEveryMs?: number;
  /**
   * Typing is only shown for answers not ready within this many ms (default 300): a fast answer
   * makes it pointless, and it would double the calls to the platform.
   */
  typingAfterMs?: number;
  /**
   * Updates answered at the same time, across chats (default 64). Retrieval runs on answer workers
   * and database calls are batched across the updates in flight, so most of an update's time is
   * waiting: more in flight means bigger batches, not more CPU.
   */
  maxConcurrent?: number;
  /** Updates waiting or running beyond which new ones are refused as busy (default 2000). */
  maxBacklog?: number;
}

/** busy: the backlog is full — a webhook answers 503 so the platform delivers it again later. */
export type Accepted = 'queued' | 'duplicate' | 'closed' | 'busy';

/**
 * The path every update takes, whatever the channel: claim it once, queue it behind the same
 * chat's earlier messages, rate-limit, ask the core, send the reply (retried by the sender),
 * count it. Adapters only translate updates and replies.
 */
export class Dispatcher {
  private readonly queue = new ChatQueue();
  private readonly senders = new Map<ChannelName, ChannelSender>();
  private readonly claiming = new Set<Promise<unknown>>();
  private closed = false;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly roomWaiters: (() => void)[] = [];
  private readonly maxConcurrent: number;
  private readonly maxBacklog: number;

  constructor(private readonly deps: DispatcherDeps) {
    this.maxConcurrent = deps.maxConcurrent ?? 64;
    this.maxBacklog = deps.maxBacklog ?? 2000;
  }

  /** True while the backlog is full. */
  get busy(): boolean {
    return this.queue.size + this.claiming.size >= this.maxBacklog;
  }

  /** Resolves once the backlog has room (polling waits here instead of being refused). */
  room(): Promise<void> {
    if (!this.busy || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  register(channel: ChannelName, sender: ChannelSender): void {
    this.senders.set(channel, sender);
  }

  sender(channel: ChannelName): ChannelSender | undefined {
    return this.senders.get(channel);
  }

  /** Updates waiting or running. */
  get inFlight(): number {
    return this.queue.size;
  }

  /**
   * Claims the update and queues its processing. Resolves once the claim is recorded (not when
   * the answer is sent); `done` settles when processing has finished.
   */
  accept(event: InboundEvent): Promise<{ status: Accepted; done: Promise<void> }> {
    const p = this.claimAndQueue(event);
    this.claiming.add(p);
    void p.finally(() => this.claiming.delete(p)).catch(() => {});
    return p;
  }

  private async claimAndQueue(event: InboundEvent): Promise<{ status: Accepted; done: Promise<void> }> {
    const { metrics, log } = this.deps;
    const settled = Promise.resolve();
    if (this.closed) return { status: 'closed', done: settled };
    metrics.updates.inc({ channel: event.channel });
    if (this.queue.size + this.claiming.size >= this.maxBacklog) {
      metrics.errors.inc({ channel: event.channel, stage: 'busy' });
      return { status: 'busy', done: settled };
    }
    if (event.updateId !== null) {
      let first: boolean;
      try {
        first = await this.deps.dedup.claim(event.channel, event.updateId);
      } catch (err) {
        // Better to risk a double answer than to drop the user's message.
        metrics.errors.inc({ channel: event.channel, stage: 'dedup' });
        log.error({ err, channel: event.channel, updateId: event.updateId }, 'could not record update id; processing anyway');
        first = true;
      }
      if (!first) {
        metrics.duplicates.inc({ channel: event.channel });
        log.debug({ channel: event.channel, updateId: event.updateId }, 'duplicate update skipped');
        return { status: 'duplicate', done: settled };
      }
    }
    const done = this.queue.run(`${event.channel}:${event.chatId}`, () =>
      this.limited(() =>
        this.process(event).catch((err: unknown) => {
          // The core never throws by contract; if something else does, say so rather than go quiet.
          metrics.errors.inc({ channel: event.channel, stage: 'handle' });
          log.error({ err, channel: event.channel, chat: event.chatId, updateId: event.updateId }, 'update processing failed');
        }),
      ),
    );
    // After the queue has let go of the job, so `busy` reflects it.
    void done.finally(() => {
      if (!this.busy) for (const w of this.roomWaiters.splice(0)) w();
    });
    return { status: 'queued', done };
  }

  /** Stops taking updates and waits for the queued ones to finish. */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.roomWaiters.splice(0)) w();
    await Promise.allSettled([...this.claiming]);
    await this.queue.drain();
  }

  /**
   * Runs at most `maxConcurrent` answers at once and lets the event loop breathe before each, so
   * webhook requests keep being acknowledged quickly while a backlog is worked off.
   */
  private async limited(job: () => Promise<void>): Promise<void> {
    if (this.running >= this.maxConcurrent) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      await new Promise<void>((resolve) => setImmediate(resolve));
      await job();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  private async process(event: InboundEvent): Promise<void> {
    const { core, limiter, metrics, log } = this.deps;
    const sender = this.senders.get(event.channel);
    if (!sender) {
      log.error({ channel: event.channel }, 'no sender registered for channel');
      return;
    }
    const started = performance.now();
    const verdict = await limiter.take(event.channel, event.userId);
    if (verdict !== 'ok') {
      metrics.rateLimited.inc({ channel: event.channel });
      if (verdict === 'limited_notify') await this.deliver(event, sender, { intent: 'help', text: RATE_LIMITED });
      return;
    }
    if (event.kind !== 'text') {
      await this.deliver(event, sender, { intent: 'help', text: event.kind === 'edited' ? EDITED_IGNORED : TEXT_ONLY });
      return;
    }
    const stopTyping = this.keepTyping(event, sender);
    let reply: Reply;
    try {
      const message: IncomingMessage = {
        channel: event.channel,
        chatId: event.chatId,
        userId: event.userId,
        text: event.text,
      };
      if (event.displayName) message.displayName = event.displayName;
      if (event.callbackData) message.callbackData = event.callbackData;
      if (event.isGroup) message.isGroup = true;
      reply = await core.handle(message);
    } finally {
      stopTyping();
    }
    if (reply.failure) metrics.errorReplies.inc({ channel: event.channel, reason: reply.failure });
    if (await this.deliver(event, sender, reply)) {
      metrics.latency.observe({ channel: event.channel }, (performance.now() - started) / 1000);
    }
  }

  private async deliver(event: InboundEvent, sender: ChannelSender, reply: Reply): Promise<boolean> {
    try {
      await sender.send(event.chatId, reply);
      this.deps.metrics.replies.inc({ channel: event.channel });
      return true;
    } catch (err) {
      // The sender already retried; say loudly which chat missed its answer.
      this.deps.metrics.errors.inc({ channel: event.channel, stage: 'send' });
      this.deps.log.error(
        { err, channel: event.channel, chat: event.chatId, updateId: event.updateId },
        'reply could not be delivered after retries',
      );
      return false;
    }
  }

  private keepTyping(event: InboundEvent, sender: ChannelSender): () => void {
    if (!sender.typing) return () => {};
    const typing = () => void sender.typing?.(event.chatId).catch(() => {});
    let repeat: NodeJS.Timeout | undefined;
    const begin = () => {
      typing();
      repeat = setInterval(typing, this.deps.typingEveryMs ?? 4500);
      repeat.unref();
    };
    const after = this.deps.typingAfterMs ?? 300;
    // 0 means at once, not "on a timer that a fast answer may beat".
    if (after <= 0) begin();
    const first = after > 0 ? setTimeout(begin, after) : undefined;
    first?.unref();
    return () => {
      clearTimeout(first);
      clearInterval(repeat);
    };
  }
}
