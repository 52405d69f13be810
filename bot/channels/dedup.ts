import { type Expression, type RawBuilder, sql } from 'kysely';
import { storableJson } from '../../src/core/storable.ts';
import { Batcher, PER_MESSAGE_BATCH_MS } from '../../src/store/batcher.ts';
import type { Db } from '../../src/store/db.ts';

interface Key {
  channel: string;
  updateId: string;
}

interface Claim extends Key {
  event: unknown;
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

/** A batch of keys as a table `t(c, u)`, joined to `processed_updates` in one statement. */
const keyTable = (keys: Key[]) =>
  sql<{ c: string; u: string }>`unnest(${keys.map((k) => k.channel)}::text[], ${keys.map((k) => k.updateId)}::text[])`.as<'t'>(
    sql`t(c, u)`,
  );

/** now() + `ms` (a lease's end). */
const inMs = (ms: number): RawBuilder<Date> => sql<Date>`now() + make_interval(secs => ${ms / 1000}::float8)`;
const now: Expression<Date> = sql<Date>`now()`;

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
    private readonly db: Db,
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
    const t = sql<{ c: string; u: string; e: unknown }>`unnest(${batch.map((c) => c.channel)}::text[], ${batch.map(
      (c) => c.updateId,
      // jsonb refuses NUL and lone surrogates, which a user can type: one such message must not
      // fail the statement that records everyone else's.
    )}::text[], ${batch.map((c) => JSON.stringify(c.event ?? null, storableJson))}::jsonb[])`.as<'t'>(sql`t(c, u, e)`);
    const rows = await this.db
      .insertInto('processed_updates')
      .columns(['channel', 'update_id', 'event', 'lease_until'])
      .expression((eb) => eb.selectFrom(t).select(['t.c', 't.u', 't.e', inMs(this.leaseMs).as('lease_until')]))
      .onConflict((oc) =>
        oc
          .columns(['channel', 'update_id'])
          .doUpdateSet((eb) => ({
            lease_until: eb.ref('excluded.lease_until'),
            attempts: eb('processed_updates.attempts', '+', 1),
          }))
          .where('processed_updates.done_at', 'is', null)
          .where('processed_updates.sending_at', 'is', null)
          .where('processed_updates.lease_until', '<', now)
          .where('processed_updates.attempts', '<', this.maxAttempts),
      )
      .returning(['channel', 'update_id'])
      .execute();
    const won = new Set(rows.map((r) => keyOf({ channel: r.channel, updateId: r.update_id })));
    return all.map((c) => won.delete(keyOf(c)));
  }

  /** One statement for a batch of keys: `sending` stamps the reply on its way, `done` closes the update. */
  private async mark(what: 'sending' | 'done', batch: Key[]): Promise<undefined[]> {
    await this.db
      .updateTable('processed_updates as p')
      .from(keyTable(batch))
      .set(what === 'done' ? { done_at: now, event: null, lease_until: null } : { sending_at: now })
      .whereRef('p.channel', '=', 't.c')
      .whereRef('p.update_id', '=', 't.u')
      .execute();
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
    await this.db
      .updateTable('processed_updates as p')
      .from(keyTable(keys))
      .set({ lease_until: inMs(ms), ...(clearSending ? { sending_at: null } : {}) })
      .whereRef('p.channel', '=', 't.c')
      .whereRef('p.update_id', '=', 't.u')
      .where('p.done_at', 'is', null)
      .execute();
  }

  /**
   * Takes up to `limit` claims whose lease lapsed without an answer, oldest first, and returns
   * their events. `uncertain`: the process died while the reply was being sent, so it may have
   * arrived. SKIP LOCKED: replicas looking at the same time take different ones.
   *
   * `held`: the caller's own claims, still queued or being answered. A lapsed lease does not mean
   * their owner died: a process stalled for longer than the lease (CPU starvation, a long GC pause)
   * finds its own claims lapsed when it wakes, and this sweep may run before its renewal. Taken
   * again, such an update was answered twice, the second time without the repeat note (it was
   * not yet being sent): test/restart.test.ts with the restarted process stopped for 6 s (lease
   * 3 s) answered chat 1239 twice so.
   */
  async recover<E>(
    limit = 100,
    held: Key[] = [],
  ): Promise<{ channel: string; updateId: string; event: E; uncertain: boolean }[]> {
    const due = this.db
      .selectFrom('processed_updates')
      .select(['channel', 'update_id', (eb) => eb('sending_at', 'is not', null).as('uncertain')])
      .where('done_at', 'is', null)
      .where('lease_until', '<', now)
      .where('attempts', '<', this.maxAttempts)
      .where('event', 'is not', null)
      .$if(held.length > 0, (q) =>
        q.where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom(keyTable(held))
                .select('t.c')
                .whereRef('t.c', '=', 'processed_updates.channel')
                .whereRef('t.u', '=', 'processed_updates.update_id'),
            ),
          ),
        ),
      )
      .orderBy('processed_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .as('due');
    const rows = await this.db
      .updateTable('processed_updates as p')
      .from(due)
      .set((eb) => ({ lease_until: inMs(this.leaseMs), attempts: eb('p.attempts', '+', 1), sending_at: null }))
      .whereRef('p.channel', '=', 'due.channel')
      .whereRef('p.update_id', '=', 'due.update_id')
      .returning(['p.channel', 'p.update_id', 'p.event', 'due.uncertain'])
      .execute();
    // `event` is what `claim` stored for this ledger's callers, who name its type.
    return rows.map((r) => ({ channel: r.channel, updateId: r.update_id, event: r.event as E, uncertain: r.uncertain === true }));
  }

  /** Forgets claims older than `maxAgeHours` (platforms stop redelivering after a day). */
  async prune(maxAgeHours = 72): Promise<number> {
    const r = await this.db
      .deleteFrom('processed_updates')
      .where('processed_at', '<', sql<Date>`now() - make_interval(hours => ${maxAgeHours}::int)`)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
