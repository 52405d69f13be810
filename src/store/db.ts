import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import type { Logger } from '../log.ts';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { applyMigrations } from './migrate.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { DB } from './schema.ts';
import { type Sql, sqlFromKysely } from './sql.ts';

export type { DB };
export { atomically } from './transaction.ts';

/**
 * The database as queries see it: the root instance or an open transaction (`Transaction<DB>`
 * extends it). Table and column names are the database's own (snake_case, src/store/schema.ts,
 * generated from prisma/schema.prisma by `npm run db:generate`).
 */
export type Db = Kysely<DB>;

export interface Database {
  /** Every query: Kysely's builder, or its `sql` template for what the builder cannot say. */
  kysely: Db;
  /** Text statements (tests, ad-hoc checks); runs on `kysely` (same connection and transactions). */
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
  /** PostgreSQL server limits; unset ones keep the driver's defaults (imports run long statements). */
  timeouts?: DatabaseTimeouts;
  /** Where connection errors of the pool are reported (they are never left unhandled). */
  log?: Pick<Logger, 'warn'>;
}

export interface DatabaseTimeouts {
  /** Giving up on opening a connection (a server down or unreachable answers fast then). */
  connectMs?: number;
  /** Server-side statement_timeout: a hung statement is cancelled instead of holding every batch. */
  statementMs?: number;
  /** Server-side idle_in_transaction_session_timeout: a transaction left open releases its locks. */
  idleInTransactionMs?: number;
}

/** 5 s to connect even when nothing else is set: pg's default is to wait forever. */
const DEFAULT_CONNECT_MS = 5000;

/** Opens the embedded PGlite database under `dataDir/pg`, or the server at `databaseUrl`. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    // Each backend's driver is loaded only when used: neither carries the other's memory.
    const { default: pg } = await import('pg');
    const t = opts.timeouts ?? {};
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: 10,
      keepAlive: true,
      connectionTimeoutMillis: t.connectMs ?? DEFAULT_CONNECT_MS,
      ...(t.statementMs ? { statement_timeout: t.statementMs, query_timeout: t.statementMs + 5000 } : {}),
      ...(t.idleInTransactionMs ? { idle_in_transaction_session_timeout: t.idleInTransactionMs } : {}),
    });
    // A server restart errors every open connection; without listeners that error kills the
    // process. The pool drops the broken clients and opens new ones when the server is back.
    const onError = (err: Error) => opts.log?.warn({ err }, 'PostgreSQL connection lost; reconnecting on next use');
    pool.on('error', onError);
    pool.on('connect', (client) => client.on('error', onError));
    // Kysely borrows the pool: its timeouts and error listeners hold for every query.
    const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    const sql = sqlFromKysely(kysely);
    try {
      if (opts.migrate !== false) await applyMigrations(kysely);
    } catch (err) {
      await pool.end();
      throw err;
    }
    return {
      kysely,
      sql,
      backend: 'postgresql',
      async close() {
        await pool.end().catch(() => {});
      },
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
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
  const kysely = new Kysely<DB>({ dialect: new PGliteDialect(lite) });
  const sql = sqlFromKysely(kysely);
  try {
    if (opts.migrate !== false) await applyMigrations(kysely);
  } catch (err) {
    await lite.close();
    lock.release();
    throw err;
  }
  return {
    kysely,
    sql,
    backend: 'pglite',
    async close() {
      if (!lite.closed) await lite.close();
      lock.release();
    },
  };
}
