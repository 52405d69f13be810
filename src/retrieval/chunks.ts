import type { Guide, Section } from './guides.ts';

export interface Chunk {
  guideId: string;
  kind: Section['kind'] | 'error';
  heading: string;
  /** What is indexed: the guide title gives every chunk its subject. */
  text: string;
}

/**
 * One chunk per guide section, plus one per common error (so "tiền bị trừ 2 lần" finds the
 * bullet that answers it). The intro chunk carries the title and the aliases.
 */
export function chunkGuide(g: Guide): Chunk[] {
  const out: Chunk[] = [];
  for (const s of g.sections) {
    if (s.kind === 'intro') {
      out.push({ guideId: g.id, kind: 'intro', heading: '', text: [g.title, ...g.aliases, s.body].join('\n') });
    } else if (s.kind === 'errors') {
      const bullets = s.body.split('\n').filter((l) => /^\s*[-*]\s+/.test(l));
      for (const b of bullets) out.push({ guideId: g.id, kind: 'error', heading: s.heading, text: `${g.title}\n${b}` });
      if (bullets.length === 0) out.push({ guideId: g.id, kind: 'errors', heading: s.heading, text: `${g.title}\n${s.body}` });
    } else {
      out.push({ guideId: g.id, kind: s.kind, heading: s.heading, text: `${g.title}\n${s.heading}\n${s.body}` });
    }
  }
  if (!out.some((c) => c.kind === 'intro')) {
    out.unshift({ guideId: g.id, kind: 'intro', heading: '', text: [g.title, ...g.aliases].join('\n') });
  }
  return out;
}
