/**
 * Data-access layer micro-benchmark (issue 16): the same hot statements through Kysely
 * (src/store/db.ts) and the raw driver (PGlite `query` / pg `Pool.query`, what the hand-written port
 * did), one at a time, on a fresh embedded PGlite database or, with DATABASE_URL, on that server
 * (use an empty database: tables are truncated). Prints one JSON object.
 *
 * Prisma Client was measured here too before it was removed: on PGlite, n = 1000, load average 17,
 * p50 per statement Prisma / Kysely / raw: chat state read + upsert 10.9 / 2.5 / 1.1 ms, officer
 * lookup 5.9 / 0.77 / 0.58 ms, figures sum 5.5 / 1.0 / 0.97 ms.
 *
 *   npx tsx bench/db-layer.ts [--n 2000]        DATABASE_URL=postgresql://… npx tsx bench/db-layer.ts
 *
 * Statements: chat state read + upsert (every message), officer identity lookup (every message), a
 * figures sum over a unit subtree and a month of the daily roll-up (every officer question).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { type DB, openDatabase } from '../src/store/db.ts';
import { applyMigrations } from '../src/store/migrate.ts';
import { PGliteDialect } from '../src/store/pglite-dialect.ts';

const at = process.argv.indexOf('--n');
const N = at >= 0 ? Number(process.argv[at + 1]) : 2000;
const url = process.env.DATABASE_URL;
const dir = mkdtempSync(join(tmpdir(), 'bench-db-layer-'));
// The raw driver under both layers: what the hand-written `Sql` port called.
type Raw = (text: string, params: unknown[]) => Promise<unknown[]>;
let raw: Raw;
let db: { kysely: Kysely<DB>; backend: string; close(): Promise<void> };
if (url) {
  const opened = await openDatabase({ dataDir: dir, databaseUrl: url });
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  raw = async (text, params) => (await pool.query(text, params)).rows;
  db = { ...opened, close: async () => Promise.all([opened.close(), pool.end()]).then(() => {}) };
} else {
  // As openDatabase does, with the PGlite instance kept in hand for the raw calls.
  const lite = await PGlite.create({ dataDir: join(dir, 'pg') });
  const kysely = new Kysely<DB>({ dialect: new PGliteDialect(lite) });
  await applyMigrations(kysely);
  raw = async (text, params) => (await lite.query(text, params)).rows;
  db = { kysely, backend: 'pglite', close: () => lite.close() };
}

// Data: a province with 8 units below, 50 officers with accounts, 365 days of roll-up per unit.
const k = db.kysely;
await sql`TRUNCATE units, officers, officer_accounts, daily_stats, chats RESTART IDENTITY CASCADE`.execute(k);
const units = [{ code: 'T', name: 'Tỉnh', parent_code: null as string | null, path: '/T/', updated_at: new Date() }];
for (let i = 1; i <= 8; i++)
  units.push({ code: `T.${i}`, name: `Đơn vị ${i}`, parent_code: 'T', path: `/T/T.${i}/`, updated_at: new Date() });
await k.insertInto('units').values(units).execute();
for (let i = 0; i < 50; i++) {
  const { id } = await k
    .insertInto('officers')
    .values({ unit_code: `T.${(i % 8) + 1}`, display_name: `Cán bộ ${i}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  await k
    .insertInto('officer_accounts')
    .values({ officer_id: id, channel: 'telegram', user_id: `u${i}`, chat_id: `u${i}` })
    .execute();
}
await sql`INSERT INTO daily_stats (unit_code, day, received, received_online, completed, completed_on_time, completed_late)
  SELECT u.code, d::date, 40, 30, 38, 36, 2 FROM units u, generate_series('2025-01-01'::date, '2025-12-31'::date, '1 day') d`.execute(
  k,
);

const chatState = (i: number) => ({ lastTopic: `topic-${i % 7}`, step: i % 3, state: { choices: ['a', 'b'], i } });

type Case = Record<'kysely' | 'raw', (i: number) => Promise<unknown>>;
const cases: Record<string, Case> = {
  chat_state_read_upsert: {
    kysely: async (i) => {
      const chatId = `c${i % 500}`;
      await k
        .selectFrom('chats')
        .select(['last_topic', 'last_guide_id', 'mode', 'step', 'state'])
        .where('channel', '=', 'telegram')
        .where('chat_id', '=', chatId)
        .executeTakeFirst();
      const s = chatState(i);
      const row = { last_topic: s.lastTopic, step: s.step, state: JSON.stringify(s.state), updated_at: sql<Date>`now()` };
      await k
        .insertInto('chats')
        .values({ channel: 'telegram', chat_id: chatId, ...row })
        .onConflict((oc) => oc.columns(['channel', 'chat_id']).doUpdateSet(row))
        .execute();
    },
    raw: async (i) => {
      const chatId = `c${i % 500}`;
      await raw('SELECT last_topic, last_guide_id, mode, step, state FROM chats WHERE channel = $1 AND chat_id = $2', [
        'telegram',
        chatId,
      ]);
      const s = chatState(i);
      await raw(
        `INSERT INTO chats (channel, chat_id, last_topic, step, state, updated_at) VALUES ($1, $2, $3, $4, $5::jsonb, now())
         ON CONFLICT (channel, chat_id) DO UPDATE SET last_topic = excluded.last_topic, step = excluded.step,
           state = excluded.state, updated_at = excluded.updated_at`,
        ['telegram', chatId, s.lastTopic, s.step, JSON.stringify(s.state)],
      );
    },
  },
  officer_identity_lookup: {
    kysely: (i) =>
      k
        .selectFrom('officer_accounts as a')
        .innerJoin('officers as o', (j) => j.onRef('o.id', '=', 'a.officer_id').on('o.revoked_at', 'is', null))
        .innerJoin('units as u', 'u.code', 'o.unit_code')
        .select(['o.id as officer_id', 'o.unit_code', 'u.name as unit_name', 'o.display_name'])
        .where('a.channel', '=', 'telegram')
        .where('a.user_id', '=', `u${i % 60}`)
        .executeTakeFirst(),
    raw: (i) =>
      raw(
        `SELECT o.id AS officer_id, o.unit_code, u.name AS unit_name, o.display_name
           FROM officer_accounts a JOIN officers o ON o.id = a.officer_id AND o.revoked_at IS NULL
           JOIN units u ON u.code = o.unit_code WHERE a.channel = $1 AND a.user_id = $2`,
        ['telegram', `u${i % 60}`],
      ),
  },
  figures_subtree_month: {
    kysely: (i) =>
      k
        .selectFrom('daily_stats as s')
        .innerJoin('units as u', 'u.code', 's.unit_code')
        .select((eb) => [
          eb.fn.coalesce(eb.fn.sum<number>('s.received'), sql<number>`0`).as('received'),
          eb.fn.coalesce(eb.fn.sum<number>('s.received_online'), sql<number>`0`).as('receivedOnline'),
          eb.fn.coalesce(eb.fn.sum<number>('s.completed'), sql<number>`0`).as('completed'),
          eb.fn.coalesce(eb.fn.sum<number>('s.completed_late'), sql<number>`0`).as('completedLate'),
        ])
        .where('u.path', 'like', i % 2 ? '/T/%' : '/T/T.3/%')
        .where(
          sql<boolean>`s.day BETWEEN ${`2025-${String((i % 12) + 1).padStart(2, '0')}-01`}::date AND ${`2025-${String((i % 12) + 1).padStart(2, '0')}-28`}::date`,
        )
        .executeTakeFirstOrThrow(),
    raw: (i) =>
      raw(
        `SELECT coalesce(sum(s.received), 0)::int AS received, coalesce(sum(s.received_online), 0)::int AS "receivedOnline",
                coalesce(sum(s.completed), 0)::int AS completed, coalesce(sum(s.completed_late), 0)::int AS "completedLate"
           FROM daily_stats s JOIN units u ON u.code = s.unit_code
          WHERE u.path LIKE $1 AND s.day BETWEEN $2::date AND $3::date`,
        [
          i % 2 ? '/T/%' : '/T/T.3/%',
          `2025-${String((i % 12) + 1).padStart(2, '0')}-01`,
          `2025-${String((i % 12) + 1).padStart(2, '0')}-28`,
        ],
      ),
  },
};

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const out: Record<string, Record<string, { mean_us: number; p50_us: number; p95_us: number }>> = {};
for (const [name, c] of Object.entries(cases)) {
  out[name] = {};
  // Interleaved rounds so drift in machine load touches every layer alike; the first is warm-up.
  const times: Record<string, number[]> = { kysely: [], raw: [] };
  for (let round = 0; round < 5; round++) {
    for (const layer of ['kysely', 'raw'] as const) {
      const per = Math.ceil(N / 4);
      for (let i = 0; i < per; i++) {
        const t0 = performance.now();
        await c[layer](round * per + i);
        if (round > 0) times[layer]!.push(performance.now() - t0);
      }
    }
  }
  for (const [layer, t] of Object.entries(times)) {
    t.sort((a, b) => a - b);
    const us = (x: number) => Math.round(x * 1000);
    out[name][layer] = {
      mean_us: us(t.reduce((a, b) => a + b, 0) / t.length),
      p50_us: us(quantile(t, 0.5)),
      p95_us: us(quantile(t, 0.95)),
    };
  }
}
console.log(
  JSON.stringify(
    { bench: 'db-layer', backend: db.backend, n_per_layer: N, load_average_1m: loadavg()[0], results: out },
    null,
    2,
  ),
);
await db.close();
rmSync(dir, { recursive: true, force: true });
