/** NFC, as everything the bot stores and says must be. */
export function nfc(text: string): string {
  return text.normalize('NFC');
}

// Why no library: every Vietnamese letter decomposes under Unicode NFD into a base Latin letter
// plus combining marks (U+0300–U+036F), except đ/Đ, which has no decomposition. Stripping the
// marks and mapping đ is therefore exact for Vietnamese; the packages we looked at (remove-accents,
// diacritics, latinize) are lookup tables that do the same with more code and no Vietnamese
// specifics. Input typed in the old TCVN3/VNI "composed by hand" style is also NFD-like, so it
// folds the same way.
const MARKS = /[\u0300-\u036f]/g;
const ANY_MARK = /\p{M}/u;

function stripWhole(text: string): string {
  return text.normalize('NFD').replace(MARKS, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/**
 * Each non-ASCII code point stripped alone (stripWhole of it), or null where that may differ from
 * stripping it in its text: its decomposition holds a combining mark outside U+0300–U+036F, which
 * NFD may reorder with its neighbours. Filled as code points are met.
 */
const STRIPPED = new Map<number, string | null>();

function strippedAlone(cp: number): string | null {
  let s = STRIPPED.get(cp);
  if (s === undefined) {
    const c = String.fromCodePoint(cp);
    s = ANY_MARK.test(c.normalize('NFD').replace(MARKS, '')) ? null : stripWhole(c);
    STRIPPED.set(cp, s);
  }
  return s;
}

/**
 * Strips diacritics only (keeps case and spacing): "Đăng Ký" → "Dang Ky".
 * Code point by code point: NFD reorders only combining marks, and with every mark in the text in
 * U+0300–U+036F all of them are removed, so the whole text strips as its code points do alone. It
 * runs ~700 times an answer, mostly on syllables, where normalize and three replaces cost 1.5 µs.
 */
export function stripDiacritics(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    const cp = text.codePointAt(i)!;
    // A lone surrogate: NFD's own reading.
    if (cp >= 0xd800 && cp <= 0xdfff) return stripWhole(text);
    const s = strippedAlone(cp);
    if (s === null) return stripWhole(text);
    out += text.slice(from, i) + s;
    if (cp > 0xffff) i++;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * Lower-case, strip Vietnamese diacritics (đ → d) and collapse whitespace, so "Đăng ký" and
 * "dang ky" compare equal. Used for matching only, never for what the bot says.
 */
export function fold(text: string): string {
  return stripDiacritics(text).toLowerCase().replace(/\s+/g, ' ').trim().replace(FOLDED_I, '$1y');
}

/**
 * fold() with whitespace left as typed: the same letters and digits between the same separators,
 * for callers that only take the words out (syllables): the whitespace passes cost a fifth of it.
 * (No whitespace character is a letter, digit or mark, which is all the i/y rule looks at.)
 */
export function foldLetters(text: string): string {
  return stripDiacritics(text).toLowerCase().replace(FOLDED_I, '$1y');
}

/** fold() with every run of other characters than letters and digits made one space: the words phrase patterns read. */
export function foldWords(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Lower-case NFC with diacritics kept: the "original" form lexical search also indexes. Spelling
 * variants get one form here too (see above): "kí" → "ký", "hoà" → "hòa", "thuỷ" → "thủy".
 */
export function lowerNfc(text: string): string {
  return oneSpelling(nfc(text).toLowerCase().replace(/\s+/g, ' ').trim());
}

/** lowerNfc() with whitespace left as typed (see foldLetters), for originalSyllables. */
export function lowerNfcLetters(text: string): string {
  return oneSpelling(nfc(text).toLowerCase());
}

/** The i/y and tone-placement variants of lower-case NFC text in one form (below). */
function oneSpelling(text: string): string {
  return text
    .replace(TONED_I, (_, onset: string, i: string) => onset + I_TO_Y[i]!)
    .replace(OLD_TONE, (_, first: string, toned: string) => {
      const mark = toned.normalize('NFD').slice(1);
      return `${(first + mark).normalize('NFC')}${toned.normalize('NFD')[0]}`;
    });
}

/*
 * i/y: an open syllable whose whole vowel is i or y after k, l, m, qu, s or t is written either
 * way ("kí"/"ký", "lí do"/"lý do", "Mĩ"/"Mỹ", "tỉ lệ"/"tỷ lệ", "bác sĩ"/"bác sỹ", "qui định"/"quy
 * định"): one form, y, the official documents' spelling — so the folded tables ("dang ky", "ty
 * le") need no change. Not after other onsets, where only one spelling exists ("thi", "khi",
 * "chi", "vì"/"vi phạm" — Vy is a name), not after h ("hi" is a greeting; "hy vọng" carries no
 * subject), never a bare "y"/"ý" ("y tế", "ý kiến"), nor y inside a rhyme ("tay", "tây", "tuy",
 * "quyết", "kyc").
 */
const FOLDED_I = /(?<![\p{L}\p{N}])(k|l|m|qu|s|t)i(?![\p{L}\p{N}])/gu;
const TONED_I = /(?<![\p{L}\p{N}])(k|l|m|qu|s|t)([iìíỉĩị])(?![\p{L}\p{N}\p{M}])/gu;
const I_TO_Y: Record<string, string> = { i: 'y', ì: 'ỳ', í: 'ý', ỉ: 'ỷ', ĩ: 'ỹ', ị: 'ỵ' };
/*
 * Tone placement: in an open "oa", "oe" or "uy" the mark sits on the second vowel in one
 * convention ("hoà", "khoẻ", "thuỷ", "uỷ ban") and on the first in the other ("hòa", "khỏe",
 * "thủy"); the first is kept. Not "quý" (u belongs to the onset) and not before a final
 * consonant, where both conventions agree ("hoàng", "thuyết").
 */
const OLD_TONE = /(?<!q)(o(?=[àáảãạèéẻẽẹ])|u(?=[ỳýỷỹỵ]))(.)(?![\p{L}\p{N}\p{M}])/gu;
