import { expandAbbreviations } from './abbreviations.ts';
import { bigrams, originalSyllables, syllables } from './syllables.ts';

/** The forms lexical search indexes and queries: original, folded (+abbreviations), bigrams. */
export interface Analyzed {
  original: string[];
  folded: string[];
  bigrams: string[];
}

export function analyze(text: string): Analyzed {
  const folded = expandAbbreviations(syllables(text));
  return { original: originalSyllables(text), folded, bigrams: bigrams(folded) };
}
