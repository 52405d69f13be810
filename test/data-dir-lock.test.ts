import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { acquireDataDirLock, DatabaseLockedError, removeStale } from '../src/store/data-dir-lock.ts';
import { openDatabase } from '../src/store/db.ts';
import { BIN, cliEnv, runCli, templateDataDir } from './helpers/cli.ts';

const HOLD = join(import.meta.dirname, 'fixtures', 'hold-lock.ts');
const embedded = !process.env.TEST_DATABASE_URL;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function newDir(): string {
  return join(mkdtempSync(join(inject('testRoot'), 'lock-')), 'pg');
}

/** A pid that no process has any more. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' });
  return r.pid!;
}

function writeLock(dir: string, holder: object): void {
  writeFileSync(
    `${dir}.lock`,
    JSON.stringify({ host: hostname(), startedAt: new Date().toISOString(), token: 'left', ...holder }),
  );
}

/** Another process taking the lock on `dir` through the real module; resolves with its first line. */
function holder(dir: string): { proc: ChildProcess; line: Promise<string>; exited: Promise<number | null> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', HOLD, dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(proc);
  let out = '';
  const line = new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (d) => {
      out += String(d);
      if (out.includes('\n')) resolve(out.trim());
    });
    proc.on('exit', () => reject(new Error(`exited before saying anything: ${out}`)));
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, line, exited };
}

describe('data directory lock (processes and files)', () => {
  it('refuses while another live process holds it, naming that pid; its normal exit leaves no lock', async () => {
    const dir = newDir();
    const h = holder(dir);
    expect(await h.line).toBe(`held ${h.proc.pid}`);
    expect(JSON.parse(readFileSync(`${dir}.lock`, 'utf8'))).toMatchObject({ pid: h.proc.pid, host: hostname() });

    const err = (() => {
      try {
        acquireDataDirLock(dir);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DatabaseLockedError);
    expect((err as DatabaseLockedError).pid).toBe(h.proc.pid);
    expect((err as Error).message).toContain(`Cơ sở dữ liệu nhúng ở ${dir} đang được tiến trình ${h.proc.pid} dùng`);
    expect((err as Error).message).toContain(`The embedded database at ${dir} is in use by process ${h.proc.pid}`);

    h.proc.stdin!.end(); // the holder leaves through process.exit without releasing: the exit hook must
    expect(await h.exited).toBe(0);
    expect(existsSync(`${dir}.lock`)).toBe(false);
    acquireDataDirLock(dir).release();
  });

  it('takes over a lock left by a process that is gone (kill -9, or a lock file naming a dead pid)', async () => {
    const dir = newDir();
    const h = holder(dir);
    await h.line;
    h.proc.kill('SIGKILL');
    await h.exited;
    expect(existsSync(`${dir}.lock`)).toBe(true); // nothing ran to remove it
    const lock = acquireDataDirLock(dir);
    expect(JSON.parse(readFileSync(`${dir}.lock`, 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(`${dir}.lock`)).toBe(false);

    const dead = deadPid();
    writeLock(dir, { pid: dead });
    acquireDataDirLock(dir).release();
  });

  // The start-time check reads /proc (Linux).
  it.runIf(existsSync('/proc/self/stat'))(
    'takes over a lock whose pid now belongs to another process (started after the holder)',
    () => {
      const dir = newDir();
      // process.ppid is alive but did not write this lock: its start time differs from the recorded one.
      writeLock(dir, { pid: process.ppid, procStart: '1' });
      acquireDataDirLock(dir).release();
    },
  );

  it('a live pid whose start time cannot be compared (an older lock) still counts as holding', () => {
    const dir = newDir();
    writeLock(dir, { pid: process.ppid });
    expect(() => acquireDataDirLock(dir)).toThrow(DatabaseLockedError);
  });

  it('a lock held by a process on another host is never taken over', () => {
    const dir = newDir();
    writeLock(dir, { pid: deadPid(), host: 'another-host' });
    expect(() => acquireDataDirLock(dir)).toThrow(/tiến trình \d+ trên máy another-host dùng.*on host another-host/);
  });

  it('a starter that judged a lock stale does not remove the lock another starter has taken since', () => {
    const dir = newDir();
    writeLock(dir, { pid: deadPid(), token: 'stale' });
    const seen = JSON.parse(readFileSync(`${dir}.lock`, 'utf8'));
    const faster = acquireDataDirLock(dir); // took it over meanwhile
    removeStale(`${dir}.lock`, seen); // the slower one acts on what it read before
    expect(JSON.parse(readFileSync(`${dir}.lock`, 'utf8')).pid).toBe(process.pid);
    expect(existsSync(`${dir}.lock.takeover`)).toBe(false);
    expect(() => acquireDataDirLock(dir)).toThrow(DatabaseLockedError);
    faster.release();
  });

  it('when several processes find the same stale lock at once, exactly one takes it', async () => {
    const dir = newDir();
    writeLock(dir, { pid: deadPid() });
    const racers = Array.from({ length: 4 }, () => holder(dir));
    const lines = await Promise.all(racers.map((r) => r.line));
    const winners = racers.filter((_, i) => lines[i]!.startsWith('held '));
    expect(winners).toHaveLength(1);
    const winner = winners[0]!.proc.pid;
    for (const l of lines) expect([`held ${winner}`, `locked ${winner}`]).toContain(l);
    expect(JSON.parse(readFileSync(`${dir}.lock`, 'utf8')).pid).toBe(winner);
    for (const r of racers) r.proc.stdin!.end();
    await Promise.all(racers.map((r) => r.exited));
    expect(existsSync(`${dir}.lock`)).toBe(false);
  }, 60_000);
});

describe('openDatabase takes the lock on the embedded database only', () => {
  it.runIf(embedded)(
    'a second open of the same DATA_DIR is refused while the first is open, and succeeds after close',
    async () => {
      const dataDir = templateDataDir('lock-open');
      const first = await openDatabase({ dataDir });
      const lockFile = join(dataDir, 'pg.lock');
      expect(existsSync(lockFile)).toBe(true);
      await expect(openDatabase({ dataDir })).rejects.toThrow(
        `Cơ sở dữ liệu nhúng ở ${join(dataDir, 'pg')} đang được tiến trình ${process.pid} dùng`,
      );
      await first.close();
      expect(existsSync(lockFile)).toBe(false);
      const second = await openDatabase({ dataDir });
      expect(await second.sql.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      await second.close();
      await second.close(); // a second close neither throws nor removes someone else's lock
      expect(existsSync(lockFile)).toBe(false);
    },
  );

  it.runIf(embedded)('releases the lock when PGlite fails to open the directory', async () => {
    const dataDir = mkdtempSync(join(inject('testRoot'), 'lock-bad-'));
    mkdirSync(join(dataDir, 'pg'));
    writeFileSync(join(dataDir, 'pg', 'PG_VERSION'), '99\n'); // not a cluster this PostgreSQL can open
    await expect(openDatabase({ dataDir })).rejects.toThrow();
    expect(existsSync(join(dataDir, 'pg.lock'))).toBe(false);
  });

  it('a PostgreSQL server is not locked: no lock file even when the connection fails', async () => {
    const dataDir = mkdtempSync(join(inject('testRoot'), 'lock-pg-'));
    // Port 1 on loopback refuses at once.
    await expect(openDatabase({ dataDir, databaseUrl: 'postgresql://u:p@127.0.0.1:1/none' })).rejects.toThrow();
    expect(existsSync(join(dataDir, 'pg.lock'))).toBe(false);
    expect(existsSync(join(dataDir, 'pg'))).toBe(false);
  });

  it.runIf(!embedded)('two opens of the same PostgreSQL database at once both work', async () => {
    const dataDir = mkdtempSync(join(inject('testRoot'), 'lock-pg-'));
    const a = await openDatabase({ dataDir, databaseUrl: process.env.TEST_DATABASE_URL });
    const b = await openDatabase({ dataDir, databaseUrl: process.env.TEST_DATABASE_URL });
    expect(await b.sql.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await a.close();
    await b.close();
    expect(existsSync(join(dataDir, 'pg.lock'))).toBe(false);
  });
});

describe('CLI while the bot runs on the same embedded database', () => {
  it.runIf(embedded)(
    'officer list and a second start exit 2 with the bilingual message, no stack; after the bot stops they work',
    async () => {
      const dataDir = templateDataDir('lock-cli');
      const bot = spawn(process.execPath, [BIN, 'start', '--no-chat'], {
        env: cliEnv(dataDir, undefined, { PORT: '0', HOST: '127.0.0.1' }),
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      children.push(bot);
      let stderr = '';
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`start did not come up: ${stderr}`)), 120_000);
        bot.stderr!.on('data', (d) => {
          stderr += String(d);
          if (stderr.includes('/healthz')) {
            clearTimeout(t);
            resolve();
          }
        });
        bot.on('exit', () => reject(new Error(`start exited: ${stderr}`)));
      });
      const pg = join(dataDir, 'pg');
      for (const args of [
        ['officer', 'list'],
        ['start', '--no-chat'],
      ]) {
        const r = runCli(args, { dataDir, env: { PORT: '0', HOST: '127.0.0.1' } });
        expect(r.status).toBe(2);
        expect(r.stderr).toBe(
          `Cơ sở dữ liệu nhúng ở ${pg} đang được tiến trình ${bot.pid} dùng (bot đang chạy?). ` +
            'Hãy dừng tiến trình đó, hoặc dùng PostgreSQL (DATABASE_URL) để nhiều tiến trình cùng dùng. / ' +
            `The embedded database at ${pg} is in use by process ${bot.pid} (is the bot running?). ` +
            'Stop that process, or use PostgreSQL (DATABASE_URL) to share the data between processes.\n',
        );
      }
      const exited = new Promise<number | null>((resolve) => bot.on('exit', (code) => resolve(code)));
      bot.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(existsSync(join(dataDir, 'pg.lock'))).toBe(false);
      const after = runCli(['officer', 'list'], { dataDir });
      expect(after.stderr).toBe('');
      expect(after.status).toBe(0);
    },
    300_000,
  );
});
