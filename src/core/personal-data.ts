// Citizens type their căn cước, phone number or e-mail into questions ("cccd 079123456789 nộp
// hồ sơ thế nào"). None of it is needed to answer, and Nghị định 13/2023/NĐ-CP asks personal data
// to be kept only for a purpose: it is masked before the text is stored or logged anywhere.

const SEP = '[ .-]?';
// The look-behind starts a match only where a run of address characters starts: without it a long
// run with no @ (a 10 KB code pasted into a message) was rescanned from every one of its
// characters, 1.2 s for 10 KB, and the message waited for it twice (handle, then the log).
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
// Căn cước (12 digits, also typed in groups of 3 or 4) and the old 9-digit CMND.
const ID_12 = new RegExp(`(?<![\\d.-])\\d{3,4}(?:${SEP}\\d{2,4}){2,3}(?![\\d])`, 'g');
const ID_9 = /(?<!\d)\d{9}(?!\d)/g;
// Mobile 0[35789]x xxx xxxx and landline 02xx xxxx xxxx, or with +84 / 84 instead of the 0.
// Hotlines (1800 1096, 1900 0368, 1022) have no such prefix and stay readable.
const PHONE = new RegExp(
  `(?<![\\d+(])\\(?(?:\\+84|84|0)${SEP}\\(?(?:[35789]\\d\\)?(?:${SEP}\\d){7}|2\\d\\)?(?:${SEP}\\d){8,9})(?!\\d)`,
  'g',
);

export const MASKED = '[***]';
export const MASKED_EMAIL = '[***@***]';

const digitsIn = (s: string) => s.replace(/\D/g, '').length;

/**
 * The text with e-mail addresses, ID numbers and phone numbers replaced by stars. Not by words
 * ("[số giấy tờ]"): skills search the masked text, and such words made the guides on ID papers
 * and phone numbers answer questions about something else.
 */
export function maskPersonalData(text: string): string {
  if (!/\d|@/.test(text)) return text;
  return text
    .replace(EMAIL, MASKED_EMAIL)
    .replace(PHONE, MASKED)
    .replace(ID_12, (m) => (digitsIn(m) === 12 ? MASKED : m))
    .replace(ID_9, MASKED);
}
