import { distance } from 'fastest-levenshtein';

export interface TypoContext {
  /** Words by length, most frequent first (see `bucketByLength`). */
  byLength?: Map<number, string[]>;
  /** How often "a b" occurs as a pair of syllables in the texts (0: never). Picks "khuôn mặt" over "khăn mặt". */
  pairCount?: (a: string, b: string) => number;
}

/**
 * Replaces syllables that are not in `vocabulary` with the closest one that is, when it is one
 * edit away (two for long tokens): "kich haot" → "kich hoat". Short tokens are left alone —
 * at two or three letters almost everything is one edit from something. Among equally close
 * words, one that forms a known pair with a neighbour wins, then the one listed first in
 * `vocabulary` (callers list common words first).
 */
export function correctTypos(tokens: readonly string[], vocabulary: ReadonlySet<string>, ctx: TypoContext = {}): string[] {
  const buckets = ctx.byLength ?? bucketByLength(vocabulary);
  const out = [...tokens];
  const pair = ctx.pairCount;
  tokens.forEach((t, i) => {
    if (t.length < 4 || /\d/.test(t)) return;
    const prev = i > 0 ? out[i - 1] : undefined;
    const next = tokens[i + 1];
    const pairScore = (w: string) => (pair ? (prev !== undefined ? pair(prev, w) : 0) + (next !== undefined ? pair(w, next) : 0) : 0);
    // A real word can be a misspelling too ("bổ xung", "quyên mật khẩu"): only replaced when it
    // pairs with neither neighbour and a one-edit alternative does.
    const known = vocabulary.has(t);
    if (known && (!pair || pairScore(t) > 0 || (prev === undefined && next === undefined))) return;
    const max = t.length >= 8 ? 2 : 1;
    let bestD = max + 1;
    let candidates: string[] = [];
    for (let len = t.length - max; len <= t.length + max; len++) {
      for (const w of buckets.get(len) ?? []) {
        if (w === t) continue;
        const d = editDistance(t, w);
        if (d < bestD) {
          bestD = d;
          candidates = [w];
        } else if (d === bestD) candidates.push(w);
      }
    }
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
  for (const w of vocabulary) {
    const list = m.get(w.length);
    if (list) list.push(w);
    else m.set(w.length, [w]);
  }
  return m;
}
