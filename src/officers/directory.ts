import type { OfficerDirectory } from '../core/handle.ts';
import type { OfficerIdentity } from '../core/skill.ts';
import { Batcher, PER_MESSAGE_BATCH_MS } from '../store/batcher.ts';
import type { Sql } from '../store/sql.ts';

interface Account {
  channel: string;
  userId: string;
}

interface Row {
  i: string | number;
  officer_id: number;
  unit_code: string;
  unit_name: string;
  display_name: string;
}

/**
 * Who is an enrolled officer. Asked for every message, so lookups made together share one
 * statement; nothing is cached, so a revocation (from the CLI or another replica) counts at once.
 */
export function createOfficerDirectory(sql: Sql): OfficerDirectory {
  const lookups = new Batcher<Account, OfficerIdentity | null>(
    async (accounts) => {
      const rows = await sql.query<Row>(
        `SELECT k.i, o.id AS officer_id, o.unit_code, u.name AS unit_name, o.display_name
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(channel, user_id, i)
       JOIN officer_accounts a ON a.channel = k.channel AND a.user_id = k.user_id
       JOIN officers o ON o.id = a.officer_id AND o.revoked_at IS NULL
       JOIN units u ON u.code = o.unit_code`,
        [accounts.map((a) => a.channel), accounts.map((a) => a.userId)],
      );
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
