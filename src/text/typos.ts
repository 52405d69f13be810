import { distance } from 'fastest-levenshtein';
import { pushTo } from '../collections.ts';
import { expandAbbreviations } from './abbreviations.ts';
import { stripDiacritics } from './fold.ts';
import { STOPWORDS } from './stopwords.ts';
import { isWrittenSyllable, syllables } from './syllables.ts';

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
    // The syllable list loads once (~80 ms): with the index, not on someone's first message.
    isWrittenSyllable('a');
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

  /**
   * `keep`: tokens known to be meant as typed (see KnowledgeIndex.normalise); never replaced.
   * `typed`: the message's syllables as typed (originalSyllables), to tell a word spelt right (see
   * meantAsTyped) from a typo.
   */
  correct(tokens: readonly string[], keep?: ReadonlySet<string>, typed?: readonly string[]): string[] {
    const pair = this.pairCount;
    const out = [...tokens];
    // Read only when a token gets this far: most are known and paired. A message's words are read
    // for every sentence and pair of sentences; made for each call, it added ~6 % to answering
    // (paired timing, 883 real dev and own-set messages), read lazily ~3 %, within the noise.
    let meant: (string | undefined)[] | undefined;
    tokens.forEach((t, i) => {
      if (t.length < 4 || /\d/.test(t) || keep?.has(t)) return;
      const prev = i > 0 ? out[i - 1] : undefined;
      const next = tokens[i + 1];
      const pairScore = (w: string) =>
        pair ? (prev !== undefined ? pair(prev, w) : 0) + (next !== undefined ? pair(w, next) : 0) : 0;
      const known = this.vocabulary.has(t);
      if (known && (!pair || pairScore(t) > 0 || (prev === undefined && next === undefined))) return;
      // A function word is what was typed, paired or not: "mình nghe" typed plain became "tình
      // nghe", "một phải" "một phần" (real dev): each adds a content word nobody wrote.
      if (known && STOPWORDS.has(t)) return;
      // A word spelt right is what its writer meant: only a spelling the regions confuse ("bổ xung"
      // for "bổ sung", "sử lý") is put right, and only where the right one pairs with a neighbour.
      meant ??= meantAsTyped(tokens, typed);
      const spelt = meant[i];
      const candidates = spelt === undefined ? this.candidates(t) : this.candidates(t).filter((w) => confused(spelt, w));
      let paired: string | undefined;
      let bestFit = 0;
      for (const w of candidates) {
        const f = pairScore(w);
        if (f > bestFit) {
          bestFit = f;
          paired = w;
        }
      }
      if (spelt !== undefined) {
        // Put right only into a content word the texts pair often with a content neighbour: "bổ
        // sung", "hoàn tiền"; not "rõ ràng" -> "rõ dàng", "lo lắng" -> "lo nắng" (one text each),
        // "khốn khổ" -> "không", "điều đáng nói" -> "điều dân nói" (real dev).
        const support = (w: string) =>
          STOPWORDS.has(w) || !pair
            ? 0
            : (prev !== undefined && isContent(prev) ? pair(prev, w) : 0) + (next !== undefined && isContent(next) ? pair(w, next) : 0);
        const best = candidates.map((w) => ({ w, f: support(w) })).sort((x, y) => y.f - x.f)[0];
        if (best && best.f >= MEANT_PAIRS) out[i] = best.w;
        return;
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

/** Texts a pair must occur in for a word spelt right to be put right (see correct). */
const MEANT_PAIRS = 3;

/**
 * Of a message's folded tokens, the ones its writer typed with marks and spelt as a Vietnamese
 * syllable (isWrittenSyllable), with that spelling: such a word is what was meant, however rare in
 * our entries. On real dev, 128 corrections of marked syllables, nearly all wrong: "quận" -> "qua",
 * "lo lắng" -> "lo bang", "giải phóng" -> "giải không", "âm thầm" -> "tam"; 1 left after this
 * (an unlisted "ngộp"). Syllables typed without marks are still put right: nothing tells "quyen"
 * from "quên". (Also keeping, in a message typed with marks, its words that have none — "trai",
 * "nhau", "sinh", "mong" — was measured: 2 dev lines of the design half lost, both carried by a
 * wrong correction, "Tây ninh" -> "tỉnh"; not kept.) undefined where the forms do not line up.
 */
function meantAsTyped(tokens: readonly string[], typed: readonly string[] | undefined): (string | undefined)[] {
  const along: (string | undefined)[] = [];
  for (const o of typed ?? []) {
    const folded = syllables(o);
    const n = expandAbbreviations(folded).length;
    const one = folded.length === 1 && n === 1 && folded[0] === tokens[along.length];
    along.push(...(one && stripDiacritics(o) !== o && isWrittenSyllable(o) ? [o] : Array<undefined>(n).fill(undefined)));
  }
  return along.length === tokens.length ? along : tokens.map(() => undefined);
}

/**
 * Spellings the regions confuse, in the onset (s/x, ch/tr, d/gi/r, l/n) or the final (n/ng, t/c:
 * "hoàng tiền" for "hoàn tiền"): the tone and the vowel are typed as meant. Does one swap turn `spelt` (with marks) into a written
 * syllable that folds to `w`?
 */
function confused(spelt: string, w: string): boolean {
  const turns = (x: string) => syllables(x).join('') === w && isWrittenSyllable(x);
  for (const [a, b] of ONSET_SWAPS) {
    if (spelt.startsWith(a) && turns(b + spelt.slice(a.length))) return true;
    if (spelt.startsWith(b) && turns(a + spelt.slice(b.length))) return true;
  }
  for (const [a, b] of FINAL_SWAPS) {
    if (spelt.endsWith(a) && turns(spelt.slice(0, -a.length) + b)) return true;
    if (spelt.endsWith(b) && !spelt.endsWith(a) && turns(spelt.slice(0, -b.length) + a)) return true;
  }
  return false;
}

const isContent = (t: string) => !STOPWORDS.has(t) && !/\d/.test(t);

const ONSET_SWAPS: readonly (readonly [string, string])[] = [
  ['s', 'x'],
  ['tr', 'ch'],
  ['gi', 'd'],
  ['r', 'd'],
  ['gi', 'r'],
  ['l', 'n'],
];
const FINAL_SWAPS: readonly (readonly [string, string])[] = [
  ['ng', 'n'],
  ['c', 't'],
];

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
