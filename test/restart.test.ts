import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { templateDataDir } from './helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { MAYBE_REPEAT } from '../bot/channels/texts.ts';
import { type StartedBot, spawnStart } from './helpers/start.ts';
import { FakeTelegram } from './helpers/telegram-bot-api.ts';

// Issue 13 item 5: a kill -9 under load, then a restart: every update the bot accepted (HTTP 200)
// is answered, once. What the dead process refused or never saw is redelivered by the platform,
// as Telegram does for webhooks that did not answer 200.

const SECRET = 'restart-test-secret-0123';
const LEASE_SECONDS = 3;

async function startBot(tg: FakeTelegram, dataDir: string, databaseUrl: string | undefined): Promise<StartedBot> {
  const bot = await spawnStart(dataDir, databaseUrl, {
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
    TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/webhook/telegram',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    UPDATE_LEASE_SECONDS: String(LEASE_SECONDS),
    // Every chat sends one message; the per-user budget is not what is tested here.
    RATE_LIMIT_PER_MINUTE: '1000',
    // Warnings and errors are kept (see `warnings`): what a rare failure leaves to read.
    LOG_LEVEL: 'warn',
  });
  tg.deliverTo = `http://127.0.0.1:${bot.port}/webhook/telegram`;
  return bot;
}

const update = (chat: number) => ({
  message: {
    message_id: chat,
    date: Math.floor(Date.now() / 1000),
    chat: { id: chat, type: 'private', first_name: 'Dân' },
    from: { id: chat, is_bot: false, first_name: 'Dân' },
    text: 'xin chào',
  },
});

/** How many times each warning or error was logged (pino's JSON lines, level 40 and up). */
function warnings(bot: StartedBot): Record<string, number> {
  const seen: Record<string, number> = {};
  for (const line of bot.stderr().split('\n')) {
    let entry: { level?: number; msg?: string };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue; // not a log line, or the last one, cut by the kill
    }
    if ((entry.level ?? 0) >= 40) seen[entry.msg ?? ''] = (seen[entry.msg ?? ''] ?? 0) + 1;
  }
  return seen;
}

describe('kill -9 under load, then restart', () => {
  let tg: FakeTelegram | undefined;
  let db: TestDatabase | undefined;
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await tg?.close();
    await db?.close();
  });

  it('every accepted update is answered; only a reply cut off by the kill is repeated, and it says so', async () => {
    tg = await new FakeTelegram().listen();
    // On PostgreSQL a database of its own; on PGlite a copy of the migrated template.
    db = process.env.TEST_DATABASE_URL ? await createTestDatabase() : undefined;
    const dataDir = templateDataDir('restart');
    const first = await startBot(tg, dataDir, db?.databaseUrl);
    children.push(first.proc);

    // Warm up (answer worker, caches), as a bot that has been running would be.
    for (let i = 0; i < 20; i++) expect(await tg.deliver({ update_id: 40_000 + i, ...update(900 + i) }, SECRET)).toBe(200);
    while (new Set(tg.sent.map((m) => m.chat_id)).size < 20) await new Promise((r) => setTimeout(r, 50));
    const warm = tg.sent.length;

    // 300 updates at ~200/s, one chat each; the process is killed once it has acknowledged 60,
    // with many more in flight behind them. A starved process acknowledges slowly (17, 14 and 9 by
    // the 200th on this 2-core machine at load 12): from then on 20 do, or the last update.
    const total = 300;
    const statuses = new Map<number, number>();
    const updates = new Map<number, Record<string, unknown>>();
    const sends: Promise<void>[] = [];
    const t0 = performance.now();
    for (let i = 0; i < total; i++) {
      const chat = 1000 + i;
      const wait = t0 + i * 5 - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const acked = [...statuses.values()].filter((st) => st === 200).length;
      if (first.proc.exitCode === null && first.proc.signalCode === null && (acked >= 60 || (i >= 200 && acked >= 20) || i === total - 1)) {
        first.proc.kill('SIGKILL');
      }
      const u = { update_id: 50_000 + i, ...update(chat) };
      updates.set(chat, u);
      sends.push(
        tg.deliver(u, SECRET).then(
          (status) => void statuses.set(chat, status),
          () => void statuses.set(chat, 0), // connection refused: the platform redelivers it
        ),
      );
    }
    await Promise.all(sends);
    await first.exited;
    const accepted = [...statuses].filter(([, s]) => s === 200).map(([c]) => c);
    expect(accepted.length).toBeGreaterThanOrEqual(20);
    expect(accepted.length).toBeLessThan(total);
    // Replies the killed process had already written may still sit unread in the fake server's
    // sockets when its exit is seen: count them once nothing more arrives. Counted at once, a
    // loaded CI run saw 10 answered before the kill, then 37 of those chats repeated with the note.
    for (let seen = -1; seen !== tg.sent.length; ) {
      seen = tg.sent.length;
      await new Promise((r) => setTimeout(r, 300));
    }
    const answeredBeforeKill = new Set(tg.sent.slice(warm).map((m) => Number(m.chat_id)));

    // Restart on the same data; Telegram redelivers what was not acknowledged.
    const second = await startBot(tg, dataDir, db?.databaseUrl);
    children.push(second.proc);
    for (const [chat, status] of statuses) {
      if (status !== 200) expect(await tg.deliver(updates.get(chat)!, SECRET)).toBe(200);
    }

    // Claims the dead process held are answered once their lease lapses.
    const redelivered = performance.now();
    const deadline = Date.now() + (LEASE_SECONDS + 25) * 1000;
    // Only this run's chats count. With the 20 warm-up chats counted too, the wait ended once 280
    // of the 300 were answered, and the rest had only the 4 s below: a restarted process slowed
    // for longer than that (a loaded CI machine) showed as a lost reply. CI on PGlite (1ed1aa3)
    // failed with one such (chat 1274, among the last redelivered). Reproduced by stopping the
    // restarted process for 6 s after the redeliveries: the old wait reported chat 1239 missing;
    // it was answered 6.1 s after the redeliveries. The claims themselves are durable at kill -9
    // (test/claim-durability.test.ts).
    const answered = () => {
      const replied = new Set(tg!.sent.slice(warm).map((m) => Number(m.chat_id)));
      return [...updates.keys()].filter((c) => replied.has(c)).length;
    };
    // When the old wait would have stopped (280 answered) and when all were: the margin it lacked.
    let oldExitMs: number | undefined;
    for (let n = answered(); ; n = answered()) {
      if (oldExitMs === undefined && n >= total - 20) oldExitMs = Math.round(performance.now() - redelivered);
      if (n >= total || Date.now() >= deadline) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const allAnsweredMs = Math.round(performance.now() - redelivered);
    // A little longer: a second answer would show up now.
    await new Promise((r) => setTimeout(r, (LEASE_SECONDS + 1) * 1000));

    const perChat = new Map<number, string[]>();
    for (const m of tg.sent.slice(warm)) perChat.set(Number(m.chat_id), [...(perChat.get(Number(m.chat_id)) ?? []), m.text]);
    const missing = [...updates.keys()].filter((c) => !perChat.has(c));
    // A second reply is allowed only where the process died while sending the first (the request
    // may have left): it must then say it may be a repeat. Any other second reply is a bug.
    const twice = [...perChat].filter(([, texts]) => texts.length > 1);
    const unexplained = twice.filter(([, texts]) => texts.length > 2 || !texts[1]!.startsWith(MAYBE_REPEAT)).map(([c]) => c);
    // Figures for the issue note.
    console.log(
      JSON.stringify({
        total,
        accepted_by_killed_process: accepted.length,
        answered_before_kill: answeredBeforeKill.size,
        missing: missing.length,
        repeated_with_note: twice.length - unexplained.length,
        repeated_without_note: unexplained.length,
        all_answered_ms_after_redelivery: allAnsweredMs,
        old_wait_exit_ms: oldExitMs,
        warnings_first: warnings(first),
        warnings_second: warnings(second),
      }),
    );
    // What the bots logged about a chat left unanswered: the evidence a rare failure leaves.
    for (const c of missing) {
      const lines = [first, second].flatMap((b) => b.stderr().split('\n')).filter((l) => l.includes(`${c}`));
      console.log(`chat ${c} unanswered; log lines naming it:\n${lines.join('\n')}`);
    }
    expect(missing).toEqual([]);
    expect(unexplained).toEqual([]);
    // Only replies in flight at the kill can be uncertain: far fewer than all that were answered.
    expect(twice.length).toBeLessThan(Math.max(10, answeredBeforeKill.size));

    second.proc.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 400_000);
});
