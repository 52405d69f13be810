import type { OfficerDirectory } from '../core/handle.ts';
import type { OfficerIdentity } from '../core/skill.ts';
import { sql } from 'kysely';
import { Batcher, PER_MESSAGE_BATCH_MS } from '../store/batcher.ts';
import type { Db } from '../store/db.ts';

interface Account {
  channel: string;
  userId: string;
}

/**
 * Who is an enrolled officer. Asked for every message, so lookups made together share one
 * statement; nothing is cached, so a revocation (from the CLI or another replica) counts at once.
 */
export function createOfficerDirectory(db: Db): OfficerDirectory {
  const lookups = new Batcher<Account, OfficerIdentity | null>(
    async (accounts) => {
      // The batch's accounts as a table; `i` is each one's place (int8: a string from pg, a number from PGlite).
      const k = sql<{ channel: string; user_id: string; i: string | number }>`unnest(${accounts.map((a) => a.channel)}::text[], ${accounts.map(
        (a) => a.userId,
      )}::text[]) WITH ORDINALITY`.as<'k'>(sql`k(channel, user_id, i)`);
      const rows = await db
        .selectFrom(k)
        .innerJoin('officer_accounts as a', (j) => j.onRef('a.channel', '=', 'k.channel').onRef('a.user_id', '=', 'k.user_id'))
        .innerJoin('officers as o', (j) => j.onRef('o.id', '=', 'a.officer_id').on('o.revoked_at', 'is', null))
        .innerJoin('units as u', 'u.code', 'o.unit_code')
        .select(['k.i', 'o.id as officer_id', 'o.unit_code', 'u.name as unit_name', 'o.display_name'])
        .execute();
      const found = new Map(rows.map((r) => [Number(r.i) - 1, r]));
      return accounts.map((_, i) => {
        const r = found.get(i);
        return r ? { officerId: r.officer_id, unitCode: r.unit_code, unitName: r.unit_name, displayName: r.display_name } : null;
      });
    },
    { minIntervalMs: PER_MESSAGE_BATCH_MS },
  );
  return { identify: (channel, userId) => lookups.push({ channel, userId }) };
}
