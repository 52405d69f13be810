import type { Source } from '../core/types.ts';
import { type ConfidenceModel, CONFIDENCE, confidence, confidenceFeatures } from '../retrieval/confidence.ts';
import type { Guide } from '../retrieval/guides.ts';
import type { GuideHit, KnowledgeIndex, SearchOptions, SearchResult } from '../retrieval/knowledge-index.ts';
import { formatAnswer, plain } from './format.ts';

export interface GuideAnswer {
  /** true: `text` is the best guide's answer; false: not sure — `suggestions` are the nearest guides. */
  confident: boolean;
  confidence: number;
  guide: Guide | null;
  text: string;
  sources: Source[];
  suggestions: Guide[];
  /** Ranked guides (best first), for evaluation. */
  ranked: GuideHit[];
  search: SearchResult;
}

export function sourceOf(g: Guide): Source {
  return { id: g.id, title: g.title, topic: g.topic, url: g.url };
}

/** Retrieval + extractive answer: no chat state, no database (the CLI `eval` and the bench use it directly). */
export class GuideEngine {
  constructor(
    readonly index: KnowledgeIndex,
    private readonly model: ConfidenceModel = CONFIDENCE,
  ) {}

  async answer(question: string, opts: Omit<SearchOptions, 'limit'> = {}): Promise<GuideAnswer> {
    const search = await this.index.search(question, { ...opts, limit: 10 });
    const top = search.hits[0];
    const conf = top ? confidence(confidenceFeatures(top, search), this.model) : 0;
    const suggestions = search.hits.slice(0, 3).map((h) => h.guide);
    if (!top || conf < this.model.threshold) {
      return { confident: false, confidence: conf, guide: null, text: '', sources: [], suggestions, ranked: search.hits, search };
    }
    return {
      confident: true,
      confidence: conf,
      guide: top.guide,
      text: formatAnswer({ guide: top.guide, error: matchingError(top) }),
      sources: [sourceOf(top.guide)],
      suggestions,
      ranked: search.hits,
      search,
    };
  }

  guide(id: string): Guide | undefined {
    return this.index.guides.get(id);
  }

  guides(): Guide[] {
    return [...this.index.guides.values()];
  }
}

/** The common-error bullet to lead with, when it is the guide's best-matching chunk. */
function matchingError(hit: GuideHit): string | undefined {
  const best = hit.chunks[0];
  if (best?.chunk.kind !== 'error') return undefined;
  const other = hit.chunks.find((c) => c.chunk.kind !== 'error');
  if (other && other.lexical > best.lexical * 0.9) return undefined;
  return plain(best.chunk.text.split('\n').slice(1).join(' ').replace(/^\s*[-*]\s+/, ''));
}
