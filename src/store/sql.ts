import { CompiledQuery, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

/**
 * Text-and-parameters statements for modules not yet written with Kysely's builder. It runs on the
 * same Kysely instance (`Database.kysely`) as everything else — same connection, same transaction —
 * so a transaction covers the statements of both. New code uses Kysely directly (see db.ts).
 */
export interface Sql {
  /** Runs a script of one or more statements (no parameters). */
  exec(script: string): Promise<void>;
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` in one transaction: all of it commits, or none of it. Refused inside a transaction. */
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
      if (db.isTransaction) throw new NestedTransactionError();
      return db.transaction().execute((tx) => fn(sqlFromKysely(tx)));
    },
  };
}

/**
 * A transaction was asked for inside another. Joining it silently would let the inner code believe
 * its writes commit on their own; a savepoint would let it roll back half an operation. Pass the
 * outer transaction down instead.
 */
export class NestedTransactionError extends Error {
  constructor() {
    super('Nested transaction refused: pass the open transaction down instead of starting another');
  }
}
