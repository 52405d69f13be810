export { expandAbbreviations, abbreviation } from './abbreviations.ts';
export { fold, lowerNfc, nfc, stripDiacritics } from './fold.ts';
export { STOPWORDS, contentTokens } from './stopwords.ts';
export { bigrams, charNgrams, isVietnameseSyllable, originalSyllables, syllables } from './syllables.ts';
export { bucketByLength, correctTypos, editDistance, TypoCorrector } from './typos.ts';
export { type Analyzed, analyze } from './analyze.ts';
export { addSynonyms, isSynonymWord } from './synonyms.ts';
export { aboutAnotherPlatform, mentionsOurField, namedPlatforms } from './platforms.ts';
export { type MessageParts, messageParts, sentences } from './message.ts';
