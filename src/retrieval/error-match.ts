import { analyze } from '../text/analyze.ts';
import { bigrams } from '../text/syllables.ts';
import type { Guide } from './guides.ts';

export interface ErrorMatch {
  guide: Guide;
  /** The error text as the entry lists it. */
  quoted: string;
  /** 0–1: how much of the error text the message contains (syllables and syllable pairs). */
  score: number;
}

/**
 * A message that quotes an error ("Hệ thống đang bảo trì. Vui lòng thử lại sau") is about that
 * error, however long the story around it. Matching is on folded syllables and pairs, so missing
 * diacritics, a changed word or a typo still match; a pair counts only if adjacent in the message.
 */
export const ERROR_MATCH_MIN = 0.72;

interface Pattern {
  guide: Guide;
  quoted: string;
  words: string[];
  pairs: string[];
}

export class ErrorMatcher {
  private readonly patterns: Pattern[];

  constructor(guides: Iterable<Guide>) {
    this.patterns = [];
    for (const g of guides) {
      for (const quoted of g.matches) {
        const words = [...new Set(analyze(quoted).folded)];
        // Two syllables ("lỗi mạng") would match ordinary sentences: not a quotation.
        if (words.length < 3) continue;
        this.patterns.push({ guide: g, quoted, words, pairs: [...new Set(bigrams(analyze(quoted).folded))] });
      }
    }
  }

  /** The best error entry quoted in the message (`tokens`: folded, possibly typo-corrected syllables). */
  match(...tokenLists: (readonly string[])[]): ErrorMatch | undefined {
    if (this.patterns.length === 0) return undefined;
    const words = new Set(tokenLists.flat());
    const pairs = new Set(tokenLists.flatMap((t) => bigrams(t)));
    let best: ErrorMatch | undefined;
    for (const p of this.patterns) {
      const w = p.words.filter((x) => words.has(x)).length / p.words.length;
      if (w < 0.6) continue;
      const b = p.pairs.length ? p.pairs.filter((x) => pairs.has(x)).length / p.pairs.length : w;
      const score = 0.4 * w + 0.6 * b;
      if (score >= ERROR_MATCH_MIN && (!best || score > best.score)) best = { guide: p.guide, quoted: p.quoted, score };
    }
    return best;
  }
}
