import type { Guide } from '../retrieval/guides.ts';
import type { GuideHit } from '../retrieval/knowledge-index.ts';
import type { GuideAnswer } from './engine.ts';
import type { UnmatchedAsk } from './left-over.ts';

/** A guide hit as it crosses a thread boundary: the guide by id (both sides load the same guides). */
export type WireHit = Omit<GuideHit, 'guide'> & { guideId: string };

export interface WireAnswer extends Omit<GuideAnswer, 'guide' | 'suggestions' | 'ranked' | 'search' | 'leftOver' | 'nearby'> {
  guideId: string | null;
  suggestionIds: string[];
  /** GuideAnswer.leftOver with its entries by id. */
  leftOver?: { moreIds: string[]; unmatched: UnmatchedAsk[] };
  nearbyId?: string;
  ranked: WireHit[];
  search: Omit<GuideAnswer['search'], 'hits'>;
}

/** Hits carried across: the skill reads the best one (its chunks feed the LLM rewording). */
const CARRIED_HITS = 3;

export function toWire(a: GuideAnswer): WireAnswer {
  const { hits: _hits, ...search } = a.search;
  return {
    confident: a.confident,
    outcome: a.outcome,
    inField: a.inField,
    confidence: a.confidence,
    guideId: a.guide?.id ?? null,
    text: a.text,
    sources: a.sources,
    suggestionIds: a.suggestions.map((g) => g.id),
    ranked: a.ranked.slice(0, CARRIED_HITS).map(({ guide, ...hit }) => ({ ...hit, guideId: guide.id })),
    search,
    ...(a.leftOver ? { leftOver: { moreIds: a.leftOver.more.map((g) => g.id), unmatched: a.leftOver.unmatched } } : {}),
    ...(a.nearby ? { nearbyId: a.nearby.id } : {}),
  };
}

/** Back to a GuideAnswer; `ranked` and `search.hits` hold the best few hits only. */
export function fromWire(w: WireAnswer, guides: ReadonlyMap<string, Guide>): GuideAnswer {
  const guide = (id: string) => {
    const g = guides.get(id);
    if (!g) throw new Error(`guide ${id} is not loaded in this thread`);
    return g;
  };
  const ranked = w.ranked.map(({ guideId, ...hit }) => ({ ...hit, guide: guide(guideId) }));
  return {
    confident: w.confident,
    outcome: w.outcome,
    inField: w.inField,
    confidence: w.confidence,
    guide: w.guideId ? guide(w.guideId) : null,
    text: w.text,
    sources: w.sources,
    suggestions: w.suggestionIds.map(guide),
    ranked,
    search: { ...w.search, hits: ranked },
    ...(w.leftOver ? { leftOver: { more: w.leftOver.moreIds.map(guide), unmatched: w.leftOver.unmatched } } : {}),
    ...(w.nearbyId ? { nearby: guide(w.nearbyId) } : {}),
  };
}

/**
 * A question for an answer worker (answer-worker.ts). The messages live here, not in the worker
 * module, so the pool (worker-engine.ts) does not import the worker, which imports index.ts.
 */
export interface AnswerRequest {
  id: number;
  question: string;
  opts: Parameters<import('./engine.ts').GuideEngine['answer']>[1];
}

/** Editors' examples (by guide id) for an answer worker to index from now on. */
export interface ExamplesRequest {
  id: number;
  examples: Record<string, string[]>;
}
