import { distance } from 'fastest-levenshtein';
import { pushTo } from '../collections.ts';

/**
 * Maps misspelt syllables to the words of a known vocabulary (the guides'): "kich haot" → "kich
 * hoat". A word not in the vocabulary is replaced by the closest one within one edit (two for
 * long tokens). A real word can be a misspelling too ("bổ xung", "quyên mật khẩu"): it is only
 * replaced when it pairs with neither neighbour and a one-edit alternative does. Among equally
 * close words, the one that most often pairs with a neighbour wins ("khuôn mặt" over "khăn
 * mặt"), then the one listed first (callers list common words first). Short tokens are left
 * alone — at two or three letters almost everything is one edit from something.
 */
export class TypoCorrector {
  private readonly byLength: Map<number, string[]>;
  private readonly cache = new Map<string, string[]>();

  constructor(
    private readonly vocabulary: ReadonlySet<string>,
    /** How often "a b" occurs as a pair of syllables in the texts (0: never). */
    private readonly pairCount?: (a: string, b: string) => number,
  ) {
    this.byLength = bucketByLength(vocabulary);
  }

  /** Vocabulary words at the smallest edit distance (≤ the limit), most frequent first. Memoised. */
  private candidates(t: string): string[] {
    let hit = this.cache.get(t);
    if (hit) return hit;
    const max = t.length >= 8 ? 2 : 1;
    let bestD = max + 1;
    hit = [];
    for (let len = t.length - max; len <= t.length + max; len++) {
      for (const w of this.byLength.get(len) ?? []) {
        if (w === t) continue;
        const d = editDistance(t, w);
        if (d < bestD) {
          bestD = d;
          hit = [w];
        } else if (d === bestD) hit.push(w);
      }
    }
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(t, hit);
    return hit;
  }

  /** `keep`: tokens known to be meant as typed (see KnowledgeIndex.normalise); never replaced. */
  correct(tokens: readonly string[], keep?: ReadonlySet<string>): string[] {
    const pair = this.pairCount;
    const out = [...tokens];
    tokens.forEach((t, i) => {
      if (t.length < 4 || /\d/.test(t) || keep?.has(t)) return;
      const prev = i > 0 ? out[i - 1] : undefined;
      const next = tokens[i + 1];
      const pairScore = (w: string) =>
        pair ? (prev !== undefined ? pair(prev, w) : 0) + (next !== undefined ? pair(w, next) : 0) : 0;
      const known = this.vocabulary.has(t);
      if (known && (!pair || pairScore(t) > 0 || (prev === undefined && next === undefined))) return;
      const candidates = this.candidates(t);
      let paired: string | undefined;
      let bestFit = 0;
      for (const w of candidates) {
        const f = pairScore(w);
        if (f > bestFit) {
          bestFit = f;
          paired = w;
        }
      }
      if (known) {
        if (paired) out[i] = paired;
        return;
      }
      if (candidates.length > 0) out[i] = paired ?? candidates[0]!;
    });
    return out;
  }
}

/** One-off correction without pair statistics (see TypoCorrector). */
export function correctTypos(tokens: readonly string[], vocabulary: ReadonlySet<string>): string[] {
  return new TypoCorrector(vocabulary).correct(tokens);
}

/** Levenshtein, but a swap of two adjacent letters ("haot" for "hoat") counts as one edit. */
export function editDistance(a: string, b: string): number {
  const d = distance(a, b);
  if (d === 2 && a.length === b.length) {
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    if (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2)) return 1;
  }
  return d;
}

export function bucketByLength(vocabulary: Iterable<string>): Map<number, string[]> {
  const m = new Map<number, string[]>();
  for (const w of vocabulary) pushTo(m, w.length, w);
  return m;
}
