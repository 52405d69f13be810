import type { Insertable, SelectQueryBuilder } from 'kysely';
import type { DB, Db } from '../../src/store/db.ts';

/** How many rows a query selects: `await countOf(db.kysely.selectFrom('officers').where(…))`. */
export async function countOf<TB extends keyof DB>(query: SelectQueryBuilder<DB, TB, object>): Promise<number> {
  const row = await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Inserts units; `updated_at` (set by the application, not the database) defaults to now. */
export async function insertUnits(db: Db, units: Omit<Insertable<DB['units']>, 'updated_at'>[]): Promise<void> {
  const updated_at = new Date();
  await db
    .insertInto('units')
    .values(units.map((u) => ({ ...u, updated_at })))
    .execute();
}

/** An officer with its chat accounts (in one transaction); returns the officer's id. */
export async function insertOfficer(
  db: Db,
  officer: Insertable<DB['officers']>,
  accounts: Omit<Insertable<DB['officer_accounts']>, 'officer_id'>[] = [],
): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const { id } = await tx.insertInto('officers').values(officer).returning('id').executeTakeFirstOrThrow();
    if (accounts.length) await tx.insertInto('officer_accounts').values(accounts.map((a) => ({ ...a, officer_id: id }))).execute();
    return id;
  });
}
