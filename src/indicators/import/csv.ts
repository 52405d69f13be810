import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
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
  /** Set when the record cannot be read as a row (its cells do not line up with the header); `values` are then all ''. */
  problem?: string;
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

const asBuffer = (chunk: unknown): Buffer =>
  typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk as Uint8Array);

/** How to fix a file saved in a legacy code page, in both languages (Excel and LibreOffice). */
export const SAVE_AS_UTF8 =
  'Cách sửa: Excel → Tệp (File) › Lưu như (Save As) → chọn kiểu “CSV UTF-8 (Comma delimited) (*.csv)”; ' +
  'LibreOffice Calc → File › Save As → “Text CSV (.csv)”, đánh dấu “Edit filter settings”, chọn Character set “Unicode (UTF-8)”. ' +
  '/ The file must be UTF-8: in Excel save as “CSV UTF-8”, in LibreOffice choose character set “Unicode (UTF-8)”.';

function encodingError(line: number, message: string): ImportError {
  return new ImportError([{ line, column: null, message: `${message} ${SAVE_AS_UTF8}` }]);
}

/**
 * Offset of the first byte that is not part of a well-formed UTF-8 sequence (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or -1. Only run on a chunk already known bad.
 */
function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined) return i; // cut short at the end of the file
      if (d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return -1;
}

/** Bytes at the end of `b` that start a multi-byte sequence the next chunk completes (0–3). */
function incompleteTail(b: Buffer): number {
  for (let back = 1; back <= Math.min(3, b.length); back++) {
    const c = b[b.length - back]!;
    if (c < 0x80) return 0;
    if (c >= 0xc0) {
      const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      return need > back ? back : 0;
    }
  }
  return 0;
}

function countNewlines(b: Buffer, end = b.length): number {
  let n = 0;
  let i = b.indexOf(10);
  while (i !== -1 && i < end) {
    n++;
    i = b.indexOf(10, i + 1);
  }
  return n;
}

/**
 * The file's bytes as UTF-8. UTF-8 (with or without BOM) passes through unchanged after a check;
 * UTF-16 with a byte order mark (Excel's "Unicode Text") is converted, since the mark says for
 * certain what it is. Anything else — Windows-1258, TCVN3, Latin-1 saved by older tools — cannot
 * be told apart reliably, so it is refused with the line and byte where it stops being UTF-8,
 * before a single mangled name ("Pho�ng") reaches the database.
 */
async function* utf8Bytes(input: AsyncIterable<unknown>): AsyncGenerator<Buffer> {
  const it = input[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  while (head.length < 4) {
    const next = await it.next();
    if (next.done) break;
    head = Buffer.concat([head, asBuffer(next.value)]);
  }
  async function* rest(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield asBuffer(next.value);
    }
  }
  const utf16 = head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : null;
  if (utf16) {
    const decoder = new TextDecoder(utf16, { fatal: true });
    let lines = 0;
    try {
      for await (const chunk of rest()) {
        const text = Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8');
        lines += countNewlines(text);
        yield text;
      }
      const last = decoder.decode();
      if (last) yield Buffer.from(last, 'utf8');
    } catch (err) {
      if (!(err instanceof TypeError)) throw err;
      throw encodingError(lines + 1, `tệp UTF-16 bị hỏng từ khoảng dòng ${lines + 1} (ký tự không hợp lệ).`);
    }
    return;
  }
  // UTF-16 without a byte order mark: NUL bytes between the letters of the header.
  const probe = head.length >= 4 ? head : Buffer.alloc(0);
  if (probe.length > 0 && (probe[1] === 0 || probe[0] === 0) && (probe[3] === 0 || probe[2] === 0)) {
    throw encodingError(1, 'tệp có vẻ là UTF-16 nhưng không có dấu BOM ở đầu, không chắc đọc đúng.');
  }
  let carry = Buffer.alloc(0);
  let lines = 0;
  let offset = 0;
  for await (const chunk of rest()) {
    const buf = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const cut = buf.length - incompleteTail(buf);
    const body = cut === buf.length ? buf : buf.subarray(0, cut);
    if (!isUtf8(body)) {
      const at = firstInvalidUtf8(body);
      const line = lines + countNewlines(body, at) + 1;
      const nl = at > 0 ? body.lastIndexOf(10, at - 1) : -1;
      // Where the bad line starts, when this chunk (or the file's start) shows it.
      const lineStart = nl >= 0 ? offset + nl + 1 : lines === 0 ? 0 : -1;
      const hex = body[at]!.toString(16).toUpperCase().padStart(2, '0');
      const where = lineStart >= 0 ? `byte thứ ${offset + at - lineStart + 1} của dòng` : `byte thứ ${offset + at + 1} của tệp`;
      throw encodingError(
        line,
        `tệp không phải UTF-8: ${where} (0x${hex}) không đọc được — có lẽ tệp được lưu bằng bảng mã cũ (Windows-1258/ANSI, TCVN3 hoặc Latin-1) nên tên có dấu sẽ hỏng.`,
      );
    }
    lines += countNewlines(body);
    offset += body.length;
    carry = cut === buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(cut));
    if (body.length > 0) yield body;
  }
  if (carry.length > 0) {
    throw encodingError(lines + 1, `tệp không phải UTF-8: byte cuối tệp (0x${carry[0]!.toString(16).toUpperCase()}) là một ký tự bị cắt dở.`);
  }
}

async function peekAndRejoin(input: AsyncIterable<Buffer>): Promise<{ first: string; stream: Readable }> {
  const it = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let text = '';
  while (!text.includes('\n')) {
    const next = await it.next();
    if (next.done) break;
    head.push(next.value);
    text += next.value.toString('utf8');
    if (text.length > 65536) break;
  }
  async function* rest() {
    for (const b of head) yield b;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { first: text.split('\n')[0] ?? '', stream: Readable.from(rest()) };
}

/** Longest record read (bytes): a dossier row is well under 4 KB; an unclosed quote swallows the file. */
export const MAX_RECORD_BYTES = 64 * 1024;

/** csv-parse's own errors, said for the operator who has to fix the file. */
function csvSyntaxMessage(e: Error & { code?: string }): string {
  switch (e.code) {
    case 'CSV_MAX_RECORD_SIZE':
      return `một dòng dài quá ${MAX_RECORD_BYTES / 1024} KB — thường do một dấu ngoặc kép (") mở mà không đóng`;
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'có dấu ngoặc kép (") mở mà không đóng đến hết tệp';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
      return 'dấu ngoặc kép (") đặt sai chỗ';
    default:
      return `tệp CSV không đọc được: ${e.message}`;
  }
}

/**
 * Streams the records of a CSV file (UTF-8 with or without BOM, or UTF-16 with BOM) as canonical
 * columns. The header row is matched against each column's name and aliases; a missing required
 * column is an error on line 1. `onHeader` sees which columns were found before the first row. A
 * record with another number of cells than the header comes with `problem` set instead of being
 * guessed at (an unquoted comma inside a value shifts every later cell).
 */
export async function* readCsv(
  source: CsvSource,
  columns: ColumnSpec[],
  onHeader?: (header: CsvHeader) => void,
): AsyncGenerator<CsvRow> {
  const { first, stream } = await peekAndRejoin(utf8Bytes(openSource(source)));
  const parser = parse({
    bom: true,
    info: true,
    delimiter: detectDelimiter(first.replace(/^\uFEFF/, '')),
    skip_empty_lines: true,
    // Counted below, so that the error names the row instead of stopping at it.
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  // pipe() does not forward a source error (a bad byte found mid-file): end the parser with it.
  stream.on('error', (err) => parser.destroy(err));
  stream.pipe(parser);
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
      if (record.length !== index.length) {
        const more = record.length > index.length;
        yield {
          line: info.lines,
          values,
          problem:
            `dòng có ${record.length} ô nhưng dòng tiêu đề có ${index.length} cột` +
            (more
              ? ' — có lẽ một giá trị chứa dấu phân cách mà không đặt trong ngoặc kép (ví dụ lý do "Chờ bổ sung, xác minh" phải có ngoặc kép)'
              : ' — thiếu ô; mỗi dòng phải đủ các cột như dòng tiêu đề (ô trống vẫn cần dấu phân cách)'),
        };
        continue;
      }
      for (let i = 0; i < index.length; i++) {
        const spec = index[i];
        if (spec) values[spec.name] = record[i] ?? '';
      }
      yield { line: info.lines, values };
    }
  } catch (err) {
    if (err instanceof ImportError) throw err;
    const e = err as Error & { lines?: number; code?: string };
    throw new ImportError([{ line: e.lines ?? 0, column: null, message: csvSyntaxMessage(e) }]);
  } finally {
    parser.destroy();
    stream.destroy();
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
  for await (const { line, values, problem } of readCsv(source, columns, onHeader)) {
    if (problem) {
      issues.add(line, null, problem);
      if (issues.full) return;
      continue;
    }
    const parsed = schema.safeParse(values);
    if (parsed.success) yield { line, row: parsed.data };
    else for (const i of zodIssues(parsed.error)) issues.add(line, i.column, i.message);
    if (issues.full) return;
  }
}
