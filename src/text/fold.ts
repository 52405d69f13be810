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

/** Strips diacritics only (keeps case and spacing): "Đăng Ký" → "Dang Ky". */
export function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(MARKS, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/**
 * Lower-case, strip Vietnamese diacritics (đ → d) and collapse whitespace, so "Đăng ký" and
 * "dang ky" compare equal. Used for matching only, never for what the bot says.
 */
export function fold(text: string): string {
  return stripDiacritics(text).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Lower-case NFC with diacritics kept: the "original" form lexical search also indexes. */
export function lowerNfc(text: string): string {
  return nfc(text).toLowerCase().replace(/\s+/g, ' ').trim();
}
