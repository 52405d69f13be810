import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../src/core/types.ts';
import { deleteExpired, startRetention } from '../src/store/retention.ts';
import { createLogger } from '../src/log.ts';
import { loadConfig } from '../src/config.ts';
import { coreFor } from './helpers/channel-app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

// Issue 13 item 6: căn cước, phone and e-mail never reach the database; what is kept expires.

const PERSONAL = /079123456789|0912\s?345\s?678|\+84\s?987654321|lan\.nguyen@gmail\.com/;

describe('personal data', () => {
  let db: TestDatabase;
  let core: Core;
  beforeAll(async () => {
    db = await createTestDatabase();
    ({ core } = await coreFor(db));
  });
  afterAll(() => db.close());
  beforeEach(() => db.reset());

  const ask = (text: string, extra: Record<string, string> = {}) =>
    core.handle({ channel: 'test', chatId: 'pd-1', userId: 'pd-1', text, ...extra });

  it('is masked before the chat state, the unanswered-question log and feedback are written', async () => {
    // Something the guides cannot answer, so it is logged for guide writers.
    await ask('giá vàng hôm nay bao nhiêu? 079123456789, 0912 345 678, lan.nguyen@gmail.com');
    const answer = await ask('làm định danh mức 2 ở đâu, gọi tôi +84 987654321 nhé');
    await ask('', { callbackData: `fb:down:${answer.sources![0]!.id}` });
    const dump = JSON.stringify([
      await db.sql.query('SELECT * FROM chats'),
      await db.sql.query('SELECT * FROM unanswered_questions'),
      await db.sql.query('SELECT * FROM feedback'),
    ]);
    expect(dump).not.toMatch(PERSONAL);
    const unanswered = await db.sql.query<{ text: string }>('SELECT text FROM unanswered_questions');
    expect(unanswered.map((u) => u.text)).toContainEqual('giá vàng hôm nay bao nhiêu? [***], [***], [***@***]');
    const [chat] = await db.sql.query<{ state: { lastQuestion: string } }>('SELECT state FROM chats');
    expect(chat!.state.lastQuestion).toContain('[***]');
    const [fb] = await db.sql.query<{ question: string }>('SELECT question FROM feedback');
    expect(fb!.question).toContain('[***]');
  });

  it('unanswered questions, feedback and idle chats older than the retention are deleted; newer ones stay', async () => {
    const q = (sql: string) => db.sql.query(sql);
    await q(`INSERT INTO unanswered_questions (channel, chat_id, text, created_at) VALUES
      ('test', 'a', 'cũ', now() - interval '91 days'), ('test', 'b', 'mới', now() - interval '89 days')`);
    await q(`INSERT INTO feedback (channel, chat_id, helpful, created_at) VALUES
      ('test', 'a', true, now() - interval '200 days'), ('test', 'b', false, now())`);
    await q(`INSERT INTO chats (channel, chat_id, updated_at) VALUES ('test', 'a', now() - interval '100 days'), ('test', 'b', now())`);
    await q(`INSERT INTO support_tickets (channel, chat_id, question, status, updated_at) VALUES
      ('test', 'a', 'cũ', 'closed', now() - interval '95 days'), ('test', 'b', 'mới', 'answered', now())`);
    expect(await deleteExpired(db.kysely, 90)).toEqual({ unanswered_questions: 1, feedback: 1, chats: 1, support_tickets: 1 });
    expect(await q(`SELECT chat_id FROM support_tickets`)).toEqual([{ chat_id: 'b' }]);
    expect(await q(`SELECT chat_id FROM unanswered_questions`)).toEqual([{ chat_id: 'b' }]);
    expect(await q(`SELECT chat_id FROM feedback`)).toEqual([{ chat_id: 'b' }]);
    expect(await q(`SELECT chat_id FROM chats`)).toEqual([{ chat_id: 'b' }]);
    // The periodic job runs at start, then on its interval.
    await q(`INSERT INTO feedback (channel, chat_id, helpful, created_at) VALUES ('test', 'c', true, now() - interval '3 days')`);
    const job = startRetention({ db: db.kysely, days: 2, log: createLogger('silent'), everyMs: 50 });
    try {
      await expect.poll(() => q(`SELECT chat_id FROM feedback ORDER BY chat_id`)).toEqual([{ chat_id: 'b' }]);
    } finally {
      job.stop();
    }
  });

  it('the retention is configurable and defaults to 90 days', () => {
    expect(loadConfig({}).PERSONAL_DATA_RETENTION_DAYS).toBe(90);
    expect(loadConfig({ PERSONAL_DATA_RETENTION_DAYS: '30' }).PERSONAL_DATA_RETENTION_DAYS).toBe(30);
    expect(() => loadConfig({ PERSONAL_DATA_RETENTION_DAYS: '0' })).toThrow(/PERSONAL_DATA_RETENTION_DAYS/);
  });
});
