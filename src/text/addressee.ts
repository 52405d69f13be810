import { nfc, stripDiacritics } from './fold.ts';

/**
 * Whom a letter to a column is addressed to: a lawyer, the editors, the paper, a law firm. Folded.
 * ("ls" and "bbt" are how chat writes them.)
 */
const WHO = '(?:luat su|ls|ban bien tap|bbt|quy bao|toa soan|quy co quan|quy chuyen gia|chuyen gia|lvn group|(?:cong ty|cty|van phong) luat)';

/** Where a word starts and ends in folded text. */
const B = '(?<![a-z0-9])';
const E = '(?![a-z0-9])';

/**
 * The spans of `folded` that only address the letter, three ways:
 * - a greeting and whom it greets: "Thưa Luật sư", "Kính chào LVN Group", "Dạ thưa luật sư";
 * - whom a plea or a thank-you is to: "hỏi Luật sư là", "Mong được Luật sư", "Cảm ơn luật sư",
 *   "tư vấn của Ban biên tập" (the verb stays: it is an asking word, not a subject);
 * - whom a request is put to: "Luật sư cho tôi hỏi", "Ban biên tập tư vấn giúp".
 */
const SPANS: readonly RegExp[] = [
  new RegExp(`${B}(?:(?:da|xin|kinh) )?(?:thua|chao|kinh gui|gui)(?: cac| quy)? ${WHO}${E}`, 'g'),
  new RegExp(`(?<=${B}(?:hoi|mong|mong duoc|nho|xin|cam on|cua|duoc) )${WHO}${E}`, 'g'),
  new RegExp(
    `${B}${WHO}(?= (?:oi |a )?(?:cho (?:toi|em|chau|minh|con|hoi)|tu van|giai dap|giup|vui long|tra loi|huong dan|xem giup)${E})`,
    'g',
  ),
];

/**
 * `text` without whom it addresses. Real letters to a lawyers' column open "Thưa Luật sư" and
 * close "Mong Luật sư tư vấn giúp tôi": searched as words of the question, "luật sư" drew the
 * entry on detainees' lawyers ("Nhập khẩu cần những giấy tờ gì thưa luật sư?", lf3-017, unleaked).
 * 53 of the 379 dev lines address someone so. A lawyer the writer talks about ("thuê luật sư",
 * "luật sư bào chữa") stays.
 */
export function withoutAddressee(text: string): string {
  const whole = nfc(text);
  const folded = stripDiacritics(whole).toLowerCase();
  // Folding an NFC Vietnamese letter gives one letter: the spans are where they are in the text.
  // Anything else (a letter folding to two) is left as typed.
  if (folded.length !== whole.length) return whole;
  const cut: [number, number][] = [];
  for (const re of SPANS) for (const m of folded.matchAll(re)) cut.push([m.index, m.index + m[0].length]);
  if (cut.length === 0) return whole;
  cut.sort((a, b) => a[0] - b[0]);
  let out = '';
  let from = 0;
  for (const [start, end] of cut) {
    if (end <= from) continue;
    out += whole.slice(from, Math.max(from, start));
    from = end;
  }
  return (out + whole.slice(from)).replace(/[ \t]{2,}/g, ' ');
}
