import { stripDiacritics } from './fold.ts';
import { originalSyllables } from './syllables.ts';

/** Where a run of syllables ends: a pair across these is no evidence of what follows what. */
const BREAKS = /[\n.?!;:,()[\]"“”…]+/;
/**
 * Kneser–Ney's absolute discount. 0.75, the usual value: on the development messages typed
 * without marks, 0.5 / 0.75 / 0.9 put back 89.7 / 89.9 / 89.9 % of the syllables as written.
 */
const DISCOUNT = 0.75;
const START = 0;
const NO_CONTEXT = -1;

/**
 * Puts the marks back on Vietnamese typed without them: "toi muon lam can cuoc" → "tôi muốn làm
 * căn cước". Many people type on Zalo without diacritics; their folded words find the same
 * entries, but the exact-form signal that tells "đăng" from "đang", and "tủ" from "từ", is lost:
 * typed without marks, the real development messages passed 205 of 237 in scope against 217 as
 * written.
 *
 * The model is a bigram one, learnt from the marked texts it is given (the knowledge entries:
 * titles, askers' aliases, bodies), smoothed by interpolated Kneser–Ney: an unseen pair falls back
 * on how many different words a syllable follows, not on how often it occurs, so "tại Mỹ" beats
 * "tài Mỹ" though "tài" (tài khoản) is the commoner syllable in our texts. Viterbi picks the most
 * likely marked form of each syllable; a syllable the texts never write stays as typed.
 * (Plain unigram choice put back 89.1 % of the syllables; Kneser–Ney 89.9 %; the misses left are
 * mostly chat words our formal texts rarely use: "vậy", "cảm ơn", "ạ".)
 *
 * Hand-written: no npm package restores Vietnamese diacritics offline (the ones that do call a
 * web service or ship a neural model), and this one is a table of counts.
 */
export class MarkRestorer {
  /** Marked syllable → its number (0 is the start of a run). */
  private readonly ids = new Map<string, number>([['<s>', START]]);
  private readonly words: string[] = ['<s>'];
  /** Unmarked form → the numbers of the marked syllables that fold to it. */
  private readonly forms = new Map<string, number[]>();
  /** Times each syllable (or a run's start) comes before another. */
  private readonly count: number[] = [0];
  /** How many different syllables follow each one, and precede each one. */
  private readonly followers: number[] = [0];
  private readonly leaders: number[] = [0];
  /** Pair (a·size + b, fixed once learnt) → count. */
  private readonly pairs = new Map<number, number>();
  private pairTypes = 0;
  private size = 0;

  /** Learns from `texts`; those typed without any mark teach nothing and are skipped. */
  constructor(texts: Iterable<string>) {
    const runs: number[][] = [];
    for (const text of texts) {
      if (stripDiacritics(text) === text) continue;
      for (const part of text.split(BREAKS)) {
        const run = originalSyllables(part)
          .filter((s) => !/\d/.test(s))
          .map((s) => this.id(s));
        if (run.length > 0) runs.push(run);
      }
    }
    this.size = this.words.length;
    const grow = (a: number[]) => {
      while (a.length < this.size) a.push(0);
    };
    grow(this.count);
    grow(this.followers);
    grow(this.leaders);
    for (const run of runs) {
      let prev = START;
      for (const w of run) {
        const key = prev * this.size + w;
        const seen = this.pairs.get(key) ?? 0;
        if (seen === 0) {
          this.followers[prev]!++;
          this.leaders[w]!++;
          this.pairTypes++;
        }
        this.pairs.set(key, seen + 1);
        this.count[prev]!++;
        prev = w;
      }
    }
    for (const [w, k] of this.ids) {
      if (k === START) continue;
      const plain = stripDiacritics(w);
      const list = this.forms.get(plain);
      if (list) list.push(k);
      else this.forms.set(plain, [k]);
    }
  }

  private id(s: string): number {
    let k = this.ids.get(s);
    if (k === undefined) {
      k = this.words.length;
      this.ids.set(s, k);
      this.words.push(s);
    }
    return k;
  }

  /** log P(w | prev), interpolated Kneser–Ney; prev NO_CONTEXT after a syllable the model does not know. */
  private logP(prev: number, w: number): number {
    const continuation = (this.leaders[w]! + 0.5) / (this.pairTypes + 0.5 * this.size);
    const c = prev < 0 ? 0 : this.count[prev]!;
    if (c === 0) return Math.log(continuation);
    const pair = this.pairs.get(prev * this.size + w) ?? 0;
    return Math.log(Math.max(pair - DISCOUNT, 0) / c + ((DISCOUNT * this.followers[prev]!) / c) * continuation);
  }

  /**
   * The syllables (lower-case, as originalSyllables gives them) with their likeliest marks. Only
   * for a message typed without any: a syllable typed with marks is the writer's own choice.
   */
  restore(syllables: readonly string[]): string[] {
    const out = [...syllables];
    let start = 0;
    // Runs of syllables the model knows; a number or a syllable it never saw breaks the chain, and
    // the run after it starts with no context (not as a message starts).
    for (let i = 0; i <= syllables.length; i++) {
      const known = i < syllables.length ? this.forms.get(syllables[i]!) : undefined;
      if (known) continue;
      if (i > start) this.viterbi(syllables, start, i, out, start === 0 ? START : NO_CONTEXT);
      start = i + 1;
    }
    return out;
  }

  /**
   * `text` with the likeliest marks put back, case and punctuation kept; a text typed with any mark
   * comes back as it is.
   */
  restoreText(text: string): string {
    if (stripDiacritics(text) !== text) return text;
    const restored = this.restore(originalSyllables(text));
    let k = 0;
    // Letter for letter: a marked Vietnamese letter is one code point in NFC, as its bare one is.
    // Only the marks are taken: each letter keeps the case and the spelling it was typed with
    // ("qui", which the syllables read as "quy"), so stripping the marks gives the text back.
    return text.replace(/[\p{L}\p{N}]+/gu, (w) => {
      const r = restored[k++];
      if (r === undefined || r.length !== w.length) return w;
      let out = '';
      for (let i = 0; i < w.length; i++) {
        const typed = w[i]!;
        const lower = typed.toLowerCase();
        const marked = stripDiacritics(r[i]!) === lower ? r[i]! : lower;
        out += typed === lower ? marked : marked.toUpperCase();
      }
      return out;
    });
  }

  private viterbi(syllables: readonly string[], from: number, to: number, out: string[], first: number): void {
    let states = [first];
    let scores = [0];
    const back: Int32Array[] = [];
    for (let i = from; i < to; i++) {
      const options = this.forms.get(syllables[i]!)!;
      const next = new Array<number>(options.length);
      const from_ = new Int32Array(options.length);
      for (const [j, w] of options.entries()) {
        let best = Number.NEGATIVE_INFINITY;
        let arg = 0;
        for (const [k, p] of states.entries()) {
          const s = scores[k]! + this.logP(p, w);
          if (s > best) [best, arg] = [s, k];
        }
        next[j] = best;
        from_[j] = arg;
      }
      back.push(from_);
      states = options;
      scores = next;
    }
    let k = scores.indexOf(Math.max(...scores));
    for (let i = to - 1; i >= from; i--) {
      out[i] = this.words[this.forms.get(syllables[i]!)![k]!]!;
      k = back[i - from]![k]!;
    }
  }
}
