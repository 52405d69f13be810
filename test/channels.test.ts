import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChatQueue } from '../bot/channels/chat-queue.ts';
import { DeliveryDeferred } from '../bot/channels/retry.ts';
import { UpdateDedup } from '../bot/channels/dedup.ts';
import { Dispatcher, type InboundEvent } from '../bot/channels/dispatcher.ts';
import { ImageStore } from '../bot/channels/image-store.ts';
import { createMetrics } from '../bot/channels/metrics.ts';
import { UserRateLimiter } from '../bot/channels/rate-limit.ts';
import { splitText } from '../bot/channels/split.ts';
import type { Core, Reply } from '../src/core/types.ts';
import { createLogger } from '../src/log.ts';
import { coreFor } from './helpers/channel-app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

describe('splitText', () => {
  it('keeps short text whole', () => {
    expect(splitText('xin chào', 10)).toEqual(['xin chào']);
  });

  it('prefers paragraph breaks, then lines, then spaces, and loses no words', () => {
    const text = `${'a'.repeat(60)}\n\n${'b'.repeat(30)}\n${'c'.repeat(30)} ${'d'.repeat(20)}`;
    const parts = splitText(text, 80);
    expect(parts[0]).toBe('a'.repeat(60));
    expect(parts.every((p) => p.length <= 80)).toBe(true);
    expect(parts.join(' ').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
  });

  it('cuts text without breaks at the limit, never inside a surrogate pair', () => {
    const text = `${'x'.repeat(9)}😀${'y'.repeat(20)}`;
    const parts = splitText(text, 10);
    expect(parts[0]).toBe('x'.repeat(9));
    expect(parts.join('')).toBe(text);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(10);
  });
});

describe('ChatQueue', () => {
  it('keeps one chat in order and lets other chats pass a slow one', async () => {
    const q = new ChatQueue();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    void q.run('a', async () => {
      await gate;
      order.push('a1');
    });
    void q.run('a', async () => {
      order.push('a2');
    });
    await q.run('b', async () => {
      order.push('b1');
    });
    expect(order).toEqual(['b1']);
    release();
    await q.drain();
    expect(order).toEqual(['b1', 'a1', 'a2']);
    expect(q.size).toBe(0);
  });

  it('a failing job does not stop the chat', async () => {
    const q = new ChatQueue();
    const ran: number[] = [];
    void q.run('a', async () => {
      throw new Error('boom');
    });
    await q.run('a', async () => {
      ran.push(2);
    });
    expect(ran).toEqual([2]);
  });
});

describe('ImageStore and UserRateLimiter', () => {
  it('images get unguessable 128-bit tokens and expire', () => {
    let now = 1_000;
    const store = new ImageStore(60_000, 10, () => now);
    const png = Uint8Array.from([1, 2, 3]);
    const t1 = store.put(png);
    const t2 = store.put(png);
    expect(t1).toMatch(/^[0-9a-f]{32}$/);
    expect(t1).not.toBe(t2);
    expect(store.get(t1)).toEqual(png);
    now += 60_001;
    expect(store.get(t1)).toBeUndefined();
    expect(ImageStore.urlFor('https://bot.example.vn/', t2)).toBe(`https://bot.example.vn/img/${t2}.png`);
  });

  it('keeps one budget per platform user, answers the first refusal only', async () => {
    const limiter = new UserRateLimiter(2);
    const verdicts = [];
    for (let i = 0; i < 4; i++) verdicts.push(await limiter.take('telegram', '42'));
    expect(verdicts).toEqual(['ok', 'ok', 'limited_notify', 'limited_silent']);
    // Zalo user "42" is a different person from Telegram user 42.
    expect(await limiter.take('zalo', '42')).toBe('ok');
  });
});

describe('update de-duplication and the dispatcher', () => {
  let db: TestDatabase;
  let core: Core;
  beforeAll(async () => {
    db = await createTestDatabase();
    ({ core } = await coreFor(db));
  });
  afterAll(() => db.close());
  beforeEach(() => db.reset());

  it('claims an update once and prunes old claims', async () => {
    const dedup = new UpdateDedup(db.kysely);
    expect(await dedup.claim('telegram', '1')).toBe(true);
    expect(await dedup.claim('telegram', '1')).toBe(false);
    expect(await dedup.claim('zalo', '1')).toBe(true);
    await db.sql.query(`UPDATE processed_updates SET processed_at = now() - interval '4 days' WHERE channel = 'telegram'`);
    expect(await dedup.prune(72)).toBe(1);
    expect(await dedup.claim('telegram', '1')).toBe(true);
  });

  it('claims made together are written in one statement; the same id twice wins once', async () => {
    const dedup = new UpdateDedup(db.kysely);
    const got = await Promise.all([
      dedup.claim('zalo', 'a'),
      dedup.claim('zalo', 'b'),
      dedup.claim('zalo', 'a'),
      dedup.claim('telegram', 'a'),
    ]);
    expect(got).toEqual([true, true, false, true]);
    expect(await Promise.all([dedup.claim('zalo', 'a'), dedup.claim('zalo', 'c')])).toEqual([false, true]);
  });

  function dispatcher(perMinute = 100) {
    const metrics = createMetrics();
    const d = new Dispatcher({
      core,
      dedup: new UpdateDedup(db.kysely),
      limiter: new UserRateLimiter(perMinute),
      metrics,
      log: createLogger('silent'),
    });
    return { d, metrics };
  }
  const event = (chatId: string, text: string, updateId: string | null = `${chatId}-${text}`): InboundEvent => ({
    channel: 'telegram',
    updateId,
    chatId,
    userId: chatId,
    kind: 'text',
    text,
  });

  it('a slow chat does not hold up the others; each chat stays in order', async () => {
    const { d } = dispatcher();
    const delivered: { chat: string; text: string; at: number }[] = [];
    d.register('telegram', {
      async send(chatId: string, reply: Reply) {
        if (chatId === 'slow') await new Promise((r) => setTimeout(r, 400));
        delivered.push({ chat: chatId, text: reply.text, at: Date.now() });
      },
    });
    await d.accept(event('slow', 'xin chào'));
    await d.accept(event('slow', 'cảm ơn'));
    const fast = await d.accept(event('fast', 'cảm ơn'));
    await fast.done;
    expect(delivered.map((x) => x.chat)).toEqual(['fast']);
    await d.close();
    expect(delivered.map((x) => x.chat)).toEqual(['fast', 'slow', 'slow']);
    expect(delivered[1]!.text).toContain('Xin chào');
    expect(delivered[2]!.text).toContain('Rất vui');
  });

  it('a full backlog refuses new updates as busy, and polling can wait for room', async () => {
    const metrics = createMetrics();
    const d = new Dispatcher({
      core,
      dedup: new UpdateDedup(db.kysely),
      limiter: new UserRateLimiter(100),
      metrics,
      log: createLogger('silent'),
      maxBacklog: 1,
    });
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    d.register('telegram', { send: () => gate });
    const first = await d.accept(event('b1', 'xin chào', 'busy-1'));
    expect(first.status).toBe('queued');
    expect(d.busy).toBe(true);
    expect((await d.accept(event('b2', 'xin chào', 'busy-2'))).status).toBe('busy');
    let roomy = false;
    const room = d.room().then(() => {
      roomy = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(roomy).toBe(false);
    release();
    await first.done;
    await room;
    expect(d.busy).toBe(false);
    // Refused before being claimed: a redelivery is processed.
    expect((await d.accept(event('b2', 'xin chào', 'busy-2'))).status).toBe('queued');
    await d.close();
  });

  it('duplicates are skipped, failures are counted, a closed dispatcher takes nothing', async () => {
    const { d, metrics } = dispatcher();
    let calls = 0;
    d.register('telegram', {
      async send() {
        calls++;
        throw new Error('network down');
      },
    });
    const a = await d.accept(event('c1', 'xin chào', 'u-1'));
    const b = await d.accept(event('c1', 'xin chào', 'u-1'));
    expect([a.status, b.status]).toEqual(['queued', 'duplicate']);
    await a.done;
    expect(calls).toBe(1);
    const text = await metrics.render();
    expect(text).toMatch(/dvc_errors_total\{channel="telegram",stage="send"\} 1/);
    expect(text).toMatch(/dvc_updates_duplicate_total\{channel="telegram"\} 1/);
    await d.close();
    expect((await d.accept(event('c1', 'cảm ơn', 'u-2'))).status).toBe('closed');
  });

  const row = async (updateId: string) =>
    (
      await db.sql.query<{ done: boolean; event: unknown; lease_ms: number | null; attempts: number }>(
        `SELECT done_at IS NOT NULL AS done, event, attempts,
                (extract(epoch FROM lease_until - now()) * 1000)::float8 AS lease_ms
           FROM processed_updates WHERE channel = 'telegram' AND update_id = $1`,
        [updateId],
      )
    )[0];

  function ledgerDispatcher(leaseMs: number) {
    const metrics = createMetrics();
    const dedup = new UpdateDedup(db.kysely, { leaseMs });
    const d = new Dispatcher({ core, dedup, limiter: new UserRateLimiter(100), metrics, log: createLogger('silent') });
    const sent: { chat: string; text: string }[] = [];
    d.register('telegram', {
      async send(chatId: string, reply: Reply) {
        sent.push({ chat: chatId, text: reply.text });
      },
    });
    return { d, dedup, metrics, sent };
  }

  it('an answered update is recorded done, and what was kept to answer it again is dropped', async () => {
    const { d, sent } = ledgerDispatcher(60_000);
    const a = await d.accept(event('d1', 'xin chào', 'done-1'));
    await a.done;
    expect(sent).toHaveLength(1);
    expect(await row('done-1')).toMatchObject({ done: true, event: null });
    await d.close();
  });

  it('a claim whose process died is answered once after its lease lapses: by a restart or by a redelivery', async () => {
    // A process claims two updates and dies before answering (its claims are written, nothing sent).
    const dead = new UpdateDedup(db.kysely, { leaseMs: 300 });
    expect(await dead.claim('telegram', 'lost-1', event('l1', 'xin chào', 'lost-1'))).toBe(true);
    expect(await dead.claim('telegram', 'lost-2', event('l2', 'cảm ơn', 'lost-2'))).toBe(true);
    const { d, sent, metrics } = ledgerDispatcher(300);
    // While the lease runs, a redelivery is a duplicate: the owner may still be answering.
    expect((await d.accept(event('l2', 'cảm ơn', 'lost-2'))).status).toBe('duplicate');
    await new Promise((r) => setTimeout(r, 350));
    // After it lapses, a redelivery takes it over…
    const redelivered = await d.accept(event('l2', 'cảm ơn', 'lost-2'));
    expect(redelivered.status).toBe('queued');
    await redelivered.done;
    // …and the restarted process's recovery answers the other one.
    d.startRecovery();
    for (let i = 0; i < 250 && sent.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(sent.map((x) => x.chat).sort()).toEqual(['l1', 'l2']);
    for (let i = 0; i < 250 && !(await row('lost-1'))?.done; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await row('lost-1')).toMatchObject({ done: true });
    expect(await row('lost-2')).toMatchObject({ done: true });
    expect(await metrics.render()).toMatch(/dvc_updates_recovered_total\{channel="telegram",uncertain="false"\} 1/);
    // Nothing is answered twice afterwards.
    await new Promise((r) => setTimeout(r, 400));
    expect(sent).toHaveLength(2);
    await d.close();
  });

  it('a process that stalled past its lease does not take back its own claim: answered once', async () => {
    // Measured: test/restart.test.ts with the restarted process stopped for 6 s (lease 3 s) sent
    // chat 1239 two replies, the second without the repeat note. Its sweep took back an update the
    // process itself still held, whose lease had lapsed during the stall, and queued it again.
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slow: Core = {
      async handle(m) {
        await gate;
        return core.handle(m);
      },
    };
    const d = new Dispatcher({
      core: slow,
      dedup: new UpdateDedup(db.kysely, { leaseMs: 60_000 }),
      limiter: new UserRateLimiter(100),
      metrics: createMetrics(),
      log: createLogger('silent'),
    });
    const sent: string[] = [];
    d.register('telegram', {
      async send(_chatId: string, reply: Reply) {
        sent.push(reply.text);
      },
    });
    const taken = await d.accept(event('st1', 'xin chào', 'stall-1'));
    expect(taken.status).toBe('queued');
    // What a stall longer than the lease leaves: the claim still held here, its lease lapsed.
    await db.sql.query(`UPDATE processed_updates SET lease_until = now() - interval '1 second' WHERE update_id = 'stall-1'`);
    d.startRecovery(); // sweeps at once, as the overdue timer does when the process wakes
    await new Promise((r) => setTimeout(r, 300));
    release();
    await taken.done;
    for (let i = 0; i < 50 && d.inFlight > 0; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    expect(sent).toHaveLength(1);
    expect(await row('stall-1')).toMatchObject({ done: true, attempts: 1 });
    await d.close();
  });

  it('a send that could not get through is answered later without holding the chat’s next message', async () => {
    const metrics = createMetrics();
    const d = new Dispatcher({
      core,
      dedup: new UpdateDedup(db.kysely, { leaseMs: 600 }),
      limiter: new UserRateLimiter(100),
      metrics,
      log: createLogger(process.env.DEBUG_TEST ? 'debug' : 'silent'),
    });
    const sent: string[] = [];
    let refuse = 1;
    d.register('telegram', {
      async send(_chatId: string, reply: Reply) {
        if (refuse-- > 0) throw new DeliveryDeferred(200, new Error('connect ECONNREFUSED'));
        sent.push(reply.text);
      },
    });
    const first = await d.accept(event('r1', 'xin chào', 'defer-1'));
    await first.done;
    expect(await row('defer-1')).toMatchObject({ done: false });
    const second = await d.accept(event('r1', 'cảm ơn', 'defer-2'));
    await second.done;
    expect(sent).toHaveLength(1); // the chat's next message went out at once
    d.startRecovery();
    for (let i = 0; i < 250 && sent.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(sent).toHaveLength(2);
    expect(sent[1]).toContain('Xin chào');
    for (let i = 0; i < 250 && !(await row('defer-1'))?.done; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await row('defer-1')).toMatchObject({ done: true, attempts: 2 });
    expect(await metrics.render()).toMatch(/dvc_errors_total\{channel="telegram",stage="send_deferred"\} 1/);
    await d.close();
  });

  it('shutdown works off what it can in its budget and hands back the rest, answered after restart', async () => {
    const { d } = ledgerDispatcher(60_000);
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    d.register('telegram', { send: () => gate });
    await d.accept(event('s1', 'xin chào', 'stop-1'));
    await d.accept(event('s1', 'cảm ơn', 'stop-2'));
    const t0 = Date.now();
    await d.close(200);
    expect(Date.now() - t0).toBeLessThan(1000);
    release();
    for (const id of ['stop-1', 'stop-2']) {
      const r = await row(id);
      expect(r?.done).toBe(false);
      expect(r!.lease_ms!).toBeLessThanOrEqual(0);
    }
    const next = ledgerDispatcher(60_000);
    next.d.startRecovery();
    for (let i = 0; i < 250 && next.sent.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(next.sent.map((x) => x.text.slice(0, 8))).toHaveLength(2);
    await next.d.close();
  });

  it('a message carrying NUL or a lone surrogate is claimed without failing the others claimed with it', async () => {
    const dedup = new UpdateDedup(db.kysely);
    const got = await Promise.all([
      dedup.claim('telegram', 'ok-1', event('n1', 'xin chào')),
      dedup.claim('telegram', 'bad-1', event('n2', 'a\u0000b \uD800 c')),
      dedup.claim('telegram', 'ok-2', event('n3', 'cảm ơn')),
    ]);
    expect(got).toEqual([true, true, true]);
  });

  it('replicas sharing the database share each user’s budget (rate_limits table)', async () => {
    const a = new UserRateLimiter(3, db.kysely);
    const b = new UserRateLimiter(3, db.kysely);
    const verdicts = [await a.take('zalo', 'u9'), await b.take('zalo', 'u9'), await a.take('zalo', 'u9')];
    expect(verdicts).toEqual(['ok', 'ok', 'ok']);
    expect(await b.take('zalo', 'u9')).toBe('limited_notify');
    expect(await a.take('zalo', 'u9')).toBe('limited_silent');
    expect(await b.take('telegram', 'u9')).toBe('ok');
    const rows = await db.sql.query<{ key: string; points: number }>('SELECT key, points FROM rate_limits ORDER BY key');
    expect(rows).toEqual([
      { key: 'msg:telegram:u9', points: 1 },
      { key: 'msg:zalo:u9', points: 5 },
    ]);
  });
});
