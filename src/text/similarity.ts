import { distance } from 'fastest-levenshtein';
import { analyze } from './analyze.ts';
import { STOPWORDS } from './stopwords.ts';

/**
 * How closely a message says the same as a curated question, on folded text (no diacritics,
 * abbreviations expanded, function words such as "cho em hỏi", "ạ", "bao nhiêu" dropped).
 *
 * Both directions must hold: most of the curated question's words are in the message (recall),
 * and the message is mostly about them (precision). "lệ phí làm căn cước" shares half the words
 * of "lệ phí làm hộ chiếu" and must not get its answer; "làm hộ chiếu hết bao nhiêu tiền lệ phí"
 * says the same in another order. A word typed one letter off ("ho chiue") still counts.
 */
export interface Folded {
  words: string[];
}

export function foldQuestion(text: string): Folded {
  const words = analyze(text).folded.filter((t) => !STOPWORDS.has(t) && t.length > 1);
  return { words: [...new Set(words)] };
}

function same(a: string, b: string): boolean {
  if (a === b) return true;
  // One typo in a longer syllable; short ones ("le"/"lo") differ in meaning too often.
  return a.length >= 4 && b.length >= 4 && (distance(a, b) <= 1 || swapped(a, b));
}

/** Two neighbouring letters typed the other way round ("chiue" for "chieu"). */
function swapped(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}

function shareOf(from: readonly string[], into: readonly string[]): number {
  if (from.length === 0) return 0;
  return from.filter((w) => into.some((x) => same(w, x))).length / from.length;
}

/** Word pairs in order ("ho_chieu"), so "hộ chiếu" and "chiếu hộ" are told apart. */
function pairs(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < words.length; i++) out.push(`${words[i - 1]}_${words[i]}`);
  return out;
}

/**
 * 0…1: the harmonic mean of recall and precision over content words, lowered when the word pairs
 * of the curated question are missing (same words, other meaning). 0 when either side is empty.
 */
export function similarity(message: Folded, curated: Folded): number {
  const recall = shareOf(curated.words, message.words);
  const precision = shareOf(message.words, curated.words);
  if (recall === 0 || precision === 0) return 0;
  const f = (2 * recall * precision) / (recall + precision);
  const cp = pairs(curated.words);
  if (cp.length === 0) return f;
  const mp = new Set(pairs(message.words));
  const order = cp.filter((p) => mp.has(p)).length / cp.length;
  return f * (0.8 + 0.2 * order);
}

/** At or above: the message is taken to ask the curated question. Tuned on test/curated.test.ts. */
export const CLOSE_MATCH = 0.7;

/** Of `candidates`, the one `message` says the same as most closely, at or above CLOSE_MATCH (the first of equals). */
export function closest<T extends { folded: Folded }>(message: Folded, candidates: readonly T[]): { item: T; similarity: number } | null {
  let best: { item: T; similarity: number } | null = null;
  for (const c of candidates) {
    const s = similarity(message, c.folded);
    if (s >= CLOSE_MATCH && (!best || s > best.similarity)) best = { item: c, similarity: s };
  }
  return best;
}
