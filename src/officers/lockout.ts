import type { Db } from '../store/db.ts';

export const MAX_WRONG = 5;
export const WINDOW_MS = 3600_000;
export const LOCK_MS = 3600_000;

/**
 * When the account is locked out of enrollment, or null. Five wrong codes within an hour lock it
 * for an hour from the fifth; attempts during the lock are refused without being recorded, so the
 * lock does not extend itself.
 */
export async function lockedUntil(db: Db, channel: string, userId: string, now: Date): Promise<Date | null> {
  const since = new Date(now.getTime() - WINDOW_MS - LOCK_MS);
  const wrong = await db
    .selectFrom('enroll_attempts')
    .select('created_at')
    .where('channel', '=', channel)
    .where('user_id', '=', userId)
    .where('success', '=', false)
    .where('created_at', '>=', since)
    .where('created_at', '<=', now)
    .orderBy('created_at', 'asc')
    .execute();
  const times = wrong.map((w) => w.created_at.getTime());
  let until: number | null = null;
  for (let i = MAX_WRONG - 1; i < times.length; i++) {
    if (times[i]! - times[i - MAX_WRONG + 1]! < WINDOW_MS) {
      until = times[i]! + LOCK_MS;
      // Attempts after a lock were made once it had ended; later windows can only lock later.
    }
  }
  return until !== null && until > now.getTime() ? new Date(until) : null;
}

/** Wrong codes left before a lock, counting the last hour. */
export async function attemptsLeft(db: Db, channel: string, userId: string, now: Date): Promise<number> {
  const { n } = await db
    .selectFrom('enroll_attempts')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('channel', '=', channel)
    .where('user_id', '=', userId)
    .where('success', '=', false)
    .where('created_at', '>', new Date(now.getTime() - WINDOW_MS))
    .where('created_at', '<=', now)
    .executeTakeFirstOrThrow();
  return Math.max(0, MAX_WRONG - Number(n));
}

export async function recordAttempt(db: Db, channel: string, userId: string, success: boolean, now: Date) {
  await db.insertInto('enroll_attempts').values({ channel, user_id: userId, success, created_at: now }).execute();
}
