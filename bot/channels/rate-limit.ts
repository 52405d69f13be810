import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { CompiledQuery } from 'kysely';
import type { Db } from '../../src/store/db.ts';

export type Verdict = 'ok' | 'limited_notify' | 'limited_silent';

/**
 * rate-limiter-flexible's Postgres store speaks to a `pg` pool (`query({ text, values })` giving
 * `rows` and `rowCount`) with statements of its own; this runs them on our Kysely instance, so they
 * go through whichever backend the app opened and its timeouts.
 */
function poolLike(db: Db) {
  return {
    query: async (q: { text: string; values?: unknown[] }) => {
      const r = await db.executeQuery(CompiledQuery.raw(q.text, q.values ?? []));
      return { rows: r.rows, rowCount: r.numAffectedRows !== undefined ? Number(r.numAffectedRows) : r.rows.length };
    },
  };
}

/**
 * Per-user message budget. Keys are `<channel>:<platform user id>`: Telegram and Zalo ids are
 * unrelated numbers, so the same person on both platforms has two budgets — there is no way to
 * link them without an officer binding.
 *
 * With a shared store (PostgreSQL, several replicas behind webhooks) the budget is counted in the
 * `rate_limits` table, so a user cannot multiply it by landing on different replicas. If that
 * store fails, an in-process budget stands in (rate-limiter-flexible's insurance limiter): a
 * database outage must not silence every user.
 */
export class UserRateLimiter {
  private readonly limiter: RateLimiterAbstract;

  constructor(
    readonly perMinute: number,
    shared?: Db,
  ) {
    const memory = new RateLimiterMemory({ points: perMinute, duration: 60 });
    this.limiter = shared
      ? new RateLimiterPostgres({
          storeClient: poolLike(shared),
          storeType: 'pool',
          tableName: 'rate_limits',
          keyPrefix: 'msg',
          // Created by a migration (prisma/schema.prisma RateLimit), like every other table.
          tableCreated: true,
          points: perMinute,
          duration: 60,
          insuranceLimiter: memory,
        })
      : memory;
  }

  /**
   * Takes one message from the user's budget. Only the first refused message in a window should
   * be answered ("vui lòng chờ"); answering every one would itself be spam.
   */
  async take(channel: string, userId: string): Promise<Verdict> {
    try {
      await this.limiter.consume(`${channel}:${userId}`);
      return 'ok';
    } catch (err) {
      if (err instanceof RateLimiterRes) return err.consumedPoints === this.perMinute + 1 ? 'limited_notify' : 'limited_silent';
      throw err;
    }
  }
}
