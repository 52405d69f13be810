import { expandAbbreviations } from './abbreviations.ts';
import { bigrams, originalSyllables, syllables } from './syllables.ts';

/** The forms lexical search indexes and queries: original, folded (+abbreviations), bigrams. */
export interface Analyzed {
  original: string[];
  folded: string[];
  bigrams: string[];
}

export function analyze(text: string): Analyzed {
  const folded = foldedSyllables(text);
  return { original: originalSyllables(text), folded, bigrams: bigrams(folded) };
}

/** analyze(text).folded alone, for callers that need no other form (the marked syllables cost as much). */
export function foldedSyllables(text: string): string[] {
  return expandAbbreviations(syllables(text));
}

/**
 * analyze(`${a} ${b}`) from analyze(a) and analyze(b), for texts with no whitespace at either end
 * (sentences): folding, NFC and the syllable patterns never read across a space, so the forms of
 * the two run on; only the pair across the join is new.
 */
export function analyzeJoined(a: Analyzed, b: Analyzed): Analyzed {
  const folded = [...a.folded, ...b.folded];
  return { original: [...a.original, ...b.original], folded, bigrams: bigrams(folded) };
}
