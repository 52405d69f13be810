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

/** A text's syllables in both forms, without the pairs: what reading a message's words needs. */
export type Syllables = Pick<Analyzed, 'original' | 'folded'>;

/** analyze(text) without its pairs (see Syllables). */
export function syllableForms(text: string): Syllables {
  return { original: originalSyllables(text), folded: foldedSyllables(text) };
}

/**
 * syllableForms(`${a} ${b}`) from the forms of a and b, for texts with no whitespace at either end
 * (sentences): folding, NFC and the syllable patterns never read across a space, so the forms of
 * the two run on.
 */
export function joinedSyllables(a: Syllables, b: Syllables): Syllables {
  return { original: [...a.original, ...b.original], folded: [...a.folded, ...b.folded] };
}
