import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../store/db.ts';

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
export function sessionStorage(db: Db, now: () => Date = () => new Date()) {
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
      const row = await db.selectFrom('admin_sessions').select(['data', 'expires_at', 'last_seen_at']).where('id', '=', id).executeTakeFirst();
      const t = now();
      if (!row) return null;
      if (row.expires_at <= t || t.getTime() - row.last_seen_at.getTime() > SESSION_IDLE_MS) {
        await db.deleteFrom('admin_sessions').where('id', '=', id).execute();
        return null;
      }
      // Seen now: idle time counts from the last request, written at most once a minute.
      if (t.getTime() - row.last_seen_at.getTime() > 60_000) {
        track(sid, db.updateTable('admin_sessions').set({ last_seen_at: t }).where('id', '=', id).execute());
      }
      return row.data as AdminSessionData;
    },
    set(sid: string, data: AdminSessionData): void {
      const id = digest(sid);
      const t = now();
      // JSON text: both drivers pass a string to a jsonb parameter as is (pg would send an array as a PostgreSQL array).
      const json = JSON.stringify(data);
      track(
        sid,
        db
          .insertInto('admin_sessions')
          .values({ id, user_id: data.userId, data: json, created_at: t, last_seen_at: t, expires_at: new Date(t.getTime() + SESSION_ABSOLUTE_MS) })
          .onConflict((oc) => oc.column('id').doUpdateSet({ data: json, last_seen_at: t }))
          .execute(),
      );
    },
    delete(sid: string): void {
      track(sid, db.deleteFrom('admin_sessions').where('id', '=', digest(sid)).execute());
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
export async function sessionSecret(db: Db, fromEnv?: string): Promise<string> {
  if (fromEnv) return createHash('sha256').update(fromEnv).digest('hex');
  const name = 'session_cookie_key';
  const found = await db.selectFrom('admin_secrets').select('value').where('name', '=', name).executeTakeFirst();
  if (found) return found.value;
  const value = randomBytes(32).toString('hex');
  // Two replicas starting together: the first write wins and both read it back.
  await db.insertInto('admin_secrets').values({ name, value }).onConflict((oc) => oc.doNothing()).execute();
  return (await db.selectFrom('admin_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow()).value;
}

/** Sign-in attempts are kept this long (who tried which name from where), then removed. */
export const ATTEMPTS_KEPT_MS = 30 * 86_400_000;

/** Removes sessions past their end and old sign-in attempts (at every start of the console). */
export async function pruneSessions(db: Db, now = new Date()): Promise<number> {
  const [sessions] = await Promise.all([
    db
      .deleteFrom('admin_sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', new Date(now.getTime() - SESSION_IDLE_MS))]))
      .executeTakeFirst(),
    db.deleteFrom('admin_login_attempts').where('created_at', '<', new Date(now.getTime() - ATTEMPTS_KEPT_MS)).execute(),
  ]);
  return Number(sessions.numDeletedRows);
}
