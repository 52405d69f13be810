import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { importTrie, iteratorTrieWords } from 'cspell-trie-lib';
import { foldLetters, lowerNfc, lowerNfcLetters } from './fold.ts';

/** Vietnamese is written one syllable per space-separated word; punctuation separates too. */
export function syllables(text: string): string[] {
  return foldLetters(text).match(/[a-z0-9]+/g) ?? [];
}

/** Syllables with diacritics kept (lower-case NFC), for the "original" lexical field. */
export function originalSyllables(text: string): string[] {
  return lowerNfcLetters(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Where a stretch of text ends: a comma, a stop, a bracket, a quote mark. Two syllables either side
 * of one are no pair of the text: not of a quoted error ("công an chưa tìm thấy, giấy tờ xe …" is no
 * "Không tìm thấy giấy tờ", error-match.ts), nor evidence of which word follows which (marks.ts).
 */
const PHRASE_BREAK = /[\n.?!;:,()[\]"“”…]+/;

/** The text's stretches between punctuation (see PHRASE_BREAK), those with a letter or digit. */
export function phrases(text: string): string[] {
  return text.split(PHRASE_BREAK).filter((c) => /[\p{L}\p{N}]/u.test(c));
}

/** Adjacent syllable pairs: "đăng ký" means something "đăng" and "ký" alone do not. */
export function bigrams(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < tokens.length; i++) out.push(`${tokens[i - 1]}_${tokens[i]}`);
  return out;
}

/** Character n-grams of each syllable with boundary marks ("#vneid#"): robust to typos. */
export function charNgrams(tokens: readonly string[], n: number): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    const s = `#${t}#`;
    if (s.length <= n) {
      out.push(s);
      continue;
    }
    for (let i = 0; i + n <= s.length; i++) out.push(s.slice(i, i + n));
  }
  return out;
}

// Onset, vowel nucleus, coda of a folded Vietnamese syllable ("nghieng", "khuya", "tr" + "uong").
const VIETNAMESE_SYLLABLE = /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$/;

/** Could this folded token be a Vietnamese syllable? "facebook", "wifi", "sjc" cannot. */
export function isVietnameseSyllable(token: string): boolean {
  return VIETNAMESE_SYLLABLE.test(token);
}

/**
 * The written Vietnamese syllables, with their marks (lower-case NFC, our one spelling: "hòa",
 * "ký"): cspell's Vietnamese dictionary (@cspell/dict-vi-vn, MIT), 8,191 lower-case syllables.
 * A syllable spelt as one of them is a word, whatever our entries say: "quận", "làng", "Thạnh"
 * were "corrected" to "qua", "dang", "than" for not being in the guides' vocabulary.
 */
let written: ReadonlySet<string> | undefined;

function writtenSyllables(): ReadonlySet<string> {
  if (!written) {
    const ext = createRequire(import.meta.url).resolve('@cspell/dict-vi-vn/cspell-ext.json');
    const trie = importTrie(gunzipSync(readFileSync(join(dirname(ext), 'vi.trie.gz'))).toString('utf8').split('\n'));
    written = new Set([...iteratorTrieWords(trie)].filter((w) => w === w.toLowerCase()).map(lowerNfc));
  }
  return written;
}

/** Is `syllable` (lower-case NFC with marks, as originalSyllables gives it) a written Vietnamese syllable? */
export function isWrittenSyllable(syllable: string): boolean {
  return writtenSyllables().has(syllable);
}
