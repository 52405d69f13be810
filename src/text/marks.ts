import { cached, pushTo } from '../collections.ts';
import { abbreviation } from './abbreviations.ts';
import { stripDiacritics } from './fold.ts';
import { originalSyllables, phrases } from './syllables.ts';

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
  private readonly count: Int32Array;
  /** How many different syllables follow each one, and precede each one. */
  private readonly followers: Int32Array;
  private readonly leaders: Int32Array;
  /** Pair (a·size + b) → count. */
  private readonly pairs = new Map<number, number>();
  private pairTypes = 0;
  /** Syllables known, with the start of a run. */
  private readonly size: number;

  /** Learns from `texts`; those typed without any mark teach nothing and are skipped. */
  constructor(texts: Iterable<string>) {
    const runs: number[][] = [];
    for (const text of texts) {
      if (stripDiacritics(text) === text) continue;
      for (const part of phrases(text)) {
        const run = originalSyllables(part)
          .filter((s) => !/\d/.test(s))
          .map((s) => this.id(s));
        if (run.length > 0) runs.push(run);
      }
    }
    this.size = this.words.length;
    this.count = new Int32Array(this.size);
    this.followers = new Int32Array(this.size);
    this.leaders = new Int32Array(this.size);
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
    for (const [w, k] of this.ids) if (k !== START) pushTo(this.forms, stripDiacritics(w), k);
  }

  private id(s: string): number {
    return cached(this.ids, s, () => this.words.push(s) - 1);
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
   * `free`, when given, says which syllables to restore; the others stay as they are and are
   * context for their neighbours (see readSyllables).
   */
  restore(syllables: readonly string[], free?: readonly boolean[]): string[] {
    const out = [...syllables];
    const options = syllables.map((s, i) => {
      if (!free || free[i]) return this.forms.get(s);
      const k = this.ids.get(s);
      return k === undefined ? undefined : [k];
    });
    let start = 0;
    // Runs of syllables the model knows; a number or a syllable it never saw breaks the chain, and
    // the run after it starts with no context (not as a message starts).
    for (let i = 0; i <= syllables.length; i++) {
      if (i < syllables.length && options[i]) continue;
      if (i > start) this.viterbi(options, start, i, out, start === 0 ? START : NO_CONTEXT);
      start = i + 1;
    }
    return out;
  }

  /**
   * Syllables (lower-case, as originalSyllables gives them) as the entries would write them: each
   * chat abbreviation ("ko", "dc", "đk", "hs") spelt out in the marked words its context makes
   * likeliest ("không", "được", "đăng ký", "hồ sơ") and, for a message typed without any mark
   * (`plain`), every syllable restored. Between marked words an abbreviation is the one word that
   * lacks the exact-form signal; acronyms the entries write as such (CCCD, VNeID) stay.
   */
  readSyllables(syllables: readonly string[], plain: boolean): string[] {
    return this.spell(syllables, plain)?.restored ?? [...syllables];
  }

  /** readSyllables, with each syllable's spelling (undefined: read as one syllable); undefined when nothing is read otherwise. */
  private spell(syllables: readonly string[], plain: boolean): { spelt: (string[] | undefined)[]; restored: string[] } | undefined {
    const spelt = syllables.map((x) => spelling(x));
    if (!plain && !spelt.some(Boolean)) return undefined;
    const restored = this.restore(
      spelt.flatMap((x, i) => x ?? [syllables[i]!]),
      spelt.flatMap((x) => (x ? x.map(() => true) : [plain])),
    );
    return { spelt, restored };
  }

  /**
   * `text` as the engine reads it (Reading): typed without any mark, with the likeliest marks put
   * back; either way, with each chat abbreviation spelt out in the marked words its context makes
   * likeliest (see readSyllables). Letters keep the case and spelling they were typed with.
   */
  read(text: string): Reading {
    const words = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
    const syllables = originalSyllables(text);
    const plain = stripDiacritics(text) === text;
    // Decomposed input may read as other syllables; then it is read as typed.
    if (syllables.length !== words.length) return asTyped(text);
    const read = this.spell(syllables, plain);
    if (!read) return asTyped(text);
    const { spelt, restored } = read;
    let out = '';
    let from = 0;
    let at = 0;
    // Where each word is in both texts, to give a part of the reading back as typed.
    const spans: Span[] = [];
    for (const [i, m] of words.entries()) {
      const w = m[0];
      const n = spelt[i]?.length ?? 1;
      const r = restored.slice(at, at + n);
      at += n;
      const word = spelt[i] ? capitalised(r.join(' '), w) : plain ? marksOnto(w, r[0]!) : w;
      out += text.slice(from, m.index);
      spans.push({ typed: [m.index, m.index + w.length], read: [out.length, out.length + word.length] });
      out += word;
      from = m.index + w.length;
    }
    out += text.slice(from);
    return {
      text: out,
      typed(part: string): string {
        const p = out.indexOf(part);
        if (p < 0) return part;
        return text.slice(typedAt(spans, p, 'start'), typedAt(spans, p + part.length, 'end'));
      },
    };
  }

  private viterbi(options: readonly (readonly number[] | undefined)[], from: number, to: number, out: string[], first: number): void {
    let states: readonly number[] = [first];
    let scores = [0];
    const back: Int32Array[] = [];
    for (let i = from; i < to; i++) {
      const here = options[i]!;
      const next = new Array<number>(here.length);
      const from_ = new Int32Array(here.length);
      for (const [j, w] of here.entries()) {
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
      states = here;
      scores = next;
    }
    let k = scores.indexOf(Math.max(...scores));
    for (let i = to - 1; i >= from; i--) {
      out[i] = this.words[options[i]![k]!]!;
      k = back[i - from]![k]!;
    }
  }
}

/** A message as read (MarkRestorer.read) and the way back to the writer's own words. */
export interface Reading {
  text: string;
  /** A part of `text` (a sentence, an ask) as the writer typed it: what a reply quotes. */
  typed(part: string): string;
}

interface Span {
  typed: [number, number];
  read: [number, number];
}

function asTyped(text: string): Reading {
  return { text, typed: (part) => part };
}

/**
 * A chat abbreviation's words ("ko" → khong), for a syllable typed without marks (but for đ) that
 * is one; undefined otherwise. One-letter ones (a, e, k, r, v) are left: "a" is as often "ạ" or
 * "à" typed without marks, which restoring reads better than "anh" (search still expands them).
 */
function spelling(syllable: string): string[] | undefined {
  if (syllable.length < 2 || syllable.replace(/đ/g, 'd') !== stripDiacritics(syllable)) return undefined;
  const a = abbreviation(stripDiacritics(syllable));
  return a && !a.keep ? a.words.split(' ') : undefined;
}

/** `words` with a capital first letter when `typed` had one. */
function capitalised(words: string, typed: string): string {
  return typed[0] !== typed[0]!.toLowerCase() ? words[0]!.toUpperCase() + words.slice(1) : words;
}

/**
 * The marks of `restored` on the letters of `typed`, letter for letter: a marked Vietnamese letter
 * is one code point in NFC, as its bare one is. Each letter keeps the case and the spelling it was
 * typed with ("qui", which the syllables read as "quy"), so stripping the marks gives `typed` back.
 */
function marksOnto(typed: string, restored: string): string {
  if (restored.length !== typed.length) return typed;
  let out = '';
  for (let i = 0; i < typed.length; i++) {
    const t = typed[i]!;
    const lower = t.toLowerCase();
    const marked = stripDiacritics(restored[i]!) === lower ? restored[i]! : lower;
    out += t === lower ? marked : marked.toUpperCase();
  }
  return out;
}

/** The typed offset for an offset of the reading: inside a word, its start or its end. */
function typedAt(spans: readonly Span[], at: number, side: 'start' | 'end'): number {
  let shift = 0;
  for (const s of spans) {
    if (at < s.read[0]) break;
    if (at <= s.read[1]) {
      if (at === s.read[0]) return s.typed[0];
      if (at === s.read[1]) return s.typed[1];
      return side === 'start' ? s.typed[0] : s.typed[1];
    }
    shift = s.typed[1] - s.read[1];
  }
  return at + shift;
}
