import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { z } from 'zod';
import { ImportError, type IssueList } from './errors.ts';
import { key, zodIssues } from './values.ts';

/** A file path, or a stream/iterable of its bytes or text (tests, stdin). */
export type CsvSource = string | Readable | AsyncIterable<string | Uint8Array>;

export interface ColumnSpec {
  /** Canonical name, e.g. `ngay_tiep_nhan`. */
  name: string;
  /** Other header spellings, compared folded (no diacritics, lower case, `_` for separators). */
  aliases: string[];
  required: boolean;
}

export interface CsvRow {
  /** Line where the record ends (the header is line 1). */
  line: number;
  /** Cell text per canonical column; absent optional columns are ''. */
  values: Record<string, string>;
}

export interface CsvHeader {
  /** Canonical column → header text as written in the file. */
  found: Map<string, string>;
  /** Header cells that matched no column (ignored). */
  ignored: string[];
}

function openSource(source: CsvSource): Readable {
  if (typeof source === 'string') return createReadStream(source);
  if (source instanceof Readable) return source;
  return Readable.from(source);
}

// Excel in Vietnamese locales often saves with ';' (or tabs): pick the separator the header uses most.
function detectDelimiter(headerLine: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, headerLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

async function peekAndRejoin(input: Readable): Promise<{ first: string; stream: Readable }> {
  const it = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let text = '';
  while (!text.includes('\n')) {
    const next = await it.next();
    if (next.done) break;
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : Buffer.from(next.value as Uint8Array);
    head.push(chunk);
    text += chunk.toString('utf8');
    if (text.length > 65536) break;
  }
  async function* rest() {
    for (const b of head) yield b;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield typeof next.value === 'string' ? Buffer.from(next.value) : Buffer.from(next.value as Uint8Array);
    }
  }
  return { first: text.split('\n')[0] ?? '', stream: Readable.from(rest()) };
}

/**
 * Streams the records of a CSV file (UTF-8, with or without BOM) as canonical columns. The header
 * row is matched against each column's name and aliases; a missing required column is an error on
 * line 1. `onHeader` sees which columns were found before the first row.
 */
export async function* readCsv(
  source: CsvSource,
  columns: ColumnSpec[],
  onHeader?: (header: CsvHeader) => void,
): AsyncGenerator<CsvRow> {
  const { first, stream } = await peekAndRejoin(openSource(source));
  const parser = stream.pipe(
    parse({
      bom: true,
      info: true,
      delimiter: detectDelimiter(first.replace(/^\uFEFF/, '')),
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
    }),
  );
  const lookup = new Map<string, ColumnSpec>();
  for (const c of columns) for (const k of [c.name, ...c.aliases]) lookup.set(key(k), c);

  let index: (ColumnSpec | undefined)[] | null = null;
  const names = columns.map((c) => c.name);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!index) {
        const found = new Map<string, string>();
        const ignored: string[] = [];
        index = record.map((cell) => {
          const spec = lookup.get(key(cell));
          if (!spec || found.has(spec.name)) {
            if (cell.trim()) ignored.push(cell.trim());
            return undefined;
          }
          found.set(spec.name, cell.trim());
          return spec;
        });
        const missing = columns.filter((c) => c.required && !found.has(c.name));
        if (missing.length > 0) {
          throw new ImportError(
            missing.map((c) => ({
              line: info.lines,
              column: c.name,
              message: `thiếu cột bắt buộc trong dòng tiêu đề (tên chấp nhận: ${[c.name, ...c.aliases.slice(0, 3)].join(', ')})`,
            })),
          );
        }
        onHeader?.({ found, ignored });
        continue;
      }
      const values: Record<string, string> = {};
      for (const n of names) values[n] = '';
      for (let i = 0; i < index.length; i++) {
        const spec = index[i];
        if (spec) values[spec.name] = record[i] ?? '';
      }
      yield { line: info.lines, values };
    }
  } catch (err) {
    if (err instanceof ImportError) throw err;
    const e = err as Error & { lines?: number };
    throw new ImportError([{ line: e.lines ?? 0, column: null, message: `tệp CSV không đọc được: ${e.message}` }]);
  }
  if (!index) throw new ImportError([{ line: 1, column: null, message: 'tệp rỗng: cần dòng tiêu đề và dữ liệu' }]);
}

/**
 * The records of `source` that pass `schema`, with their line numbers. Rows that fail go to
 * `issues` with their column; reading stops once `issues` is full. The caller adds its own
 * per-row issues (duplicates, unknown units) between rows.
 */
export async function* validRows<T>(
  source: CsvSource,
  columns: ColumnSpec[],
  schema: z.ZodType<T>,
  issues: IssueList,
  onHeader?: (header: CsvHeader) => void,
): AsyncGenerator<{ line: number; row: T }> {
  for await (const { line, values } of readCsv(source, columns, onHeader)) {
    const parsed = schema.safeParse(values);
    if (parsed.success) yield { line, row: parsed.data };
    else for (const i of zodIssues(parsed.error)) issues.add(line, i.column, i.message);
    if (issues.full) return;
  }
}
