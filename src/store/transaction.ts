import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from './schema.ts';

let savepoints = 0;

/**
 * Runs `fn` all-or-nothing. Outside a transaction it opens one. Inside one (an import called by
 * `seed --demo`, which writes more around it) it runs in a SAVEPOINT of that transaction: a failure
 * undoes `fn`'s writes only and reaches the caller, whose own transaction still decides what
 * commits. Kysely's own `trx.transaction()` is refused instead: a second transaction cannot be
 * opened on the connection that holds the first.
 */
export async function atomically<T>(db: Kysely<DB>, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (!db.isTransaction) return db.transaction().execute(fn);
  const trx = db as Transaction<DB>;
  const name = sql.id(`sp_${++savepoints}`);
  await sql`SAVEPOINT ${name}`.execute(trx);
  try {
    const result = await fn(trx);
    await sql`RELEASE SAVEPOINT ${name}`.execute(trx);
    return result;
  } catch (err) {
    // A failed rollback means the connection is gone: the outer transaction fails on its own.
    await sql`ROLLBACK TO SAVEPOINT ${name}`.execute(trx).catch(() => {});
    throw err;
  }
}
