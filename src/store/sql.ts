import { CompiledQuery, type Kysely } from 'kysely';
import type { DB } from './schema.ts';
import { atomically } from './transaction.ts';

/**
 * Text-and-parameters statements, for tests and ad-hoc checks. It runs on the same Kysely instance
 * (`Database.kysely`) as every query of the app — same connection, same transactions. Application
 * code uses Kysely directly (see db.ts): the builder, or its `sql` template with a row type.
 */
export interface Sql {
  /** Runs a script of one or more statements (no parameters). */
  exec(script: string): Promise<void>;
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` all-or-nothing: in a new transaction, or in a savepoint of the open one (see `atomically`). */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
}

export function sqlFromKysely(db: Kysely<DB>): Sql {
  return {
    async exec(script) {
      await db.executeQuery(CompiledQuery.raw(script));
    },
    async query<T>(text: string, params: unknown[] = []) {
      return (await db.executeQuery<T>(CompiledQuery.raw(text, params))).rows;
    },
    async transaction(fn) {
      return atomically(db, (tx) => fn(sqlFromKysely(tx)));
    },
  };
}
