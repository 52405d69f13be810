import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpdateDedup } from '../bot/channels/dedup.ts';
import { Dispatcher, type InboundEvent } from '../bot/channels/dispatcher.ts';
import { createMetrics } from '../bot/channels/metrics.ts';
import { UserRateLimiter } from '../bot/channels/rate-limit.ts';
import { ChatStore } from '../src/core/chats.ts';
import { storable } from '../src/core/storable.ts';
import type { Core, Reply } from '../src/core/types.ts';
import { createLogger } from '../src/log.ts';
import { coreFor } from './helpers/channel-app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

// Issue 13 item 1: one user's message can never fail another user's answer.

const ERROR = /hệ thống đang gặp sự cố/;

describe('no message can fail another', () => {
  let db: TestDatabase;
  let core: Core;
  beforeAll(async () => {
    db = await createTestDatabase();
    ({ core } = await coreFor(db));
  });
  afterAll(() => db.close());
  beforeEach(() => db.reset());

  it('storable() drops NUL and replaces lone surrogates, and leaves everything else alone', () => {
    expect(storable('a\u0000b')).toBe('ab');
    expect(storable('x\uD800y')).toBe('x\uFFFDy');
    expect(storable('\uDC00')).toBe('\uFFFD');
    expect(storable('đăng ký 👍 mức 2')).toBe('đăng ký 👍 mức 2');
    expect(storable('\uD83D\uDC4D\uD83D')).toBe('👍\uFFFD');
  });

  it('10 texts with NUL or lone surrogates among 150 users at once: every user gets a real answer, none an error', async () => {
    const metrics = createMetrics();
    const d = new Dispatcher({
      core,
      dedup: new UpdateDedup(db.kysely),
      limiter: new UserRateLimiter(100),
      metrics,
      log: createLogger('silent'),
    });
    const replies = new Map<string, Reply>();
    d.register('telegram', {
      async send(chatId, reply) {
        replies.set(chatId, reply);
      },
    });
    const bad = ['nộp hồ sơ\u0000 trực tuyến', 'VNeID \uD800 quên mật khẩu', '\uDFFF', 'a\u0000\u0000', 'thanh toán \uDBFF phí'];
    const events: InboundEvent[] = Array.from({ length: 150 }, (_, i) => ({
      channel: 'telegram',
      updateId: `iso-${i}`,
      chatId: `u${i}`,
      userId: `u${i}`,
      displayName: i % 15 === 0 ? 'Lan\u0000\uD800' : 'Lan',
      kind: 'text',
      text: i % 15 === 0 ? bad[(i / 15) % bad.length]! : 'làm định danh mức 2 ở đâu',
    }));
    const accepted = await Promise.all(events.map((e) => d.accept(e)));
    await Promise.all(accepted.map((a) => a.done));
    await d.close();
    expect(replies.size).toBe(150);
    for (const [chat, reply] of replies) {
      expect(reply.text, chat).not.toMatch(ERROR);
      expect(reply.failure, chat).toBeUndefined();
    }
    // What was stored is what the database can hold: cleaned, not refused.
    const rows = await db.sql.query<{ chat_id: string; state: { lastQuestion?: string } }>(
      `SELECT chat_id, state FROM chats WHERE chat_id IN ('u0', 'u15')`,
    );
    expect(rows.map((r) => r.state.lastQuestion).sort()).toEqual(['VNeID \uFFFD quên mật khẩu', 'nộp hồ sơ trực tuyến']);
    expect(await metrics.render()).not.toMatch(/dvc_error_replies_total\{/);
  });

  it('chat state saved together: only the item the database refuses fails', async () => {
    const store = new ChatStore(db.kysely);
    const base = { lastTopic: null, lastGuideId: null, mode: 'normal', step: 0 };
    const saves = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        store.save('test', `s${i}`, { ...base, step: i === 7 || i === 12 ? ('x' as never) : i, data: { q: `câu ${i}\u0000` } }),
      ),
    );
    expect(saves.flatMap((s, i) => (s.status === 'rejected' ? [i] : []))).toEqual([7, 12]);
    const rows = await db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM chats WHERE channel = 'test'`);
    expect(Number(rows[0]!.n)).toBe(18);
    expect((await store.load('test', 's3')).data).toEqual({ q: 'câu 3' });
  });

  it('every error reply is counted in /metrics', async () => {
    const metrics = createMetrics();
    const failing: Core = {
      async handle() {
        return { intent: 'out_of_scope', text: 'Xin lỗi, hệ thống đang gặp sự cố', failure: 'error' };
      },
    };
    const d = new Dispatcher({
      core: failing,
      dedup: new UpdateDedup(db.kysely),
      limiter: new UserRateLimiter(100),
      metrics,
      log: createLogger('silent'),
    });
    d.register('zalo', { send: async () => {} });
    for (const i of [1, 2, 3]) {
      const a = await d.accept({ channel: 'zalo', updateId: `m${i}`, chatId: 'z', userId: 'z', kind: 'text', text: 'x' });
      await a.done;
    }
    await d.close();
    expect(await metrics.render()).toMatch(/dvc_error_replies_total\{channel="zalo",reason="error"\} 3/);
  });
});
