import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { type RawBuilder, sql } from 'kysely';
import { atomically, type Db } from '../../store/db.ts';
import { vnDaySql } from '../../time/vietnam.ts';
import { refreshDailyStats, refreshDailyStatsPairs } from '../rollup.ts';
import type { CsvSource } from './csv.ts';
import { duplicateMessage, type ValidateOptions, type ValidationMessage, validateDossiers } from './dossier-rows.ts';
import { ImportError, type ImportIssue } from './errors.ts';

export { DOSSIER_COLUMNS, dossierRowSchema } from './dossier-rows.ts';

export interface ImportResult {
  rows: number;
  inserted: number;
  updated: number;
  ms: number;
  /** Header cells that matched no known column. */
  ignoredColumns: string[];
}

/**
 * The summary of an upsert: `distinct` rows reached the table (a file may repeat a key), those not
 * inserted were updated.
 */
export function importResult(r: {
  rows: number;
  distinct?: number;
  inserted: number;
  started: number;
  ignoredColumns: string[];
}): ImportResult {
  return {
    rows: r.rows,
    inserted: r.inserted,
    updated: (r.distinct ?? r.rows) - r.inserted,
    ms: Math.round(performance.now() - r.started),
    ignoredColumns: r.ignoredColumns,
  };
}

export interface ImportOptions {
  batchSize?: number;
  /** Stop reading after this many bad values (default 20). */
  maxErrors?: number;
  /** Parse a file in a worker thread: always, never, or (default) when it is large enough to pay off. */
  worker?: boolean | 'auto';
  /** Rows written by `seed --demo` (marked so that the demo only ever replaces its own). */
  demo?: boolean;
}



const COLUMNS_SQL = sql.raw(`dossiers (ma_ho_so, ma_don_vi, ma_thu_tuc, kenh_nop, ngay_tiep_nhan, han_xu_ly, ngay_hoan_thanh,
                        co_phi, thanh_toan_truc_tuyen, da_so_hoa, ket_qua_dien_tu, ly_do_tre_han, imported_at, demo)`);
// Packed columns (dossier-rows.ts): values split on U+001F, U+001E for NULL.
const col = (packed: string, type: string) => sql`string_to_array(${packed}, E'\\x1f', E'\\x1e')::${sql.raw(type)}[]`;
const TYPES = [
  'text',
  'text',
  'text',
  'text',
  'timestamptz',
  'timestamptz',
  'timestamptz',
  'bool',
  'bool',
  'bool',
  'bool',
  'text',
];
// `demo`: whether the rows belong to `seed --demo` (an ordinary import always writes false, so a
// dossier re-imported from a real file stops being demo data).
const valuesSql = (columns: string[], demo: boolean) =>
  sql`SELECT *, now(), ${demo}::bool FROM unnest(${sql.join(TYPES.map((t, i) => col(columns[i]!, t)))})`;

// Every code and its line, so a code repeated anywhere in the file is found without holding the
// codes in memory: PostgreSQL sorts or hashes them, spilling to disk if it must.
const CODES_TABLE = sql`CREATE TEMP TABLE _import_codes (code text NOT NULL, line int NOT NULL) ON COMMIT DROP`;
const addCodes = (codes: string, lines: string) => sql`INSERT INTO _import_codes SELECT * FROM unnest(${col(codes, 'text')}, ${col(lines, 'int')})`;
const repeatedCodes = (limit: number) =>
  sql<{ code: string }>`SELECT code FROM _import_codes GROUP BY code HAVING count(*) > 1 LIMIT ${limit}`;
const repeatedLines = (codes: string[], limit: number) => sql<{ code: string; line: number; first: number }>`
SELECT code, line, first FROM (
  SELECT code, line, min(line) OVER (PARTITION BY code) AS first FROM _import_codes WHERE code = ANY(${codes}::text[])
) t WHERE line > first ORDER BY line LIMIT ${limit}`;

const insert = (columns: string[], demo: boolean) =>
  sql<{ inserted: number }>`WITH ins AS (INSERT INTO ${COLUMNS_SQL} ${valuesSql(columns, demo)} RETURNING 1) SELECT count(*)::int AS inserted FROM ins`;

const upsert = (columns: string[], demo: boolean) => sql<{ inserted: number }>`
WITH up AS (
  INSERT INTO ${COLUMNS_SQL} ${valuesSql(columns, demo)}
  ON CONFLICT (ma_ho_so) DO UPDATE SET
    ma_don_vi = EXCLUDED.ma_don_vi, ma_thu_tuc = EXCLUDED.ma_thu_tuc, kenh_nop = EXCLUDED.kenh_nop,
    ngay_tiep_nhan = EXCLUDED.ngay_tiep_nhan, han_xu_ly = EXCLUDED.han_xu_ly, ngay_hoan_thanh = EXCLUDED.ngay_hoan_thanh,
    co_phi = EXCLUDED.co_phi, thanh_toan_truc_tuyen = EXCLUDED.thanh_toan_truc_tuyen, da_so_hoa = EXCLUDED.da_so_hoa,
    ket_qua_dien_tu = EXCLUDED.ket_qua_dien_tu, ly_do_tre_han = EXCLUDED.ly_do_tre_han, imported_at = EXCLUDED.imported_at,
    demo = EXCLUDED.demo
  RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted)::int AS inserted FROM up`;

// The (unit, day) pairs an existing dossier occupies before it is overwritten: a re-import that
// moves a dossier to another day or unit must recompute where it was, too.
const oldPairs = (codes: string): RawBuilder<unknown> => sql`
INSERT INTO _import_pairs (unit_code, day)
SELECT ma_don_vi, ${sql.raw(vnDaySql('ngay_tiep_nhan'))} FROM dossiers WHERE ma_ho_so = ANY(${col(codes, 'text')})
UNION
SELECT ma_don_vi, ${sql.raw(vnDaySql('ngay_hoan_thanh'))} FROM dossiers WHERE ma_ho_so = ANY(${col(codes, 'text')}) AND ngay_hoan_thanh IS NOT NULL`;

/**
 * A first load into an empty table is a bulk load: maintaining the indexes and the foreign key
 * row by row costs more than the insert itself, while building them once afterwards is a sort. Drops them (inside the import's transaction, so a failed import restores them) and
 * returns the statements that recreate them exactly as the migrations defined them.
 */
async function dropIndexes(trx: Db): Promise<string[]> {
  const { rows: indexes } = await sql<{ name: string; def: string }>`
    SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS def
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
     WHERE x.indrelid = 'dossiers'::regclass
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`.execute(trx);
  // The primary key goes too (codes are checked unique while reading); foreign keys last.
  const { rows: constraints } = await sql<{ name: string; def: string; type: string }>`
    SELECT conname AS name, pg_get_constraintdef(oid) AS def, contype::text AS type FROM pg_constraint
     WHERE conrelid = 'dossiers'::regclass AND contype IN ('p', 'f') ORDER BY contype DESC`.execute(trx);
  for (const c of [...constraints].reverse()) await sql`ALTER TABLE dossiers DROP CONSTRAINT ${sql.id(c.name)}`.execute(trx);
  for (const i of indexes) await sql`DROP INDEX ${sql.id(i.name)}`.execute(trx);
  const add = (c: { name: string; def: string }) => `ALTER TABLE dossiers ADD CONSTRAINT "${c.name}" ${c.def}`;
  return [
    ...constraints.filter((c) => c.type === 'p').map(add),
    ...indexes.map((i) => i.def),
    ...constraints.filter((c) => c.type === 'f').map(add),
  ];
}

// Starting a worker (and its TypeScript loader) takes about a second: not worth it for small files.
const WORKER_MIN_BYTES = 8 * 1024 * 1024;

function useWorker(path: string, mode: boolean | 'auto'): boolean {
  if (mode !== 'auto') return mode;
  try {
    return statSync(path).size >= WORKER_MIN_BYTES;
  } catch {
    return false; // the reader reports the missing file
  }
}

type WorkerMessage = ValidationMessage | { type: 'failed'; error: unknown };

/** Validation in a worker thread (file paths), acknowledging each batch once it is written. */
async function* fromWorker(
  path: string,
  units: Set<string>,
  opts: ValidateOptions,
): AsyncGenerator<ValidationMessage, void, void> {
  const worker = new Worker(new URL('./dossier-worker.mjs', import.meta.url), {
    workerData: { path, units: [...units], ...opts },
  });
  const queue: WorkerMessage[] = [];
  let notify: (() => void) | null = null;
  let failure: unknown = null;
  const push = () => {
    notify?.();
    notify = null;
  };
  worker.on('message', (m: WorkerMessage) => {
    queue.push(m);
    push();
  });
  worker.on('error', (err) => {
    failure = err;
    push();
  });
  worker.on('exit', (code) => {
    if (code !== 0 && !failure) failure = new Error(`import worker exited with code ${code}`);
    push();
  });
  try {
    for (;;) {
      const m = queue.shift();
      if (!m) {
        if (failure) throw failure;
        await new Promise<void>((r) => (notify = r));
        continue;
      }
      if (m.type === 'failed') throw m.error;
      yield m;
      if (m.type === 'end') return;
      worker.postMessage('ack');
    }
  } finally {
    await worker.terminate();
  }
}

/**
 * Imports dossier rows (DESIGN.md § Indicators) in one transaction and keeps `daily_stats` in
 * step. Any bad value — or a dossier of an unknown unit, a row not lined up with the header, a
 * file not in UTF-8, or a code repeated in the file — throws
 * an ImportError naming the line and column, and nothing is written. A file given by path is
 * parsed in a worker thread while batches are written.
 */
export async function importDossiers(db: Db, source: CsvSource, opts: ImportOptions = {}): Promise<ImportResult> {
  const started = performance.now();
  const vopts: ValidateOptions = { batchSize: opts.batchSize ?? 20_000, maxErrors: opts.maxErrors ?? 20 };

  const demo = opts.demo ?? false;

  return atomically(db, async (tx) => {
    const units = new Set((await tx.selectFrom('units').select('code').execute()).map((u) => u.code));
    await sql`CREATE TEMP TABLE _import_pairs (unit_code text NOT NULL, day date NOT NULL) ON COMMIT DROP`.execute(tx);
    await CODES_TABLE.execute(tx);
    const { empty } = await tx
      .selectNoFrom((eb) => eb.not(eb.exists(eb.selectFrom('dossiers').select(sql`1`.as('one')))).as('empty'))
      .executeTakeFirstOrThrow();
    const messages =
      typeof source === 'string' && useWorker(source, opts.worker ?? 'auto')
        ? fromWorker(source, units, vopts)
        : validateDossiers(source, units, vopts);
    let inserted = 0;
    let restore: string[] | null = null;
    for await (const m of messages) {
      if (empty && restore === null && m.type === 'batch') restore = await dropIndexes(tx);
      if (m.type === 'batch') {
        await addCodes(m.batch.columns[0]!, m.batch.lines).execute(tx);
        // Into an empty table every row is new (repeats fail the import below): skip the look-ups.
        if (!empty) await oldPairs(m.batch.columns[0]!).execute(tx);
        const { rows } = await (empty ? insert : upsert)(m.batch.columns, demo).execute(tx);
        inserted += rows[0]?.inserted ?? 0;
        continue;
      }
      const codes = (await repeatedCodes(vopts.maxErrors).execute(tx)).rows.map((r) => r.code);
      const repeated = codes.length === 0 ? [] : (await repeatedLines(codes, vopts.maxErrors).execute(tx)).rows;
      if (m.issues.length > 0 || repeated.length > 0) {
        const all: ImportIssue[] = [
          ...m.issues,
          ...repeated.map((d) => ({ line: d.line, column: 'ma_ho_so', message: duplicateMessage(d.code, d.first) })),
        ].sort((a, b) => a.line - b.line);
        throw new ImportError(all.slice(0, vopts.maxErrors), m.truncated || all.length > vopts.maxErrors);
      }
      for (const statement of restore ?? []) await sql.raw(statement).execute(tx);
      const pairUnits: string[] = [];
      const pairDays: string[] = [];
      for (const p of m.pairs) {
        const [u, d] = p.split('\u0000') as [string, string];
        pairUnits.push(u);
        pairDays.push(d);
      }
      if (empty) {
        // Every dossier is new: one pass over the table rebuilds the whole roll-up.
        await refreshDailyStats(tx);
      } else {
        await sql`INSERT INTO _import_pairs SELECT * FROM unnest(${pairUnits}::text[], ${pairDays}::date[])`.execute(tx);
        await sql`CREATE TEMP TABLE _import_pairs_d ON COMMIT DROP AS SELECT DISTINCT unit_code, day FROM _import_pairs`.execute(tx);
        await refreshDailyStatsPairs(tx, '_import_pairs_d');
      }
      return importResult({ rows: m.rows, inserted, started, ignoredColumns: m.ignoredColumns });
    }
    throw new Error('dossier validation ended without a summary');
  });
}
