import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { templateDataDir } from './helpers/cli.ts';
import { emptyServerDatabase } from './helpers/db.ts';
import { spawnStart } from './helpers/start.ts';
import { FakeTelegram } from './helpers/telegram-bot-api.ts';

// Issue 13 item 8: several replicas on one PostgreSQL server behind webhooks. Needs the server the
// PostgreSQL pass of .ci/run starts; the embedded database is one process by design.

const SECRET = 'replica-test-secret-0123';

const startReplica = (tg: FakeTelegram, databaseUrl: string) =>
  spawnStart(templateDataDir('replica', false), databaseUrl, {
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
    TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/webhook/telegram',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    RATE_LIMIT_PER_MINUTE: '3',
  });

const post = (port: number, update: Record<string, unknown>) =>
  fetch(`http://127.0.0.1:${port}/webhook/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(update),
  }).then((r) => r.status);

const message = (updateId: number, chat: number, text: string) => ({
  update_id: updateId,
  message: {
    message_id: updateId,
    date: Math.floor(Date.now() / 1000),
    chat: { id: chat, type: 'private', first_name: 'Dân' },
    from: { id: chat, is_bot: false, first_name: 'Dân' },
    text,
  },
});

describe.runIf(process.env.TEST_DATABASE_URL !== undefined)('two `start` replicas on one PostgreSQL server', () => {
  const server = process.env.TEST_DATABASE_URL!;
  const children: ChildProcess[] = [];
  let tg: FakeTelegram | undefined;
  let created: Awaited<ReturnType<typeof emptyServerDatabase>> | undefined;
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await tg?.close();
    await created?.drop();
  });

  it('both migrate an empty database at once; an update delivered to both is answered once; budgets are shared', async () => {
    created = await emptyServerDatabase(server, 't_rep');
    const url = created.url;
    tg = await new FakeTelegram().listen();
    // Started together on an empty database: both apply the migrations at the same moment.
    const [a, b] = await Promise.all([startReplica(tg, url), startReplica(tg, url)]);
    children.push(a.proc, b.proc);

    // A platform retrying on another replica (or a load balancer sending it twice).
    const same = message(70_001, 4242, 'xin chào');
    expect(await Promise.all([post(a.port, same), post(b.port, same)])).toEqual([200, 200]);
    await tg.waitFor(() => tg!.sent.some((m) => String(m.chat_id) === '4242'), 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(tg.sent.filter((m) => String(m.chat_id) === '4242')).toHaveLength(1);

    // One user's budget (3 a minute) is one budget across the replicas: the 4th message, whichever
    // replica takes it, gets "vui lòng chờ".
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await post(i % 2 === 0 ? a.port : b.port, message(70_100 + i, 5151, 'cảm ơn')));
    expect(statuses).toEqual([200, 200, 200, 200]);
    await tg.waitFor(() => tg!.sent.filter((m) => String(m.chat_id) === '5151').length === 4, 20_000);
    const texts = tg.sent.filter((m) => String(m.chat_id) === '5151').map((m) => m.text);
    expect(texts.filter((t) => /vui lòng chờ/.test(t))).toHaveLength(1);

    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const migrations = await db.query('SELECT migration_name FROM "_prisma_migrations"');
    const distinct = new Set(migrations.rows.map((r) => r.migration_name));
    expect(migrations.rowCount).toBe(distinct.size);
    await db.end();
  }, 240_000);
});
