import type { Source } from '../core/types.ts';
import { type ConfidenceModel, CONFIDENCE, confidence, confidenceFeatures } from '../retrieval/confidence.ts';
import type { Guide } from '../retrieval/guides.ts';
import type { GuideHit, KnowledgeIndex, SearchOptions, SearchResult } from '../retrieval/knowledge-index.ts';
import { analyze } from '../text/analyze.ts';
import { aboutAnotherPlatform } from '../text/platforms.ts';
import { STOPWORDS } from '../text/stopwords.ts';
import { bigrams } from '../text/syllables.ts';
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

/** What the guide skill needs from retrieval, wherever it runs (this thread or worker threads). */
export interface AnswerEngine {
  answer(question: string, opts?: Omit<SearchOptions, 'limit'>): Promise<GuideAnswer>;
  guide(id: string): Guide | undefined;
  guides(): Guide[];
  close?(): Promise<void>;
}

/** Retrieval + extractive answer: no chat state, no database (the CLI `eval` and the bench use it directly). */
export class GuideEngine implements AnswerEngine {
  constructor(
    readonly index: KnowledgeIndex,
    private readonly model: ConfidenceModel = CONFIDENCE,
  ) {}

  async answer(question: string, opts: Omit<SearchOptions, 'limit'> = {}): Promise<GuideAnswer> {
    const search = await this.index.search(question, { ...opts, limit: 10 });
    const top = search.hits[0];
    const conf = top ? confidence(confidenceFeatures(top, search), this.model) : 0;
    const suggestions = search.hits.slice(0, 3).map((h) => h.guide);
    if (!top || conf < this.model.threshold || aboutAnotherPlatform(analyze(question).folded, search.tokens)) {
      return { confident: false, confidence: conf, guide: null, text: '', sources: [], suggestions, ranked: search.hits, search };
    }
    return {
      confident: true,
      confidence: conf,
      guide: top.guide,
      text: formatAnswer({ guide: top.guide, error: matchingError(this.index, top, search.tokens) }),
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

/**
 * The common-error bullet that answers something the steps do not: it must share a word pair
 * with the question that the title and steps lack ("báo không khớp", "trừ tiền 2 lần"), and
 * match the question about as well as the guide's best chunk.
 */
function matchingError(index: KnowledgeIndex, hit: GuideHit, questionTokens: readonly string[]): string | undefined {
  const steps = hit.chunks.find((c) => c.chunk.kind === 'steps');
  // The steps chunk starts with the title, so this is "title and steps".
  const covered = (b: string) => (steps ? index.pairsOf(steps.index).has(b) : false);
  const missing = bigrams(questionTokens).filter((b) => !covered(b) && b.split('_').some((w) => !STOPWORDS.has(w)));
  if (missing.length === 0) return undefined;
  const best = Math.max(0, ...hit.chunks.map((c) => c.lexical));
  const error = hit.chunks
    .filter((c) => c.chunk.kind === 'error' && c.lexical >= best * ERROR_SHARE)
    .filter((c) => missing.some((b) => index.pairsOf(c.index).has(b)))
    .sort((a, b) => b.lexical - a.lexical)[0];
  if (!error) return undefined;
  return plain(
    error.chunk.text
      .split('\n')
      .slice(1)
      .join(' ')
      .replace(/^\s*[-*]\s+/, ''),
  );
}

const ERROR_SHARE = 0.5;
