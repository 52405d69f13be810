import type { Db } from '../store/db.ts';

export const MAX_WRONG = 5;
export const WINDOW_MS = 3600_000;
export const LOCK_MS = 3600_000;

/**
 * The end of the lock that `maxWrong` wrong attempts within `windowMs` start (from the last of
 * them, for `lockMs`), given the wrong attempts' times in ascending order; null when none is on
 * at `now`. Officer enrolment and console sign-in share this rule with their own figures.
 */
export function lockEnd(wrongTimes: number[], now: Date, rule: { maxWrong: number; windowMs: number; lockMs: number }): Date | null {
  let until: number | null = null;
  // Attempts after a lock were made once it had ended; later windows can only lock later.
  for (let i = rule.maxWrong - 1; i < wrongTimes.length; i++) {
    if (wrongTimes[i]! - wrongTimes[i - rule.maxWrong + 1]! < rule.windowMs) until = wrongTimes[i]! + rule.lockMs;
  }
  return until !== null && until > now.getTime() ? new Date(until) : null;
}

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
  return lockEnd(
    wrong.map((w) => w.created_at.getTime()),
    now,
    { maxWrong: MAX_WRONG, windowMs: WINDOW_MS, lockMs: LOCK_MS },
  );
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
