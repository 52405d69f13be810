import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { PrismaClient } from './generated/client.ts';
import { applyMigrations } from './migrate.ts';
import { type Sql, sqlFromPGlite, sqlFromPool } from './sql.ts';

export type { PrismaClient };

export interface Database {
  prisma: PrismaClient;
  sql: Sql;
  backend: 'pglite' | 'postgresql';
  close(): Promise<void>;
}

export interface OpenOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  /** PGlite's shared_buffers, e.g. "64MB" (ignored for a server). */
  sharedBuffers?: string;
  /** Apply pending migrations (default true): every command that needs the database does. */
  migrate?: boolean;
}

/** Opens the embedded PGlite database under `dataDir/pg`, or the server at `databaseUrl`. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    // Each backend's driver is loaded only when used: neither carries the other's memory.
    const [{ default: pg }, { PrismaPg }] = await Promise.all([import('pg'), import('@prisma/adapter-pg')]);
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    const sql = sqlFromPool(pool);
    try {
      if (opts.migrate !== false) await applyMigrations(sql);
    } catch (err) {
      await pool.end();
      throw err;
    }
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    return {
      prisma,
      sql,
      backend: 'postgresql',
      async close() {
        await prisma.$disconnect();
        await pool.end().catch(() => {});
      },
    };
  }
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([import('@electric-sql/pglite'), import('pglite-prisma-adapter')]);
  const dir = join(opts.dataDir, 'pg');
  mkdirSync(dir, { recursive: true });
  // A start parameter, not `postgresqlconf`: that option overwrites the directory's postgresql.conf.
  const startParams = [...PGlite.defaultStartParams, '-c', `shared_buffers=${opts.sharedBuffers ?? '64MB'}`];
  // PostgreSQL's own guard (postmaster.pid) does not work inside PGlite: see data-dir-lock.ts.
  const lock = acquireDataDirLock(dir);
  let lite: PGlite;
  try {
    lite = await PGlite.create({ dataDir: dir, startParams });
  } catch (err) {
    lock.release();
    throw err;
  }
  const sql = sqlFromPGlite(lite);
  try {
    if (opts.migrate !== false) await applyMigrations(sql);
  } catch (err) {
    await lite.close();
    lock.release();
    throw err;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(lite) });
  return {
    prisma,
    sql,
    backend: 'pglite',
    async close() {
      await prisma.$disconnect();
      if (!lite.closed) await lite.close();
      lock.release();
    },
  };
}
