import { fold } from '../text/fold.ts';

/**
 * Recognising a dossier code ("mã hồ sơ") in what a citizen types.
 *
 * Thông tư 01/2018/TT-VPCP, Điều 19: a code is `V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX` — the receiving
 * body's identifier (QCVN of Thông tư 10/2016/TT-BTTTT, e.g. `000.00.12.H26`), the day it was
 * received, and its number that day (`000.00.12.H26-250908-0112`). Provincial one-stop systems
 * print the body's part in their own order (`H26.103.25.7-250908-0112`), and the demo province uses
 * `DEMO.SYT.NV1-251120-0007`. What they share is the tail `-YYMMDD-NNNN` after a dotted identifier
 * holding at least one letter: that shape alone is enough to treat a message as a lookup. Other
 * shapes are looked up only after an explicit request ("tra cứu hồ sơ …", "mã hồ sơ …").
 */

const DASH = String.raw`\s*[-‐‑‒–—]\s*`;
const BODY = String.raw`[A-Za-z0-9]{1,12}(?:\.[A-Za-z0-9]{1,12}){0,7}`;
const FULL = new RegExp(String.raw`(?<![\p{L}\p{N}.])(${BODY})${DASH}(\d{6})${DASH}(\d{3,6})(?![\p{L}\p{N}])`, 'u');

// "tra cứu hồ sơ", "tra cuu hs", "kiểm tra hồ sơ", "tình trạng hồ sơ", "mã hồ sơ", "mhs", "hồ sơ số".
const REQUEST = /^(?:(?:tra cuu|tra|kiem tra|check|xem|hoi)\s+)?(?:(?:tinh trang|tien do|trang thai)\s+)?(?:ma\s+)?(?:ho so|hs|mhs)(?:\s+(?:so|ma|co ma))?\s*[:#]?\s+(.+)$/;
// An explicit request still needs something code-like: a digit, no spaces, 6–64 characters.
const LOOSE = /^[\p{L}\p{N}][\p{L}\p{N}._:/-]{4,62}[\p{L}\p{N}]$/u;

const PERIOD = /^(?:(?:t|th|thang|q|quy)?\d{1,2}[/.-])?(?:\d{1,2}[/.-])?\d{4}(?:[/.-](?:q[1-4]|\d{1,2}))?$/i;

function validDay(yymmdd: string): boolean {
  const m = Number(yymmdd.slice(2, 4));
  const d = Number(yymmdd.slice(4, 6));
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/** A code in its standard shape found anywhere in `text`, spaces around the dashes removed. */
function standardCode(text: string): string | null {
  const m = FULL.exec(text);
  if (!m) return null;
  const [, body = '', day = '', seq = ''] = m;
  if (!/[A-Za-z]/.test(body) || !validDay(day)) return null;
  return `${body}-${day}-${seq}`;
}

/**
 * The dossier code a message asks about, or null when it is not a status lookup: a code of the
 * standard shape anywhere in the message, or any code-like token after "tra cứu hồ sơ".
 */
export function findDossierCode(text: string): string | null {
  const raw = text.normalize('NFC').trim();
  if (raw.length === 0 || raw.length > 300) return null;
  const standard = standardCode(raw);
  if (standard) return standard;
  // The request words are matched folded; the code, a single token, is taken from the original.
  const req = REQUEST.exec(fold(raw));
  if (!req?.[1] || /\s/.test(req[1].trim())) return null;
  const token = (raw.split(/\s+/).pop() ?? '')
    .replace(/[.,;!?…)\]"'”’]+$/u, '')
    .replace(/^["'“‘([]+/u, '');
  // Digits alone are a phone or ID number far more often than a dossier code, and an officer's
  // "hs 2025-Q3" or "hồ sơ T10/2025" names a period.
  if (!LOOSE.test(token) || !/\d/.test(token) || /^\d+$/.test(token) || PERIOD.test(token)) return null;
  return token;
}

/** The spellings to look up: as typed, and upper-cased (portals print codes in capitals). */
export function codeVariants(code: string): string[] {
  const upper = code.toUpperCase();
  return upper === code ? [code] : [code, upper];
}
