import { Document } from '@langchain/core/documents';
import type { Guide, Kind, Section, Topic } from './guides.ts';

/** What a chunk says about where it comes from: enough for a LangChain chain to cite it. */
export interface ChunkMetadata {
  guideId: string;
  /** The section's kind; `error` for one bullet of "Lỗi thường gặp". */
  kind: Section['kind'] | 'error';
  /** The section's `##` heading ("" for the intro). */
  heading: string;
  title: string;
  topic: Topic;
  /** What the entry is (guide, service card, fact, error, redirect). */
  entryKind: Kind;
  audience: string;
  /** The cited link (the entry's first source). */
  source: string;
  /** When the entry was last checked against its sources, YYYY-MM-DD. */
  updated: string;
}

/** One indexed section of a guide; `pageContent` is what is indexed (the title gives every chunk its subject). */
export type Chunk = Document<ChunkMetadata>;

/**
 * One chunk per guide section, plus one per common error (so "tiền bị trừ 2 lần" finds the
 * bullet that answers it). The intro chunk carries the title and the aliases.
 */
export function chunkGuide(g: Guide): Chunk[] {
  const out: Chunk[] = [];
  const chunk = (kind: ChunkMetadata['kind'], heading: string, text: string) =>
    new Document<ChunkMetadata>({
      pageContent: text,
      metadata: {
        guideId: g.id,
        kind,
        heading,
        title: g.title,
        topic: g.topic,
        entryKind: g.kind,
        audience: g.audience,
        source: g.url,
        updated: g.updated,
      },
    });
  for (const s of g.sections) {
    if (s.kind === 'intro') {
      out.push(chunk('intro', '', [g.title, ...g.aliases, s.body].join('\n')));
    } else if (s.kind === 'errors') {
      const bullets = s.body.split('\n').filter((l) => /^\s*[-*]\s+/.test(l));
      for (const b of bullets) out.push(chunk('error', s.heading, `${g.title}\n${b}`));
      if (bullets.length === 0) out.push(chunk('errors', s.heading, `${g.title}\n${s.body}`));
    } else {
      out.push(chunk(s.kind, s.heading, `${g.title}\n${s.heading}\n${s.body}`));
    }
  }
  if (!out.some((c) => c.metadata.kind === 'intro')) out.unshift(chunk('intro', '', [g.title, ...g.aliases].join('\n')));
  return out;
}
