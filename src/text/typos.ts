import { distance } from 'fastest-levenshtein';

/**
 * Replaces syllables that are not in `vocabulary` with the closest one that is, when it is one
 * edit away (two for long tokens): "kich haot" → "kich hoat". Short tokens are left alone —
 * at two or three letters almost everything is one edit from something.
 */
export function correctTypos(tokens: readonly string[], vocabulary: ReadonlySet<string>, byLength?: Map<number, string[]>): string[] {
  const buckets = byLength ?? bucketByLength(vocabulary);
  return tokens.map((t) => {
    if (t.length < 4 || vocabulary.has(t) || /^\d+$/.test(t)) return t;
    const max = t.length >= 8 ? 2 : 1;
    let best = t;
    let bestD = max + 1;
    for (let len = t.length - max; len <= t.length + max; len++) {
      for (const w of buckets.get(len) ?? []) {
        const d = editDistance(t, w);
        if (d < bestD) {
          bestD = d;
          best = w;
        }
      }
    }
    return bestD <= max ? best : t;
  });
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
