import { Batcher, PER_MESSAGE_BATCH_MS } from '../../src/store/batcher.ts';
import type { Sql } from '../../src/store/sql.ts';

interface Claim {
  channel: string;
  updateId: string;
}

/**
 * Remembers which updates were taken, in `processed_updates`, so a redelivered webhook or a restart
 * never answers twice. An update is claimed *before* it is processed: whoever inserts the row owns
 * it, which also holds across replicas sharing one PostgreSQL server. Claims arriving together are
 * written in one statement.
 */
export class UpdateDedup {
  private readonly claims: Batcher<Claim, boolean>;

  constructor(
    private readonly sql: Sql,
    maxBatch = 200,
  ) {
    this.claims = new Batcher((batch) => this.insert(batch), { maxBatch, minIntervalMs: PER_MESSAGE_BATCH_MS });
  }

  /** True when this caller is the first to see the update. */
  claim(channel: string, updateId: string): Promise<boolean> {
    return this.claims.push({ channel, updateId });
  }

  private async insert(batch: Claim[]): Promise<boolean[]> {
    const rows = await this.sql.query<{ channel: string; update_id: string }>(
      `INSERT INTO processed_updates (channel, update_id)
       SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT DO NOTHING RETURNING channel, update_id`,
      [batch.map((c) => c.channel), batch.map((c) => c.updateId)],
    );
    const won = new Set(rows.map((r) => `${r.channel}\u0000${r.update_id}`));
    // The same update twice in one batch: only the first caller gets it.
    return batch.map((c) => won.delete(`${c.channel}\u0000${c.updateId}`));
  }

  /** Forgets claims older than `maxAgeHours` (platforms stop redelivering after a day). */
  async prune(maxAgeHours = 72): Promise<number> {
    const rows = await this.sql.query(
      `DELETE FROM processed_updates WHERE processed_at < now() - make_interval(hours => $1::int) RETURNING update_id`,
      [maxAgeHours],
    );
    return rows.length;
  }
}
