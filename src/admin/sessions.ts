import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '../store/db.ts';

/** What a console session holds. */
export interface AdminSessionData extends Record<string, unknown> {
  userId: number;
  /** A message for the next page (after a form's redirect), shown once. */
  flash?: { text: string; error?: boolean };
}

/** A session ends 8 hours after sign-in, or after 2 hours without a request. */
export const SESSION_ABSOLUTE_MS = 8 * 3600_000;
export const SESSION_IDLE_MS = 2 * 3600_000;

const digest = (sid: string) => createHash('sha256').update(sid).digest('hex');

/**
 * The database side of @hono/session's storage: one row per session, keyed by the SHA-256 of its id.
 * The library does not wait for writes, so a write still in flight is awaited by the next read of
 * the same session (a sign-in followed at once by its redirect).
 */
export function sessionStorage(prisma: PrismaClient, now: () => Date = () => new Date()) {
  const pending = new Map<string, Promise<unknown>>();
  const track = (sid: string, p: Promise<unknown>) => {
    const done = p.catch(() => undefined).finally(() => {
      if (pending.get(sid) === done) pending.delete(sid);
    });
    pending.set(sid, done);
  };
  return {
    async get(sid: string): Promise<AdminSessionData | null> {
      await pending.get(sid);
      const id = digest(sid);
      const row = await prisma.adminSession.findUnique({ where: { id } });
      const t = now();
      if (!row) return null;
      if (row.expiresAt <= t || t.getTime() - row.lastSeenAt.getTime() > SESSION_IDLE_MS) {
        await prisma.adminSession.deleteMany({ where: { id } });
        return null;
      }
      // Seen now: idle time counts from the last request, written at most once a minute.
      if (t.getTime() - row.lastSeenAt.getTime() > 60_000) {
        track(sid, prisma.adminSession.updateMany({ where: { id }, data: { lastSeenAt: t } }));
      }
      return row.data as AdminSessionData;
    },
    set(sid: string, data: AdminSessionData): void {
      const id = digest(sid);
      const t = now();
      const json = JSON.parse(JSON.stringify(data)) as object;
      track(
        sid,
        prisma.adminSession.upsert({
          where: { id },
          create: { id, userId: data.userId, data: json, createdAt: t, lastSeenAt: t, expiresAt: new Date(t.getTime() + SESSION_ABSOLUTE_MS) },
          update: { data: json, lastSeenAt: t },
        }),
      );
    },
    delete(sid: string): void {
      track(sid, prisma.adminSession.deleteMany({ where: { id: digest(sid) } }));
    },
    /** Waits for the writes in flight (tests, shutdown). */
    async settled(): Promise<void> {
      await Promise.all(pending.values());
    },
  };
}

/**
 * The key that encrypts the session cookie: ADMIN_SESSION_SECRET when set, otherwise one made on
 * first use and kept in the database, so sessions survive a restart and work across replicas.
 */
export async function sessionSecret(prisma: PrismaClient, fromEnv?: string): Promise<string> {
  if (fromEnv) return createHash('sha256').update(fromEnv).digest('hex');
  const name = 'session_cookie_key';
  const found = await prisma.adminSecret.findUnique({ where: { name } });
  if (found) return found.value;
  const value = randomBytes(32).toString('hex');
  // Two replicas starting together: the first write wins and both read it back.
  await prisma.adminSecret.createMany({ data: [{ name, value }], skipDuplicates: true });
  return (await prisma.adminSecret.findUniqueOrThrow({ where: { name } })).value;
}

/** Sign-in attempts are kept this long (who tried which name from where), then removed. */
export const ATTEMPTS_KEPT_MS = 30 * 86_400_000;

/** Removes sessions past their end and old sign-in attempts (at every start of the console). */
export async function pruneSessions(prisma: PrismaClient, now = new Date()): Promise<number> {
  const [sessions] = await Promise.all([
    prisma.adminSession.deleteMany({
      where: { OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lt: new Date(now.getTime() - SESSION_IDLE_MS) } }] },
    }),
    prisma.adminLoginAttempt.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - ATTEMPTS_KEPT_MS) } } }),
  ]);
  return sessions.count;
}
