import type { Core, IncomingMessage, Reply } from '../../src/core/types.ts';
import type { Logger } from '../../src/log.ts';
import { ChatQueue } from './chat-queue.ts';
import type { UpdateDedup } from './dedup.ts';
import { DeliveryDeferred } from './retry.ts';
import type { ChannelMetrics } from './metrics.ts';
import type { UserRateLimiter } from './rate-limit.ts';
import { EDITED_IGNORED, MAYBE_REPEAT, RATE_LIMITED, TEXT_ONLY } from './texts.ts';

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
  /** The text of the bot's own message this one replies to (support staff answer tickets so). */
  replyTo?: string;
  /**
   * Answered again after a restart although its first reply may have arrived (the process died
   * while sending it): the reply says so, rather than either losing it or repeating it silently.
   */
  maybeRepeat?: boolean;
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

/** How an update's work ended: its reply sent, finished without one, or to be answered again later. */
type Outcome = 'sent' | 'done' | { retryAfterMs: number };

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
  /** Claims this process holds and has not finished: renewed while held, handed back at shutdown. */
  private readonly held = new Map<string, { channel: ChannelName; updateId: string }>();
  private timers: NodeJS.Timeout[] = [];

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
        first = await this.deps.dedup.claim(event.channel, event.updateId, event);
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
    return { status: 'queued', done: this.enqueue(event) };
  }

  /** Queues a claimed update behind the same chat's earlier ones. */
  private enqueue(event: InboundEvent): Promise<void> {
    const { metrics, log } = this.deps;
    if (event.updateId !== null) this.held.set(`${event.channel}:${event.updateId}`, { channel: event.channel, updateId: event.updateId });
    const done = this.queue.run(`${event.channel}:${event.chatId}`, () =>
      this.limited(() =>
        this.process(event)
          .catch((err: unknown): 'done' => {
            // The core never throws by contract; if something else does, say so rather than go quiet.
            metrics.errors.inc({ channel: event.channel, stage: 'handle' });
            log.error({ err, channel: event.channel, chat: event.chatId, updateId: event.updateId }, 'update processing failed');
            return 'done';
          })
          .then((outcome) => this.settle(event, outcome)),
      ),
    );
    // After the queue has let go of the job, so `busy` reflects it.
    void done.finally(() => {
      if (!this.busy) for (const w of this.roomWaiters.splice(0)) w();
    });
    return done;
  }

  /**
   * Keeps held claims alive and answers claims whose owner died or whose send was deferred:
   * at once (what a previous run left), then every half lease.
   */
  startRecovery(): void {
    const { dedup, log } = this.deps;
    const every = dedup.leaseMs / 3;
    const renew = () =>
      dedup.renew([...this.held.values()]).catch((err: unknown) => log.warn({ err }, 'could not renew update claims'));
    const recover = async () => {
      if (this.closed || this.busy) return;
      try {
        // Never this process's own claims: their lease lapses too when it stalls (see recover).
        const due = await dedup.recover<InboundEvent>(100, [...this.held.values()]);
        for (const r of due) {
          if (this.closed) break;
          log.info({ channel: r.channel, updateId: r.updateId, uncertain: r.uncertain }, 'answering an update left unanswered');
          this.deps.metrics.recovered.inc({ channel: r.event.channel, uncertain: String(r.uncertain) });
          void this.enqueue(r.uncertain ? { ...r.event, maybeRepeat: true } : r.event);
        }
      } catch (err) {
        log.warn({ err }, 'could not look for unanswered updates');
      }
    };
    void recover();
    this.timers = [setInterval(renew, every), setInterval(() => void recover(), dedup.leaseMs / 2)];
    for (const t of this.timers) t.unref();
  }

  /**
   * Stops taking updates and works off the queued ones for up to `budgetMs`; whatever is still
   * unanswered then is handed back, to be answered after the restart instead of being lost.
   */
  async close(budgetMs = Number.POSITIVE_INFINITY): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    for (const w of this.roomWaiters.splice(0)) w();
    await Promise.allSettled([...this.claiming]);
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<void>((resolve) => {
      if (Number.isFinite(budgetMs)) timer = setTimeout(resolve, budgetMs);
    });
    await Promise.race([this.queue.drain(), budget]);
    clearTimeout(timer);
    const left = [...this.held.values()];
    this.held.clear();
    if (left.length > 0) {
      this.deps.log.warn({ updates: left.length }, 'shutting down with updates unanswered; they are answered after restart');
      await this.deps.dedup.release(left).catch((err: unknown) => this.deps.log.error({ err }, 'could not hand back claims'));
    }
  }

  /** Records the end of an update's work: done, or handed back to be answered later. */
  private async settle(event: InboundEvent, outcome: Outcome): Promise<void> {
    if (event.updateId === null) return;
    const key = `${event.channel}:${event.updateId}`;
    if (!this.held.delete(key) && this.closed) return; // already handed back at shutdown
    const id = { channel: event.channel, updateId: event.updateId };
    try {
      if (typeof outcome === 'string') await this.deps.dedup.done(event.channel, event.updateId);
      else await this.deps.dedup.release([id], outcome.retryAfterMs, true);
    } catch (err) {
      // The reply went out; the worst case is answering it again after the lease lapses.
      this.deps.log.warn({ err, ...id }, 'could not record the update as answered');
    }
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

  private async process(event: InboundEvent): Promise<Outcome> {
    const { core, limiter, metrics, log } = this.deps;
    const sender = this.senders.get(event.channel);
    if (!sender) {
      log.error({ channel: event.channel }, 'no sender registered for channel');
      return 'done';
    }
    const started = performance.now();
    const verdict = await limiter.take(event.channel, event.userId);
    if (verdict !== 'ok') {
      metrics.rateLimited.inc({ channel: event.channel });
      if (verdict === 'limited_notify') return this.deliver(event, sender, { intent: 'help', text: RATE_LIMITED });
      return 'done';
    }
    if (event.kind !== 'text') {
      return this.deliver(event, sender, { intent: 'help', text: event.kind === 'edited' ? EDITED_IGNORED : TEXT_ONLY });
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
      if (event.replyTo) message.replyTo = event.replyTo;
      reply = await core.handle(message);
    } finally {
      stopTyping();
    }
    if (reply.failure) metrics.errorReplies.inc({ channel: event.channel, reason: reply.failure });
    const outcome = await this.deliver(event, sender, reply);
    if (outcome === 'sent') metrics.latency.observe({ channel: event.channel }, (performance.now() - started) / 1000);
    return outcome;
  }

  /** 'sent', 'done' when it failed in a way that sending again could duplicate, else when to retry. */
  private async deliver(event: InboundEvent, sender: ChannelSender, reply: Reply): Promise<Outcome> {
    if (event.updateId !== null) {
      // Recorded before the send: a crash from here on must not make another process answer twice.
      await this.deps.dedup
        .sending(event.channel, event.updateId)
        .catch((err: unknown) => this.deps.log.warn({ err, updateId: event.updateId }, 'could not mark the reply as on its way'));
    }
    try {
      await sender.send(event.chatId, event.maybeRepeat ? { ...reply, text: `${MAYBE_REPEAT}\n\n${reply.text}` } : reply);
      this.deps.metrics.replies.inc({ channel: event.channel });
      return 'sent';
    } catch (err) {
      if (err instanceof DeliveryDeferred && event.updateId !== null) {
        this.deps.metrics.errors.inc({ channel: event.channel, stage: 'send_deferred' });
        this.deps.log.warn(
          { err: String(err.cause), channel: event.channel, chat: event.chatId, updateId: event.updateId, retryAfterMs: err.retryAfterMs },
          'reply not delivered; answering again later',
        );
        return { retryAfterMs: err.retryAfterMs };
      }
      // The sender already retried; say loudly which chat missed its answer.
      this.deps.metrics.errors.inc({ channel: event.channel, stage: 'send' });
      this.deps.log.error(
        { err, channel: event.channel, chat: event.chatId, updateId: event.updateId },
        'reply could not be delivered after retries',
      );
      return 'done';
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
