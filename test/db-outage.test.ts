import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateDedup } from '../bot/channels/dedup.ts';
import { Dispatcher, type InboundEvent } from '../bot/channels/dispatcher.ts';
import { createMetrics } from '../bot/channels/metrics.ts';
import { UserRateLimiter } from '../bot/channels/rate-limit.ts';
import { DB_BUSY, ERROR_REPLY } from '../src/core/messages.ts';
import type { Core, Reply } from '../src/core/types.ts';
import { createLogger } from '../src/log.ts';
import { type Database, openDatabase } from '../src/store/db.ts';
import { isDatabaseUnavailable } from '../src/store/unavailable.ts';
import { coreFor } from './helpers/channel-app.ts';
import type { TestDatabase } from './helpers/db.ts';
import { insertOfficer, insertUnits } from './helpers/rows.ts';

// Issue 13 item 4: the real PostgreSQL server is stopped and started again under load. This file
// runs its own cluster (stopping the suite's shared server would break the other test files), so
// it needs the PostgreSQL binaries that .ci/with-postgres.sh uses; it runs in that pass of .ci/run.

const bin = (() => {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(a) - Number(b));
  const dir = versions.length ? join(root, versions.at(-1)!, 'bin') : null;
  return dir && existsSync(join(dir, 'pg_ctl')) ? dir : null;
})();
const reason = !process.env.TEST_DATABASE_URL
  ? 'skipped: no TEST_DATABASE_URL (run: bash .ci/with-postgres.sh npx vitest run test/db-outage.test.ts)'
  : !bin
    ? 'skipped: PostgreSQL binaries not found under /usr/lib/postgresql'
    : null;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

/** A private cluster on 127.0.0.1 that the test can stop and start. */
class Cluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'dvc-outage-'));
  port = 0;
  private run(cmd: string, args: string[]) {
    const asRoot = process.getuid?.() === 0;
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin!, cmd), ...args]] : [join(bin!, cmd), args];
    execFileSync(file, argv as string[], { stdio: 'pipe' });
  }
  async init() {
    if (process.getuid?.() === 0) {
      try {
        execFileSync('id', ['postgres'], { stdio: 'pipe' });
      } catch {
        execFileSync('useradd', ['--system', '--no-create-home', 'postgres']);
      }
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      chownSync(this.dir, uid, -1);
    }
    this.port = await freePort();
    this.run('initdb', ['-D', `${this.dir}/data`, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    this.start();
  }
  start() {
    this.run('pg_ctl', ['-D', `${this.dir}/data`, '-l', `${this.dir}/log`, '-w', '-o', `-h 127.0.0.1 -p ${this.port} -k ${this.dir} -c fsync=off`, 'start']);
  }
  stop() {
    this.run('pg_ctl', ['-D', `${this.dir}/data`, '-m', 'fast', '-w', 'stop']);
  }
  get url() {
    return `postgresql://postgres@127.0.0.1:${this.port}/postgres`;
  }
  destroy() {
    try {
      this.stop();
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

describe.skipIf(reason !== null)(`PostgreSQL stopped and started under load ${reason ?? ''}`, () => {
  const cluster = new Cluster();
  let db: Database;
  let core: Core;
  const warnings: string[] = [];

  beforeAll(async () => {
    await cluster.init();
    const sink = { write: (line: string) => void warnings.push(line) };
    db = await openDatabase({
      dataDir: cluster.dir,
      databaseUrl: cluster.url,
      timeouts: { connectMs: 1000, statementMs: 3000, idleInTransactionMs: 5000 },
      log: createLogger('warn', sink),
    });
    ({ core } = await coreFor({ ...db, dataDir: cluster.dir } as TestDatabase));
    await insertUnits(db.kysely, [{ code: 'SYT', name: 'Sở Y tế Thử', path: '/SYT/' }]);
    await insertOfficer(db.kysely, { unit_code: 'SYT', display_name: 'Lan' }, [{ channel: 'telegram', user_id: 'officer', chat_id: 'officer' }]);
  }, 60_000);
  afterAll(async () => {
    await db?.close().catch(() => {});
    cluster.destroy();
  });

  it('a hung statement is cancelled at DB_STATEMENT_TIMEOUT_MS and counts as the database being unavailable', async () => {
    const t0 = Date.now();
    const err = await db.sql.query('SELECT pg_sleep(30)').catch((e: unknown) => e);
    expect(Date.now() - t0).toBeLessThan(6000);
    expect(err).toMatchObject({ code: '57014' });
    expect(isDatabaseUnavailable(err)).toBe(true);
    // The pool is fine afterwards.
    expect(await db.sql.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  }, 20_000);

  it('citizens keep getting guides, officers "hệ thống đang bận", failures are counted, and it recovers by itself', async () => {
    const metrics = createMetrics();
    const d = new Dispatcher({
      core,
      dedup: new UpdateDedup(db.kysely),
      limiter: new UserRateLimiter(10_000),
      metrics,
      log: createLogger('silent'),
    });
    const replies: { chatId: string; reply: Reply; phase: string }[] = [];
    let phase = 'up';
    d.register('telegram', {
      async send(chatId, reply) {
        replies.push({ chatId, reply, phase });
      },
    });
    let n = 0;
    const accepted: Promise<void>[] = [];
    const send = async (chatId: string, text: string) => {
      const e: InboundEvent = { channel: 'telegram', updateId: `o-${n++}`, chatId, userId: chatId, kind: 'text', text };
      accepted.push((await d.accept(e)).done);
    };
    // About 60 messages a second from 20 citizens and one officer, during each phase.
    const load = async (ms: number) => {
      const until = Date.now() + ms;
      for (let i = 0; Date.now() < until; i++) {
        await send(`c${i % 20}`, 'làm định danh mức 2 ở đâu');
        if (i % 6 === 0) await send('officer', 'tỷ lệ trực tuyến tháng này');
        await new Promise((r) => setTimeout(r, 15));
      }
    };
    await load(1000);
    await Promise.all(accepted);
    phase = 'down';
    const stopping = load(2500);
    cluster.stop();
    await stopping;
    await Promise.all(accepted);
    const downFrom = replies.findIndex((r) => r.phase === 'down');
    cluster.start();
    phase = 'back';
    // Recovers by itself: no restart of the bot, the pool reconnects on the next use.
    const deadline = Date.now() + 20_000;
    let recovered = false;
    while (!recovered && Date.now() < deadline) {
      await load(300);
      await Promise.all(accepted);
      recovered = replies.some((r) => r.phase === 'back' && r.chatId === 'officer' && r.reply.text.includes('Sở Y tế Thử'));
    }
    await d.close();

    expect(replies).toHaveLength(n); // every message got exactly one reply
    expect(replies.some((r) => r.reply.text === ERROR_REPLY)).toBe(false);
    const down = replies.slice(downFrom).filter((r) => r.phase === 'down');
    const citizensDown = down.filter((r) => r.chatId !== 'officer');
    const officerDown = down.filter((r) => r.chatId === 'officer');
    expect(citizensDown.length).toBeGreaterThan(20);
    for (const r of citizensDown) expect(r.reply.intent, r.reply.text.slice(0, 80)).toBe('guide');
    expect(officerDown.some((r) => r.reply.text === DB_BUSY)).toBe(true);
    for (const r of officerDown) expect(r.reply.text).not.toContain('Sở Y tế Thử');
    expect(recovered).toBe(true);
    const busy = officerDown.filter((r) => r.reply.text === DB_BUSY).length;
    const text = await metrics.render();
    expect(text).toMatch(new RegExp(`dvc_error_replies_total\\{channel="telegram",reason="database"\\} ${busy}\\b`));
    expect(text).not.toMatch(/reason="error"/);
    // The connections the restart broke were reported, not left to crash the process.
    expect(warnings.join('')).toMatch(/database unreachable|PostgreSQL connection lost|chat state not saved/);
    // Chat state is written again once the server is back.
    const rows = await db.sql.query(`SELECT 1 FROM chats WHERE updated_at > now() - interval '10 seconds'`);
    expect(rows.length).toBeGreaterThan(0);
  }, 90_000);
});
