import type { PrismaClient } from '../store/db.ts';

export const MAX_WRONG = 5;
export const WINDOW_MS = 3600_000;
export const LOCK_MS = 3600_000;

/**
 * When the account is locked out of enrollment, or null. Five wrong codes within an hour lock it
 * for an hour from the fifth; attempts during the lock are refused without being recorded, so the
 * lock does not extend itself.
 */
export async function lockedUntil(prisma: PrismaClient, channel: string, userId: string, now: Date): Promise<Date | null> {
  const since = new Date(now.getTime() - WINDOW_MS - LOCK_MS);
  const wrong = await prisma.enrollAttempt.findMany({
    where: { channel, userId, success: false, createdAt: { gte: since, lte: now } },
    orderBy: { createdAt: 'asc' },
    select: { createdAt: true },
  });
  const times = wrong.map((w) => w.createdAt.getTime());
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
export async function attemptsLeft(prisma: PrismaClient, channel: string, userId: string, now: Date): Promise<number> {
  const n = await prisma.enrollAttempt.count({
    where: { channel, userId, success: false, createdAt: { gt: new Date(now.getTime() - WINDOW_MS), lte: now } },
  });
  return Math.max(0, MAX_WRONG - n);
}

export async function recordAttempt(prisma: PrismaClient, channel: string, userId: string, success: boolean, now: Date) {
  await prisma.enrollAttempt.create({ data: { channel, userId, success, createdAt: now } });
}
