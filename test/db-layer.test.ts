import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { atomically } from '../src/store/db.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

// The one query layer (Kysely, src/store/db.ts) on whichever backend the run uses: PGlite, or the
// PostgreSQL server of TEST_DATABASE_URL.
describe('data-access layer', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.reset();
  });

  const unit = (code: string) => ({ code, name: `Đơn vị ${code}`, path: `/${code}/`, updated_at: new Date() });
  const codes = async () => (await db.kysely.selectFrom('units').select('code').orderBy('code').execute()).map((r) => r.code);

  it('a query made while a transaction is open neither sees its writes nor is undone by its rollback', async () => {
    let inserted!: () => void;
    const insertedP = new Promise<void>((r) => {
      inserted = r;
    });
    const tx = db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('units').values(unit('TX')).execute();
      inserted();
      // Give the other query time to run (PostgreSQL) or to queue behind this transaction (PGlite).
      await new Promise((r) => setTimeout(r, 50));
      throw new Error('roll back');
    });
    await insertedP;
    const outside = (async () => {
      await db.kysely.insertInto('units').values(unit('OUT')).execute();
      const seen = await db.kysely
        .selectFrom('units')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('code', '=', 'TX')
        .executeTakeFirstOrThrow();
      return Number(seen.n);
    })();
    await expect(tx).rejects.toThrow('roll back');
    expect(await outside).toBe(0);
    expect(await codes()).toEqual(['OUT']);
  });

  it('a transaction commits every write or none', async () => {
    await db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('units').values(unit('A')).execute();
      await sql`INSERT INTO units (code, name, path, updated_at) VALUES ('B', 'Đơn vị B', '/B/', now())`.execute(trx);
    });
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await trx.insertInto('units').values(unit('C')).execute();
        await trx.insertInto('units').values(unit('A')).execute(); // duplicate key
      }),
    ).rejects.toThrow();
    expect(await codes()).toEqual(['A', 'B']);
  });

  it('refuses a nested Kysely transaction and rolls the outer one back', async () => {
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await trx.insertInto('units').values(unit('N')).execute();
        await trx.transaction().execute(async () => {});
      }),
    ).rejects.toThrow(/transaction method for a Transaction is not supported/);
    expect(await codes()).toEqual([]);
  });

  it('atomically() inside a transaction is a savepoint: its failure undoes only its writes, the caller decides', async () => {
    await db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('units').values(unit('OUTER')).execute();
      await expect(
        atomically(trx, async (inner) => {
          await inner.insertInto('units').values(unit('INNER')).execute();
          throw new Error('inner fails');
        }),
      ).rejects.toThrow('inner fails');
      await atomically(trx, (inner) => inner.insertInto('units').values(unit('KEPT')).execute());
    });
    expect(await codes()).toEqual(['KEPT', 'OUTER']);
    // The text port nests the same way, and an outer failure still undoes everything.
    await expect(
      db.sql.transaction(async (tx) => {
        await tx.transaction((inner) =>
          inner.query(`INSERT INTO units (code, name, path, updated_at) VALUES ('M', 'Đơn vị M', '/M/', now())`),
        );
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(await codes()).toEqual(['KEPT', 'OUTER']);
  });

  it('the text port and the builder share one transaction', async () => {
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await trx.insertInto('units').values(unit('K')).execute();
        const { sqlFromKysely } = await import('../src/store/sql.ts');
        const rows = await sqlFromKysely(trx).query<{ n: number }>(`SELECT count(*)::int AS n FROM units WHERE code = $1`, ['K']);
        expect(rows).toEqual([{ n: 1 }]);
        throw new Error('undo both');
      }),
    ).rejects.toThrow('undo both');
    expect(await codes()).toEqual([]);
  });

  it('runs a script of several statements and typed `sql` templates', async () => {
    await sql
      .raw(`INSERT INTO units (code, name, path, updated_at) VALUES ('S1', 'a', '/S1/', now());
      INSERT INTO units (code, name, path, updated_at) VALUES ('S2', 'b', '/S2/', now())`)
      .execute(db.kysely);
    const { rows } = await sql<{ code: string; depth: number }>`
      SELECT code, length(path) - length(replace(path, '/', '')) - 1 AS depth FROM units WHERE code = ANY(${['S1', 'S2']}::text[]) ORDER BY code`.execute(
      db.kysely,
    );
    expect(rows).toEqual([
      { code: 'S1', depth: 1 },
      { code: 'S2', depth: 1 },
    ]);
  });
});
