/** NFC, as everything the bot stores and says must be. */
export function nfc(text: string): string {
  return text.normalize('NFC');
}

/**
 * Lower-case, strip Vietnamese diacritics (đ → d) and collapse whitespace, so "Đăng ký" and
 * "dang ky" compare equal. Used for matching only, never for what the bot says.
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
