import { storableJson } from '../../src/core/storable.ts';
import { Batcher, PER_MESSAGE_BATCH_MS } from '../../src/store/batcher.ts';
import type { Sql } from '../../src/store/sql.ts';

interface Claim {
  channel: string;
  updateId: string;
  event: unknown;
}

interface Key {
  channel: string;
  updateId: string;
}

export interface UpdateLedgerOptions {
  /**
   * How long a claim stays with the process that took it without being renewed (default 60 s).
   * Renewed every third of it while the update is worked on; after a kill -9 the update is taken
   * over by whoever comes first once it lapses: a restart, another replica, or a redelivery.
   */
  leaseMs?: number;
  /** Takes after which an update that keeps failing is left alone (default 5). */
  maxAttempts?: number;
  maxBatch?: number;
}

const keyOf = (k: Key) => `${k.channel}\u0000${k.updateId}`;

/**
 * Which updates were taken and which were answered, in `processed_updates`, so each accepted update
 * is answered once across redeliveries, restarts and replicas sharing one PostgreSQL server.
 *
 * An update is claimed before it is processed (whoever inserts the row owns it) together with what
 * is needed to answer it, under a lease; it is marked done once its reply is sent. A claim left
 * undone by a process that died, or by a send that could not get through, is taken again when its
 * lease lapses. Statements of messages in flight together are batched.
 */
export class UpdateDedup {
  private readonly claims: Batcher<Claim, boolean>;
  private readonly finished: Batcher<Key, undefined>;
  private readonly sendingMarks: Batcher<Key, undefined>;
  readonly leaseMs: number;
  readonly maxAttempts: number;

  constructor(
    private readonly sql: Sql,
    opts: UpdateLedgerOptions = {},
  ) {
    const maxBatch = opts.maxBatch ?? 200;
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.maxAttempts = opts.maxAttempts ?? 5;
    this.claims = new Batcher((batch) => this.insert(batch), { maxBatch, minIntervalMs: PER_MESSAGE_BATCH_MS });
    // Not held back like claims: until an answered update is recorded done, a crash means answering
    // it again, so the record goes out as soon as the previous one has (still grouped under load).
    this.finished = new Batcher((batch) => this.mark('done', batch), { maxBatch });
    this.sendingMarks = new Batcher((batch) => this.mark('sending', batch), { maxBatch });
  }

  /**
   * True when this caller now owns the update: it is new, or an earlier owner's lease lapsed
   * without answering it.
   */
  claim(channel: string, updateId: string, event: unknown = null): Promise<boolean> {
    return this.claims.push({ channel, updateId, event });
  }

  /**
   * The reply is about to go out. If this process dies before `done`, the reply may or may not
   * have arrived: the update is answered again, but marked as possibly a repeat (see `recover`).
   */
  async sending(channel: string, updateId: string): Promise<void> {
    await this.sendingMarks.push({ channel, updateId });
  }

  /** The update was answered (or given up on for good): never take it again. */
  async done(channel: string, updateId: string): Promise<void> {
    await this.finished.push({ channel, updateId });
  }

  private async insert(all: Claim[]): Promise<boolean[]> {
    // ON CONFLICT DO UPDATE may not touch a row twice in one statement: the same update twice in
    // one batch (a quick redelivery) goes in once, and only its first caller gets it.
    const seen = new Set<string>();
    const batch = all.filter((c) => !seen.has(keyOf(c)) && seen.add(keyOf(c)));
    const rows = await this.sql.query<{ channel: string; update_id: string }>(
      `INSERT INTO processed_updates AS p (channel, update_id, event, lease_until)
       SELECT c, u, e, now() + make_interval(secs => $4::float8)
         FROM unnest($1::text[], $2::text[], $3::jsonb[]) AS t(c, u, e)
       ON CONFLICT (channel, update_id) DO UPDATE
         SET lease_until = EXCLUDED.lease_until, attempts = p.attempts + 1
         WHERE p.done_at IS NULL AND p.sending_at IS NULL AND p.lease_until < now() AND p.attempts < $5
       RETURNING channel, update_id`,
      [
        batch.map((c) => c.channel),
        batch.map((c) => c.updateId),
        // jsonb refuses NUL and lone surrogates, which a user can type: one such message must not
        // fail the statement that records everyone else's.
        batch.map((c) => JSON.stringify(c.event ?? null, storableJson)),
        this.leaseMs / 1000,
        this.maxAttempts,
      ],
    );
    const won = new Set(rows.map((r) => keyOf({ channel: r.channel, updateId: r.update_id })));
    return all.map((c) => won.delete(keyOf(c)));
  }

  /** One statement for a batch of keys: `sending` stamps the reply on its way, `done` closes the update. */
  private async mark(what: 'sending' | 'done', batch: Key[]): Promise<undefined[]> {
    const set = what === 'done' ? 'done_at = now(), event = NULL, lease_until = NULL' : 'sending_at = now()';
    await this.sql.query(
      `UPDATE processed_updates AS p SET ${set}
         FROM unnest($1::text[], $2::text[]) AS t(c, u)
        WHERE p.channel = t.c AND p.update_id = t.u`,
      [batch.map((k) => k.channel), batch.map((k) => k.updateId)],
    );
    return batch.map(() => undefined);
  }

  /** Keeps the claims this process is still working on. */
  renew(keys: Key[]): Promise<void> {
    return this.setLease(keys, this.leaseMs, false);
  }

  /**
   * Hands claims back to be taken again after `afterMs`: what was still queued at shutdown (0: at
   * once, by the next process to look), or, with `notSent`, a reply that certainly did not get
   * through (so answering again is no repeat).
   */
  release(keys: Key[], afterMs = 0, notSent = false): Promise<void> {
    return this.setLease(keys, afterMs, notSent);
  }

  private async setLease(keys: Key[], ms: number, clearSending: boolean): Promise<void> {
    if (keys.length === 0) return;
    await this.sql.query(
      `UPDATE processed_updates AS p SET lease_until = now() + make_interval(secs => $3::float8)
              ${clearSending ? ', sending_at = NULL' : ''}
         FROM unnest($1::text[], $2::text[]) AS t(c, u)
        WHERE p.channel = t.c AND p.update_id = t.u AND p.done_at IS NULL`,
      [keys.map((k) => k.channel), keys.map((k) => k.updateId), ms / 1000],
    );
  }

  /**
   * Takes up to `limit` claims whose lease lapsed without an answer, oldest first, and returns
   * their events. `uncertain`: the process died while the reply was being sent, so it may have
   * arrived. SKIP LOCKED: replicas looking at the same time take different ones.
   */
  async recover<E>(limit = 100): Promise<{ channel: string; updateId: string; event: E; uncertain: boolean }[]> {
    const rows = await this.sql.query<{ channel: string; update_id: string; event: E; uncertain: boolean }>(
      `UPDATE processed_updates AS p
          SET lease_until = now() + make_interval(secs => $1::float8), attempts = p.attempts + 1, sending_at = NULL
         FROM (SELECT channel, update_id, sending_at IS NOT NULL AS uncertain FROM processed_updates
                WHERE done_at IS NULL AND lease_until < now() AND attempts < $2 AND event IS NOT NULL
                ORDER BY processed_at LIMIT $3 FOR UPDATE SKIP LOCKED) AS due
        WHERE p.channel = due.channel AND p.update_id = due.update_id
        RETURNING p.channel, p.update_id, p.event, due.uncertain`,
      [this.leaseMs / 1000, this.maxAttempts, limit],
    );
    return rows.map((r) => ({ channel: r.channel, updateId: r.update_id, event: r.event, uncertain: r.uncertain }));
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
