import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import matter from 'gray-matter';
import { z } from 'zod';
import { CASES } from '../text/cases.ts';
import { nfc } from '../text/fold.ts';

export const TOPICS = [
  'submit_online',
  'pay_online',
  'vneid',
  'track_status',
  'postal',
  'e_copy',
  'digital_signature',
  'feedback',
  'other',
] as const;
export type Topic = (typeof TOPICS)[number];

/**
 * What an entry is, so answers can be shaped for it: a how-to `guide`; a `service` card (where one
 * service is submitted online, the account level, attachments, fee, time limit, result); a short
 * `fact` answer (why / must I / what does it cost); an `error` entry for a message citizens quote
 * (its `matches` are the quoted texts); a `redirect` for a neighbouring need that is not ours.
 */
export const KINDS = ['guide', 'service', 'fact', 'error', 'redirect'] as const;
export type Kind = (typeof KINDS)[number];

const frontMatter = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'kebab-case id'),
  title: z.string().min(3),
  topic: z.enum(TOPICS),
  audience: z.enum(['citizen', 'volunteer', 'officer']),
  sources: z.array(z.url()).min(1),
  updated: z.union([z.string(), z.date()]),
  aliases: z.array(z.string()).optional(),
  kind: z.enum(KINDS).optional(),
  matches: z.array(z.string().min(6)).optional(),
  when: z.enum(CASES).optional(),
});

export interface Section {
  /** The `## heading` text ("Các bước", "Cần chuẩn bị", …); "" for the intro. */
  heading: string;
  kind: 'intro' | 'steps' | 'prepare' | 'errors' | 'help' | 'other';
  body: string;
}

export interface Guide {
  id: string;
  title: string;
  topic: Topic;
  audience: string;
  url: string;
  sources: string[];
  /** When the entry was last checked against its sources (front matter `updated`), YYYY-MM-DD. */
  updated: string;
  aliases: string[];
  kind: Kind;
  /** Error texts citizens quote ("Hệ thống đang bảo trì"); only error entries have them. */
  matches: string[];
  /** The one case the entry is for (front matter `when`), if any. */
  when?: (typeof CASES)[number];
  sections: Section[];
  /** sha256 of the file bytes: the index is rebuilt when any changes. */
  hash: string;
  file: string;
}

export class GuideError extends Error {}

function sectionKind(heading: string): Section['kind'] {
  const h = heading.toLowerCase();
  // Explanatory guides have "Nội dung chính" where how-to guides have "Các bước".
  if (h.includes('bước') || h.includes('nội dung')) return 'steps';
  if (h.includes('chuẩn bị')) return 'prepare';
  if (h.includes('lỗi')) return 'errors';
  if (h.includes('hỗ trợ') || h.includes('liên hệ')) return 'help';
  return 'other';
}

export function parseGuide(text: string, file: string): Guide {
  const parsed = matter(nfc(text));
  const fm = frontMatter.safeParse(parsed.data);
  if (!fm.success) {
    const issue = fm.error.issues[0]!;
    throw new GuideError(
      `${file}: trường "${issue.path.join('.') || '?'}" không hợp lệ / invalid front matter field: ${issue.message}`,
    );
  }
  const sections: Section[] = [];
  let current: Section = { heading: '', kind: 'intro', body: '' };
  for (const line of parsed.content.split('\n')) {
    const h = /^##\s+(.+?)\s*$/.exec(line);
    if (h) {
      if (current.body.trim() || current.heading) sections.push({ ...current, body: current.body.trim() });
      current = { heading: h[1]!, kind: sectionKind(h[1]!), body: '' };
    } else current.body += `${line}\n`;
  }
  if (current.body.trim() || current.heading) sections.push({ ...current, body: current.body.trim() });
  if (!sections.some((s) => s.kind === 'steps'))
    throw new GuideError(`${file}: thiếu mục "## Các bước" (hoặc "## Nội dung chính") / missing "## Các bước" section`);
  const d = fm.data;
  return {
    id: d.id,
    title: d.title,
    topic: d.topic,
    audience: d.audience,
    url: d.sources[0]!,
    sources: d.sources,
    // YAML reads a bare 2026-11-27 as a Date (midnight UTC): back to the date as written.
    updated: d.updated instanceof Date ? d.updated.toISOString().slice(0, 10) : d.updated,
    aliases: d.aliases ?? [],
    kind: d.kind ?? 'guide',
    matches: d.matches ?? [],
    ...(d.when ? { when: d.when } : {}),
    sections,
    hash: createHash('sha256').update(text).digest('hex'),
    file,
  };
}

function listMarkdown(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listMarkdown(p));
    else if (e.isFile() && e.name.endsWith('.md') && e.name.toLowerCase() !== 'readme.md') out.push(p);
  }
  return out.sort();
}

/** Every guide under `dir` (recursively), validated; ids must be unique. */
export function loadGuides(dir: string): Guide[] {
  const guides = listMarkdown(dir).map((f) => parseGuide(readFileSync(f, 'utf8'), relative(dir, f)));
  const seen = new Map<string, string>();
  for (const g of guides) {
    const other = seen.get(g.id);
    if (other) throw new GuideError(`${g.file}: id "${g.id}" trùng với ${other} / duplicate id`);
    seen.set(g.id, g.file);
  }
  return guides;
}
