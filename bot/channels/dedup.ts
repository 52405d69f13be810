import type { Sql } from '../../src/store/sql.ts';

/**
 * Remembers which updates were taken, in `processed_updates`, so a redelivered webhook or a restart
 * never answers twice. An update is claimed *before* it is processed: whoever inserts the row owns
 * it, which also holds across replicas sharing one PostgreSQL server.
 */
export class UpdateDedup {
  constructor(private readonly sql: Sql) {}

  /** True when this caller is the first to see the update. */
  async claim(channel: string, updateId: string): Promise<boolean> {
    const rows = await this.sql.query(
      'INSERT INTO processed_updates (channel, update_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING update_id',
      [channel, updateId],
    );
    return rows.length === 1;
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
