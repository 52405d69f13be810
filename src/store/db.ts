import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
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
  /** Apply pending migrations (default true): every command that needs the database does. */
  migrate?: boolean;
}

/** Opens the embedded PGlite database under `dataDir/pg`, or the server at `databaseUrl`. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
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
  const dir = join(opts.dataDir, 'pg');
  mkdirSync(dir, { recursive: true });
  const lite = await PGlite.create({ dataDir: dir });
  const sql = sqlFromPGlite(lite);
  try {
    if (opts.migrate !== false) await applyMigrations(sql);
  } catch (err) {
    await lite.close();
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
    },
  };
}
