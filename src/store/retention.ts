import { sql } from 'kysely';
import type { Logger } from '../log.ts';
import type { Db } from './db.ts';

/**
 * What citizens wrote is kept only as long as it serves its purpose (Nghị định 13/2023/NĐ-CP on
 * personal data): unanswered questions and feedback help guide writers for a while, then go; a
 * chat's state (last question, pending choice) of a chat silent that long is dropped too, which
 * only means the next message starts fresh.
 */
export const RETAINED_TABLES = [
  { table: 'unanswered_questions', column: 'created_at' },
  { table: 'feedback', column: 'created_at' },
  { table: 'chats', column: 'updated_at' },
  // Support tickets hold a chat id and what the citizen asked: gone once untouched that long.
  { table: 'support_tickets', column: 'updated_at' },
] as const;

/** Deletes rows older than `days`; returns how many per table. */
export async function deleteExpired(db: Db, days: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const { table, column } of RETAINED_TABLES) {
    const r = await db
      .deleteFrom(table)
      .where(column, '<', sql<Date>`now() - make_interval(days => ${days}::int)`)
      .executeTakeFirst();
    out[table] = Number(r.numDeletedRows);
  }
  return out;
}

export interface RetentionJob {
  /** One pass now (also run at start and then every `everyMs`). */
  runOnce(): Promise<Record<string, number>>;
  stop(): void;
}

/** Runs `deleteExpired` at start and every `everyMs` (default 6 h); failures are logged and retried next time. */
export function startRetention(opts: { db: Db; days: number; log: Logger; everyMs?: number }): RetentionJob {
  const log = opts.log.child({ part: 'retention' });
  const runOnce = async () => {
    const deleted = await deleteExpired(opts.db, opts.days);
    if (Object.values(deleted).some((n) => n > 0)) log.info({ deleted, days: opts.days }, 'expired personal data deleted');
    return deleted;
  };
  const tick = () => void runOnce().catch((err: unknown) => log.warn({ err }, 'could not delete expired personal data'));
  tick();
  const timer = setInterval(tick, opts.everyMs ?? 6 * 3_600_000);
  timer.unref();
  return { runOnce, stop: () => clearInterval(timer) };
}
