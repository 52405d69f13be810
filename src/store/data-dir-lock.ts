import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * One process at a time per embedded database directory. PGlite runs PostgreSQL in single-user
 * mode inside the process and writes a fake pid into postmaster.pid, so nothing in PostgreSQL stops
 * a second process from opening the same files; two instances writing them lose writes or corrupt
 * the cluster. The lock is a file beside the directory (`<dir>.lock`) naming its holder.
 *
 * Hand-written rather than proper-lockfile: that library judges staleness by mtime, refreshed by a
 * timer, so a process whose event loop PGlite's synchronous WASM blocks for longer than the stale
 * period loses its lock, a crashed holder blocks the next start until the period passes, and it
 * does not record the holder's pid, which the refusal must name.
 */

export class DatabaseLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
    readonly host: string,
  ) {
    const where = host === hostname() ? '' : ` trên máy ${host}`;
    const whereEn = host === hostname() ? '' : ` on host ${host}`;
    super(
      `Cơ sở dữ liệu nhúng ở ${dir} đang được tiến trình ${pid}${where} dùng (bot đang chạy?). ` +
        'Hãy dừng tiến trình đó, hoặc dùng PostgreSQL (DATABASE_URL) để nhiều tiến trình cùng dùng. / ' +
        `The embedded database at ${dir} is in use by process ${pid}${whereEn} (is the bot running?). ` +
        'Stop that process, or use PostgreSQL (DATABASE_URL) to share the data between processes.',
    );
    this.name = 'DatabaseLockedError';
  }
}

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file if it is still this holder's; safe to call more than once. */
  release(): void;
}

interface Holder {
  pid: number;
  host: string;
  /** The holder's start time as the kernel counts it (Linux), to tell a reused pid from the holder. */
  procStart?: string | undefined;
  startedAt: string;
  token: string;
}

/** Lock path → token of the locks this process holds, released at exit if still held. */
const held = new Map<string, string>();
let exitHookInstalled = false;

/** A lock file whose holder was killed between linking and writing cannot exist (linked whole); a
 *  takeover guard left by a crash in its few-microsecond window is judged by age instead. */
const GUARD_STALE_MS = 10_000;

export function acquireDataDirLock(dir: string): DataDirLock {
  const path = `${dir}.lock`;
  const me: Holder = {
    pid: process.pid,
    host: hostname(),
    procStart: procStart(process.pid),
    startedAt: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  for (let attempt = 0; attempt < 20; attempt++) {
    if (tryCreate(path, me)) {
      held.set(path, me.token);
      installExitHook();
      return { path, release: () => release(path, me.token) };
    }
    const holder = readHolder(path);
    if (holder === 'gone') continue; // released between our attempt and the read
    if (holder !== 'garbage' && isAlive(holder, path)) throw new DatabaseLockedError(dir, holder.pid, holder.host);
    removeStale(path, holder);
  }
  // Only reachable if other starters keep taking and dropping the lock in step with us.
  throw new Error(`could not take the lock ${path}`);
}

/** Atomic and whole: the content is written to a private file first, then linked into place. */
function tryCreate(path: string, content: object): boolean {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, `${JSON.stringify(content)}\n`, { flag: 'wx' });
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(tmp);
  }
}

function readHolder(path: string): Holder | 'gone' | 'garbage' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    if (typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.token === 'string') return h as Holder;
  } catch {}
  return 'garbage';
}

function isAlive(h: Holder, path: string): boolean {
  // Another machine (a shared volume): its processes cannot be seen from here.
  if (h.host !== hostname()) return true;
  if (h.pid === process.pid) return held.get(path) === h.token; // a restarted container reuses its pid
  try {
    process.kill(h.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // The pid runs, but a pid is reused: if it started at another time it is not the holder.
  const now = procStart(h.pid);
  return !(h.procStart && now && now !== h.procStart);
}

/**
 * Two starters may both find the same stale lock; unlinking without a guard would let the slower one
 * delete the lock the faster one has just created. Under the guard the lock is read again and removed
 * only if it is still the stale one. Exported for the test that plays the slower starter.
 */
export function removeStale(path: string, stale: Holder | 'garbage'): void {
  const guard = `${path}.takeover`;
  if (!tryCreate(guard, { pid: process.pid })) {
    try {
      if (Date.now() - statSync(guard).mtimeMs > GUARD_STALE_MS) unlinkSync(guard);
    } catch {}
    return; // someone else is taking over: look again
  }
  try {
    const now = readHolder(path);
    const same = now === 'garbage' ? stale === 'garbage' : now !== 'gone' && stale !== 'garbage' && now.token === stale.token;
    if (same) unlinkSync(path);
  } finally {
    unlinkSync(guard);
  }
}

function release(path: string, token: string): void {
  if (held.get(path) !== token) return;
  held.delete(path);
  const now = readHolder(path);
  if (now !== 'gone' && now !== 'garbage' && now.token === token) unlinkSync(path);
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Synchronous, so a normal exit (process.exit included) never leaves a lock behind.
  process.on('exit', () => {
    for (const [path, token] of held) {
      try {
        release(path, token);
      } catch {}
    }
  });
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); undefined off Linux. */
function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
