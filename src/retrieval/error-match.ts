import { pushTo } from '../collections.ts';
import { analyze } from '../text/analyze.ts';
import { stripDiacritics } from '../text/fold.ts';
import { bigrams, phrases } from '../text/syllables.ts';
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
  /** Each folded pair's form with marks, as the entry writes it. */
  marked: Map<string, string>;
}

/** Folded pair → the pairs with marks it was typed as ("can_bo" → "cán_bộ"). */
function markedPairs(original: readonly string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (let i = 1; i < original.length; i++) {
    const m = `${original[i - 1]}_${original[i]}`;
    const f = stripDiacritics(m);
    out.set(f, (out.get(f) ?? new Set()).add(m));
  }
  return out;
}

export class ErrorMatcher {
  private readonly patterns: Pattern[];
  /** Folded syllable → the patterns (indices) whose words include it. */
  private readonly byWord = new Map<string, number[]>();

  constructor(guides: Iterable<Guide>) {
    this.patterns = [];
    for (const g of guides) {
      for (const quoted of g.matches) {
        const a = analyze(quoted);
        const words = [...new Set(a.folded)];
        // Two syllables ("lỗi mạng") would match ordinary sentences: not a quotation.
        if (words.length < 3) continue;
        const marked = new Map([...markedPairs(a.original)].map(([f, forms]) => [f, [...forms][0]!]));
        const pairs = [...new Set(phrases(quoted).flatMap((c) => analyze(c).bigrams))];
        this.patterns.push({ guide: g, quoted, words, pairs, marked });
      }
    }
    this.patterns.forEach((p, k) => {
      for (const w of p.words) pushTo(this.byWord, w, k);
    });
  }

  /**
   * The best error entry quoted in the message (`tokens`: folded, possibly typo-corrected
   * syllables; each list's pairs are read within it, so a caller passes each phrase's lists:
   * syllables either side of a comma are no pair of a quote, see syllables.ts phrases). `original`: the message's syllables with marks (analyze().original): where it typed
   * a pair with marks, the pair counts only in the entry's own form — "cán bộ" of a long story is
   * not "cần bổ" of "Hồ sơ cần bổ sung" (oq3-004); a pair typed without marks still counts.
   */
  match(original: readonly string[], ...tokenLists: (readonly string[])[]): ErrorMatch | undefined {
    if (this.patterns.length === 0) return undefined;
    // Each sentence of a message is matched (src/answer/engine.ts quotedError): the patterns
    // sharing none of its words are never visited, and the pairs are read only for those that
    // share enough of them.
    const words = new Set<string>();
    for (const list of tokenLists) for (const t of list) words.add(t);
    const shared = new Map<number, number>();
    for (const t of words) for (const k of this.byWord.get(t) ?? []) shared.set(k, (shared.get(k) ?? 0) + 1);
    const candidates: number[] = [];
    for (const [k, n] of shared) if (n / this.patterns[k]!.words.length >= 0.6) candidates.push(k);
    if (candidates.length === 0) return undefined;
    candidates.sort((a, b) => a - b);
    const pairs = new Set(tokenLists.flatMap((t) => bigrams(t)));
    let typed: Map<string, Set<string>> | undefined;
    const matches = (p: Pattern, pair: string) => {
      if (!pairs.has(pair)) return false;
      const want = p.marked.get(pair);
      if (!want) return true;
      typed ??= markedPairs(original);
      const forms = typed.get(pair);
      if (!forms) return true;
      return [...forms].some((f) => f === want || stripDiacritics(f) === f);
    };
    let best: ErrorMatch | undefined;
    for (const k of candidates) {
      const p = this.patterns[k]!;
      const w = shared.get(k)! / p.words.length;
      const b = p.pairs.length ? p.pairs.filter((x) => matches(p, x)).length / p.pairs.length : w;
      const score = 0.4 * w + 0.6 * b;
      if (score >= ERROR_MATCH_MIN && (!best || score > best.score)) best = { guide: p.guide, quoted: p.quoted, score };
    }
    return best;
  }
}
