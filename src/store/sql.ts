import type { PGlite, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';

/**
 * The few raw-SQL operations the migrator and bulk imports need, the same on PGlite and on a
 * PostgreSQL server. Everything else goes through the Prisma client.
 */
export interface Sql {
  /** Runs a script of one or more statements (no parameters). */
  exec(script: string): Promise<void>;
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` in one transaction: all of it commits, or none of it. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
}

type PGliteLike = Pick<PGlite, 'exec' | 'query'> | Transaction;

function pgliteRunner(db: PGliteLike, root?: PGlite): Sql {
  return {
    async exec(script) {
      await db.exec(script);
    },
    async query<T>(text: string, params: unknown[] = []) {
      return (await db.query<T>(text, params)).rows;
    },
    async transaction(fn) {
      if (!root) return fn(this); // already inside one: PGlite has a single connection
      return root.transaction((tx) => fn(pgliteRunner(tx)));
    },
  };
}

export function sqlFromPGlite(db: PGlite): Sql {
  return pgliteRunner(db, db);
}

function clientRunner(client: pg.PoolClient): Sql {
  return {
    async exec(script) {
      await client.query(script);
    },
    async query<T>(text: string, params: unknown[] = []) {
      return (await client.query(text, params)).rows as T[];
    },
    async transaction(fn) {
      return fn(this);
    },
  };
}

export function sqlFromPool(pool: pg.Pool): Sql {
  return {
    async exec(script) {
      await pool.query(script);
    },
    async query<T>(text: string, params: unknown[] = []) {
      return (await pool.query(text, params)).rows as T[];
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(clientRunner(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
  };
}
