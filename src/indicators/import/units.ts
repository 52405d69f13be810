import { z } from 'zod';
import { sql } from 'kysely';
import { atomically, type Db } from '../../store/db.ts';
import { type ColumnSpec, type CsvSource, validRows } from './csv.ts';
import { type ImportOptions, type ImportResult, importResult } from './dossiers.ts';
import { IssueList } from './errors.ts';
import { code, optionalText, requiredText } from './values.ts';

export const UNIT_COLUMNS: ColumnSpec[] = [
  { name: 'ma_don_vi', aliases: ['Mã đơn vị', 'Mã cơ quan', 'ma_dv', 'code', 'unit_code'], required: true },
  { name: 'ten_don_vi', aliases: ['Tên đơn vị', 'Tên cơ quan', 'Tên', 'ten_dv', 'name'], required: true },
  {
    name: 'ma_don_vi_cha',
    aliases: [
      'Đơn vị cha',
      'Mã đơn vị cha',
      'Mã đơn vị cấp trên',
      'Đơn vị cấp trên',
      'Cấp trên',
      'ma_dv_cha',
      'parent_code',
      'parent',
    ],
    required: false,
  },
  // Short names officers use for the unit ("Phòng Dược; ATTP"), several separated by ';' or '|'.
  { name: 'ten_goi_khac', aliases: ['Tên gọi khác', 'Tên viết tắt', 'Tên ngắn', 'Viết tắt', 'ten_tat', 'aliases', 'short_names'], required: false },
  // The one-stop desk citizens are sent to about a dossier of this unit (address, phone); empty: the parent's.
  {
    name: 'lien_he_mot_cua',
    aliases: ['Liên hệ một cửa', 'Bộ phận một cửa', 'Liên hệ', 'Địa chỉ một cửa', 'lien_he', 'contact'],
    required: false,
  },
];

/** "Phòng Dược; P. Dược | PD" → ["Phòng Dược", "P. Dược", "PD"]: trimmed, NFC, no empties, no repeats. */
export function splitAliases(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[;|]/)) {
    const a = part.trim().replace(/\s+/g, ' ').normalize('NFC');
    if (a && !out.includes(a)) out.push(a);
  }
  return out;
}

const rowSchema = z.object({
  ma_don_vi: code('đơn vị'),
  ten_don_vi: requiredText(300),
  ma_don_vi_cha: z.union([
    z
      .string()
      .trim()
      .length(0)
      .transform(() => null),
    code('đơn vị cha'),
  ]),
  ten_goi_khac: optionalText(1000).transform((v) => (v === null ? [] : splitAliases(v))),
  lien_he_mot_cua: optionalText(500),
});

/** Materialised path "/ROOT/…/SELF/" of every unit, or the first cycle found. */
export function computePaths(parents: Map<string, string | null>): { paths: Map<string, string> } | { cycle: string[] } {
  const paths = new Map<string, string>();
  for (const start of parents.keys()) {
    const chain: string[] = [];
    const onChain = new Set<string>();
    let cur: string | null = start;
    while (cur !== null && !paths.has(cur)) {
      if (onChain.has(cur)) return { cycle: [...chain.slice(chain.indexOf(cur)), cur] };
      chain.push(cur);
      onChain.add(cur);
      cur = parents.get(cur) ?? null;
    }
    let prefix = cur === null ? '/' : paths.get(cur)!;
    for (let i = chain.length - 1; i >= 0; i--) {
      prefix = `${prefix}${chain[i]}/`;
      paths.set(chain[i]!, prefix);
    }
  }
  return { paths };
}

/**
 * Imports units (`ma_don_vi, ten_don_vi, ma_don_vi_cha`, optional `ten_goi_khac` and
 * `lien_he_mot_cua`) in one transaction. A file without one of the optional columns leaves what
 * is stored for it; with the column, an empty cell clears it (the parent's contact then serves). Parents may come
 * later in the file or already be in the database; unknown parents and cycles are errors naming
 * the line. Moving a unit rewrites the paths of its whole subtree.
 */
export async function importUnits(db: Db, source: CsvSource, opts: ImportOptions = {}): Promise<ImportResult> {
  const started = performance.now();
  const issues = new IssueList(opts.maxErrors ?? 20);
  let ignoredColumns: string[] = [];
  let withAliases = false;
  let withContact = false;
  const rows: { line: number; code: string; name: string; parent: string | null; aliases: string[]; contact: string | null }[] = [];
  const lineOf = new Map<string, number>();

  for await (const { line, row: r } of validRows(source, UNIT_COLUMNS, rowSchema, issues, (h) => {
    ignoredColumns = h.ignored;
    withAliases = h.found.has('ten_goi_khac');
    withContact = h.found.has('lien_he_mot_cua');
  })) {
    const previous = lineOf.get(r.ma_don_vi);
    if (previous !== undefined) issues.add(line, 'ma_don_vi', `'${r.ma_don_vi}' trùng với dòng ${previous}`);
    else if (r.ma_don_vi_cha === r.ma_don_vi) issues.add(line, 'ma_don_vi_cha', 'đơn vị không thể là cha của chính nó');
    else {
      lineOf.set(r.ma_don_vi, line);
      rows.push({ line, code: r.ma_don_vi, name: r.ten_don_vi, parent: r.ma_don_vi_cha, aliases: r.ten_goi_khac, contact: r.lien_he_mot_cua });
    }
  }
  issues.throwIfAny();

  return atomically(db, async (tx) => {
    const existing = await tx.selectFrom('units').select(['code', 'parent_code', 'path']).execute();
    const parents = new Map<string, string | null>(existing.map((u) => [u.code, u.parent_code]));
    const oldPaths = new Map(existing.map((u) => [u.code, u.path]));
    for (const r of rows) parents.set(r.code, r.parent);
    for (const r of rows) {
      if (r.parent !== null && !parents.has(r.parent))
        issues.add(r.line, 'ma_don_vi_cha', `đơn vị cha '${r.parent}' không có trong tệp hay trong CSDL`);
    }
    issues.throwIfAny();
    const computed = computePaths(parents);
    if ('cycle' in computed) {
      const inFile = computed.cycle.find((c) => lineOf.has(c))!;
      issues.add(lineOf.get(inFile)!, 'ma_don_vi_cha', `tạo vòng lặp cấp trên: ${computed.cycle.join(' → ')}`);
      issues.throwIfAny();
      throw new Error('unreachable');
    }
    const { paths } = computed;
    const also = sql.raw(`${withAliases ? ', aliases = EXCLUDED.aliases' : ''}${withContact ? ', contact = EXCLUDED.contact' : ''}`);
    const { rows: counted } = await sql<{ inserted: number }>`
      WITH up AS (
         INSERT INTO units (code, name, parent_code, path, aliases, contact, updated_at)
         SELECT code, name, parent, path, coalesce(string_to_array(aliases, chr(31)), '{}'), contact, now()
           FROM unnest(${rows.map((u) => u.code)}::text[], ${rows.map((u) => u.name)}::text[], ${rows.map((u) => u.parent)}::text[],
             ${rows.map((u) => paths.get(u.code)!)}::text[],
             -- One text per unit (a text[][] must be rectangular); U+001F never occurs in imported text.
             ${rows.map((u) => (u.aliases.length > 0 ? u.aliases.join('\u001f') : null))}::text[],
             ${rows.map((u) => u.contact)}::text[]) AS v(code, name, parent, path, aliases, contact)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, parent_code = EXCLUDED.parent_code,
           path = EXCLUDED.path, updated_at = EXCLUDED.updated_at${also}
         RETURNING (xmax = 0) AS inserted)
       SELECT count(*) FILTER (WHERE inserted)::int AS inserted FROM up`.execute(tx);
    // Descendants of a moved unit that were not in the file get their new path too.
    const moved = [...oldPaths].filter(([c, p]) => !lineOf.has(c) && paths.get(c) !== p);
    if (moved.length > 0) {
      await sql`UPDATE units u SET path = v.path, updated_at = now()
        FROM unnest(${moved.map(([c]) => c)}::text[], ${moved.map(([c]) => paths.get(c)!)}::text[]) AS v(code, path) WHERE u.code = v.code`.execute(tx);
    }
    return importResult({ rows: rows.length, inserted: counted[0]?.inserted ?? 0, started, ignoredColumns });
  });
}
