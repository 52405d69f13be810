import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { z } from 'zod';
import type { CuratedService } from './service.ts';
import { type CuratedEntry, CuratedInputError, type CuratedKind, checkEntry } from './store.ts';

// Curated content is reviewed in git as three YAML files under knowledge/curated/ (YAML, not
// Markdown: every *.md under knowledge/ is read as a guide). One list per kind, sorted by key, so
// a change is a small diff.

export const CURATED_FILES: Record<CuratedKind, string> = {
  example: 'examples.yaml',
  answer: 'answers.yaml',
  out_of_scope: 'out-of-scope.yaml',
};

const HEADERS: Record<CuratedKind, string> = {
  example: 'Câu hỏi mẫu gắn với hướng dẫn (key, guide, text): câu hỏi giống vậy sẽ tìm ra hướng dẫn đó.',
  answer: 'Câu trả lời biên soạn (key, text, reply, source): trả lời trước khi tìm kiếm khi câu hỏi gần giống text.',
  out_of_scope: 'Câu hỏi ngoài phạm vi (key, text, reply, source?): trả lời bằng nội dung hướng dẫn nơi phù hợp.',
};

const fileEntry = z.object({
  key: z.string(),
  text: z.string(),
  guide: z.string().optional(),
  reply: z.string().optional(),
  source: z.string().optional(),
  updated: z.string().optional(),
  by: z.string().optional(),
});

/** A file's entry before it is checked. */
interface FileEntry {
  key: string;
  kind: CuratedKind;
  text: string;
  guideId: string | null;
  reply: string | null;
  sourceUrl: string | null;
}

function toFile(e: CuratedEntry): Record<string, string> {
  const out: Record<string, string> = { key: e.key };
  if (e.guideId) out.guide = e.guideId;
  out.text = e.text;
  if (e.reply) out.reply = e.reply;
  if (e.sourceUrl) out.source = e.sourceUrl;
  // Who and when, for the reviewer; the database keeps the full history.
  out.updated = e.updatedAt.toISOString();
  out.by = e.updatedBy;
  return out;
}

/** Writes the three files (each replaced whole, through a temporary file); returns entries per kind. */
export async function exportCurated(service: Pick<CuratedService, 'list'>, dir: string): Promise<Record<CuratedKind, number>> {
  mkdirSync(dir, { recursive: true });
  const entries = await service.list();
  const counts = { example: 0, answer: 0, out_of_scope: 0 };
  for (const kind of Object.keys(CURATED_FILES) as CuratedKind[]) {
    const list = entries.filter((e) => e.kind === kind).sort((a, b) => a.key.localeCompare(b.key));
    counts[kind] = list.length;
    const body = list.length > 0 ? stringify(list.map(toFile), { lineWidth: 0 }) : '[]\n';
    const file = join(dir, CURATED_FILES[kind]);
    writeFileSync(`${file}.tmp`, `# ${HEADERS[kind]}\n# Xuất bởi / exported by: npx tro-ly-dvc curated export\n${body}`);
    renameSync(`${file}.tmp`, file);
  }
  return counts;
}

/** Reads the files present under `dir`; a malformed one throws naming the file and the entry. */
function readCuratedFiles(dir: string): FileEntry[] {
  const out: FileEntry[] = [];
  for (const kind of Object.keys(CURATED_FILES) as CuratedKind[]) {
    const file = join(dir, CURATED_FILES[kind]);
    if (!existsSync(file)) continue;
    const doc = parseDocument(readFileSync(file, 'utf8'));
    if (doc.errors.length > 0) throw new CuratedInputError(`${CURATED_FILES[kind]}: YAML không hợp lệ / invalid YAML: ${doc.errors[0]!.message}`);
    const data: unknown = doc.toJS() ?? [];
    if (!Array.isArray(data)) throw new CuratedInputError(`${CURATED_FILES[kind]}: cần một danh sách / expected a list`);
    data.forEach((raw, i) => {
      const parsed = fileEntry.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new CuratedInputError(`${CURATED_FILES[kind]}, mục ${i + 1}: trường "${issue.path.join('.')}" ${issue.message}`);
      }
      const e = parsed.data;
      out.push({ key: e.key, kind, text: e.text, guideId: e.guide ?? null, reply: e.reply ?? null, sourceUrl: e.source ?? null });
    });
  }
  return out;
}

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
}

/**
 * Applies the files: new keys are created, changed ones updated, each recorded as by `by`; with
 * `prune`, entries the files no longer have are deleted. Every entry is checked before anything
 * is written, so a bad file changes nothing.
 */
export async function importCurated(
  service: CuratedService,
  dir: string,
  by: string,
  opts: { prune?: boolean; knownGuide: (id: string) => boolean },
): Promise<ImportResult> {
  const entries = readCuratedFiles(dir);
  const seen = new Set<string>();
  const checked = entries.map((e, i) => {
    if (seen.has(e.key)) throw new CuratedInputError(`Mã "${e.key}" xuất hiện hai lần / duplicate key`);
    seen.add(e.key);
    try {
      return checkEntry(e, opts.knownGuide);
    } catch (err) {
      if (err instanceof CuratedInputError) throw new CuratedInputError(`${CURATED_FILES[e.kind]} "${e.key}" (mục ${i + 1}): ${err.message}`);
      throw err;
    }
  });
  const current = new Map((await service.list()).map((e) => [e.key, e]));
  const result: ImportResult = { created: 0, updated: 0, unchanged: 0, removed: 0 };
  for (const e of checked) {
    const key = e.key!;
    const old = current.get(key);
    if (!old) {
      await service.store.create(e, by);
      result.created++;
    } else if (old.kind !== e.kind || old.text !== e.text || old.guideId !== e.guideId || old.reply !== e.reply || old.sourceUrl !== e.sourceUrl) {
      await service.store.update(old.id, e, by);
      result.updated++;
    } else result.unchanged++;
  }
  if (opts.prune) {
    for (const old of current.values()) {
      if (seen.has(old.key)) continue;
      await service.store.remove(old.id, by);
      result.removed++;
    }
  }
  // One reload for the whole import.
  await service.reload();
  return result;
}
