import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, PostgresDialect } from 'kysely';
import type { DB } from '../src/store/schema.ts';
import { sqlFromKysely } from '../src/store/sql.ts';
import { MigrationError, applyMigrations, readMigrations } from '../src/store/migrate.ts';
import { diffMigrationsToSchema } from '../scripts/schema-engine.ts';
import { createTestDatabase, emptyServerDatabase, type TestDatabase } from './helpers/db.ts';
import { countOf, insertUnits } from './helpers/rows.ts';

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it.runIf(process.env.TEST_DATABASE_URL === undefined)('open the embedded database with a small page cache', async () => {
    // PostgreSQL's 128MB default costs ~140 MB more resident memory.
    expect(await db.sql.query('SHOW shared_buffers')).toEqual([{ shared_buffers: '64MB' }]);
  });

  it('produce exactly prisma/schema.prisma (no drift)', async () => {
    expect(await diffMigrationsToSchema()).toBe('');
  });

  it('are recorded in Prisma’s _prisma_migrations table with sha256 checksums', async () => {
    const rows = await db.sql.query<{ migration_name: string; checksum: string; finished_at: Date }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    const files = readMigrations();
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((m) => m.name));
    expect(rows.map((r) => r.checksum)).toEqual(files.map((m) => m.checksum));
    expect(rows.every((r) => r.finished_at)).toBe(true);
  });

  it('re-running applies nothing', async () => {
    expect(await applyMigrations(db.kysely)).toEqual([]);
  });

  it('refuses a migration edited after it was applied', async () => {
    const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'x'.repeat(64) } : m));
    await expect(applyMigrations(db.kysely, edited)).rejects.toBeInstanceOf(MigrationError);
  });

  it('rolls back a failing migration completely and records nothing', async () => {
    const bad = [
      ...readMigrations(),
      { name: '29990101000000_bad', sql: 'CREATE TABLE half_done (id int); SELECT no_such_column FROM units;', checksum: 'y'.repeat(64) },
    ];
    await expect(applyMigrations(db.kysely, bad)).rejects.toThrow();
    const half = await db.sql.query(`SELECT to_regclass('public.half_done') AS t`);
    expect(half[0]).toEqual({ t: null });
    const rec = await db.sql.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '29990101000000_bad'`);
    expect(rec).toHaveLength(0);
  });

  it('the generated row types fit the migrated schema', async () => {
    await insertUnits(db.kysely, [
      { code: 'T', name: 'Tỉnh thử', path: '/T/' },
      { code: 'T.1', name: 'Xã Một', parent_code: 'T', path: '/T/T.1/' },
    ]);
    const children = await db.kysely
      .selectFrom('units as p')
      .innerJoin('units as c', 'c.parent_code', 'p.code')
      .select(['c.name', 'c.aliases', 'c.demo', 'c.created_at'])
      .where('p.code', '=', 'T')
      .execute();
    expect(children).toEqual([{ name: 'Xã Một', aliases: [], demo: false, created_at: expect.any(Date) }]);
    await db.reset();
    expect(await countOf(db.kysely.selectFrom('units'))).toBe(0);
  });

  it.runIf(process.env.TEST_DATABASE_URL !== undefined)(
    'replicas starting together on one server each migrate without error, and every migration is applied once',
    async () => {
      const server = process.env.TEST_DATABASE_URL!;
      const created = await emptyServerDatabase(server, 't_mig');
      const pools = Array.from({ length: 4 }, () => {
        const pool = new pg.Pool({ connectionString: created.url, max: 2 });
        // DROP DATABASE … WITH (FORCE) below ends clients still closing; that is expected here.
        pool.on('error', () => {});
        return pool;
      });
      try {
        const dbs = pools.map((pool) => new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }));
        const results = await Promise.all(dbs.map((k) => applyMigrations(k)));
        const all = readMigrations().map((m) => m.name);
        // Each migration was applied by exactly one replica; the others saw it done.
        expect(results.flat().sort()).toEqual(all);
        const rows = await sqlFromKysely(dbs[0]!).query<{ n: string }>('SELECT count(*)::text AS n FROM "_prisma_migrations"');
        expect(Number(rows[0]!.n)).toBe(all.length);
      } finally {
        await Promise.all(pools.map((p) => p.end()));
        await created.drop();
      }
    },
  );
});
