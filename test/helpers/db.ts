import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../src/store/db.ts';

export interface TestDatabase extends Database {
  /** Where PGlite keeps this database (also usable as DATA_DIR for CLI runs). */
  dataDir: string;
  /** Set when the suite runs against a PostgreSQL server (TEST_DATABASE_URL). */
  databaseUrl?: string;
  /** Empties every table (migrations stay applied). */
  reset(): Promise<void>;
}

/**
 * A new, empty database named `<prefix>_<random>` on the PostgreSQL server at `server`: its URL,
 * and `drop` (FORCE: connections a killed process left are closed with it).
 */
export async function emptyServerDatabase(server: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * A fresh, migrated database for one test file: a copy of the run's PGlite template, or, with
 * TEST_DATABASE_URL set, a new database on that PostgreSQL server (dropped on close).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const root = inject('testRoot');
  const dataDir = mkdtempSync(join(root, 'db-'));
  const server = process.env.TEST_DATABASE_URL;
  let databaseUrl: string | undefined;
  let drop: (() => Promise<void>) | undefined;
  if (server) {
    const created = await emptyServerDatabase(server, 't');
    databaseUrl = created.url;
    drop = created.drop;
  } else {
    cpSync(join(root, 'template'), dataDir, { recursive: true });
  }
  const db = await openDatabase({ dataDir, databaseUrl });
  return {
    ...db,
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    async reset() {
      const tables = await db.sql.query<{ tablename: string }>(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
      );
      await db.sql.exec(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
    },
    async close() {
      await db.close();
      await drop?.();
    },
  };
}
