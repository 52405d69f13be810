import type { PGlite, Results, Transaction } from '@electric-sql/pglite';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * Kysely over PGlite. PGlite has one connection; its own `transaction()` holds it exclusively (every
 * other `query`/`exec` on the instance waits), so a transaction here is PGlite's: nothing else —
 * another request's query, the rate limiter — can run inside it, see its uncommitted rows or be undone
 * by its rollback.
 *
 * Why not a dialect from npm: `kysely-pglite` sends BEGIN/COMMIT as ordinary queries on the shared
 * connection, so any query issued meanwhile joins the open transaction; `kysely-pglite-dialect`
 * queues Kysely's own callers but not the other users of the same PGlite, and requires PGlite ≤ 0.4.
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly lite: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.lite);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's own dialects take Kysely<any> here
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
}

class PGliteDriver implements Driver {
  constructor(private readonly lite: PGlite) {}
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return new PGliteConnection(this.lite);
  }
  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await (conn as PGliteConnection).begin(settings);
  }
  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await (conn as PGliteConnection).end(true);
  }
  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await (conn as PGliteConnection).end(false);
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {
    // The Database that opened PGlite closes it (after the data-directory lock's bookkeeping).
  }
}

class PGliteConnection implements DatabaseConnection {
  /** Set while this connection is in a transaction: PGlite's transaction handle, and how to end it. */
  private tx: { handle: Transaction; finish: (commit: boolean) => void; done: Promise<unknown> } | null = null;

  constructor(private readonly lite: PGlite) {}

  async begin(settings: TransactionSettings): Promise<void> {
    if (this.tx) throw new Error('PGlite connection already in a transaction');
    let finish!: (commit: boolean) => void;
    const decided = new Promise<boolean>((resolve) => {
      finish = resolve;
    });
    let started!: (t: Transaction) => void;
    let failed!: (err: unknown) => void;
    const opened = new Promise<Transaction>((resolve, reject) => {
      started = resolve;
      failed = reject;
    });
    // PGlite's transaction stays open (holding the connection) until Kysely commits or rolls back.
    const done = this.lite.transaction(async (t) => {
      started(t);
      if (!(await decided)) await t.rollback();
    });
    done.catch(failed); // BEGIN itself failed; later failures reach `end`, which awaits `done`
    const handle = await opened;
    this.tx = { handle, finish, done };
    const modes = [
      settings.isolationLevel ? `ISOLATION LEVEL ${settings.isolationLevel.toUpperCase()}` : '',
      settings.accessMode ? settings.accessMode.toUpperCase() : '',
    ].filter(Boolean);
    if (modes.length) await handle.exec(`SET TRANSACTION ${modes.join(' ')}`);
  }

  async end(commit: boolean): Promise<void> {
    const tx = this.tx;
    if (!tx) throw new Error('PGlite connection not in a transaction');
    this.tx = null;
    tx.finish(commit);
    await tx.done;
  }

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const on = this.tx?.handle ?? this.lite;
    // No parameters: the simple protocol, which also runs scripts of several statements (migrations).
    const res: Results<R> =
      q.parameters.length === 0 ? ((await on.exec(q.sql)).at(-1) as Results<R>) : await on.query<R>(q.sql, [...q.parameters]);
    return {
      rows: res?.rows ?? [],
      ...(res?.affectedRows !== undefined ? { numAffectedRows: BigInt(res.affectedRows) } : {}),
    };
  }

  // biome-ignore lint/correctness/useYield: PGlite returns whole results; Kysely's stream() is not used here
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not stream results');
  }
}
