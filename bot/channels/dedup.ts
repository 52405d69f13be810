import type { Sql } from '../../src/store/sql.ts';

interface Pending {
  channel: string;
  updateId: string;
  resolve: (first: boolean) => void;
  reject: (err: unknown) => void;
}

/**
 * Remembers which updates were taken, in `processed_updates`, so a redelivered webhook or a restart
 * never answers twice. An update is claimed *before* it is processed: whoever inserts the row owns
 * it, which also holds across replicas sharing one PostgreSQL server. Claims arriving together are
 * written in one statement — under load that is one round trip for many updates instead of one each.
 */
export class UpdateDedup {
  private batch: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly sql: Sql,
    private readonly maxBatch = 200,
  ) {}

  /** True when this caller is the first to see the update. */
  claim(channel: string, updateId: string): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.batch.push({ channel, updateId, resolve, reject });
      if (this.batch.length >= this.maxBatch) void this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.batch;
    this.batch = [];
    if (batch.length === 0) return;
    try {
      const rows = await this.sql.query<{ channel: string; update_id: string }>(
        `INSERT INTO processed_updates (channel, update_id)
         SELECT * FROM unnest($1::text[], $2::text[])
         ON CONFLICT DO NOTHING RETURNING channel, update_id`,
        [batch.map((p) => p.channel), batch.map((p) => p.updateId)],
      );
      const won = new Set(rows.map((r) => `${r.channel}\u0000${r.update_id}`));
      for (const p of batch) {
        const key = `${p.channel}\u0000${p.updateId}`;
        // The same update twice in one batch: only the first caller gets it.
        p.resolve(won.delete(key));
      }
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
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
