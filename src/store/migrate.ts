import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS_ROOT } from '../paths.ts';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from './schema.ts';

export const MIGRATIONS_DIR = `${MIGRATIONS_ROOT}/`;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(dir, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
    });
}

// Prisma's own bookkeeping table, with the columns its engine creates, so the official CLI
// (where it is available) sees our migrations as applied.
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {}

interface PrismaMigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

/**
 * Key of the transaction-level advisory lock every migration step takes. Replicas starting
 * together on one server otherwise race: both see a migration as pending, and the loser fails on
 * "relation already exists" (or, for CREATE TABLE IF NOT EXISTS, on a duplicate pg_type row).
 */
export const MIGRATION_LOCK_KEY = 7_102_025_766;

/**
 * Applies pending migrations, each in its own transaction. Returns the names applied.
 * Each transaction first takes the advisory lock, then reads what is applied: a replica that waited
 * on the lock sees the other's work and skips it.
 */
export async function applyMigrations(db: Kysely<DB>, migrations = readMigrations()): Promise<string[]> {
  // Prisma's bookkeeping table is not a model of the schema: typed here.
  const mdb = db as unknown as Kysely<{ _prisma_migrations: PrismaMigrationRow }>;
  const locked = async <T>(fn: (tx: Transaction<{ _prisma_migrations: PrismaMigrationRow }>) => Promise<T>): Promise<T> =>
    mdb.transaction().execute(async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY}::bigint)`.execute(tx);
      return fn(tx);
    });
  await locked((tx) => sql.raw(CREATE_TABLE).execute(tx));
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await locked(async (tx) => {
      const rows = await tx
        .selectFrom('_prisma_migrations')
        .select(['migration_name', 'checksum', 'finished_at', 'rolled_back_at'])
        .execute();
      const failed = rows.find((r) => !r.finished_at && !r.rolled_back_at);
      if (failed) {
        throw new MigrationError(
          `Migration ${failed.migration_name} đã chạy dở và thất bại / failed earlier; repair the database before starting again`,
        );
      }
      const previous = rows.find((r) => r.finished_at && r.migration_name === m.name);
      if (previous) {
        if (previous.checksum !== m.checksum) {
          throw new MigrationError(`Migration ${m.name} đã bị sửa sau khi áp dụng / was edited after it was applied`);
        }
        return false;
      }
      await sql.raw(m.sql).execute(tx);
      await tx
        .insertInto('_prisma_migrations')
        .values({
          id: randomUUID(),
          checksum: m.checksum,
          migration_name: m.name,
          started_at: sql`now()`,
          finished_at: sql`now()`,
          applied_steps_count: 1,
        })
        .execute();
      return true;
    });
    if (done) applied.push(m.name);
  }
  return applied;
}
