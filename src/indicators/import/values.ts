import { z } from 'zod';
import { fold } from '../../text/fold.ts';
import { DAY_MS, VN_OFFSET_MS } from '../../time/vietnam.ts';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
// Common Vietnamese exports write dd/mm/yyyy [HH:mm[:ss]].
const VN = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * Parses an ISO 8601 date or date-time (or dd/mm/yyyy) to epoch ms. Without an offset the time
 * is Vietnam time. A date without a time is the start of that day, or its last millisecond with
 * `endOfDay` (a deadline "2025-11-20" lasts the whole day). Returns null for anything invalid.
 */
export function parseVnDateTime(text: string, endOfDay = false): number | null {
  const s = text.trim();
  let y: number, mo: number, d: number, h: number, mi: number, sec: number, frac: string | undefined, zone: string | undefined;
  let hasTime: boolean;
  const iso = ISO.exec(s);
  if (iso) {
    [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    hasTime = iso[4] !== undefined;
    [h, mi, sec] = [Number(iso[4] ?? 0), Number(iso[5] ?? 0), Number(iso[6] ?? 0)];
    frac = iso[7];
    zone = iso[8];
  } else {
    const vn = VN.exec(s);
    if (!vn) return null;
    [d, mo, y] = [Number(vn[1]), Number(vn[2]), Number(vn[3])];
    hasTime = vn[4] !== undefined;
    [h, mi, sec] = [Number(vn[4] ?? 0), Number(vn[5] ?? 0), Number(vn[6] ?? 0)];
  }
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return null;
  if (h > 23 || mi > 59 || sec > 59) return null;
  let offset = VN_OFFSET_MS;
  if (zone) {
    if (zone.toUpperCase() === 'Z') offset = 0;
    else {
      const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
      const oh = Number(m[2]);
      const om = Number(m[3] ?? 0);
      if (oh > 14 || om > 59) return null;
      offset = (m[1] === '-' ? -1 : 1) * (oh * 3600_000 + om * 60_000);
    }
  }
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  let t = Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offset;
  if (!hasTime && endOfDay) t += DAY_MS - 1;
  return t;
}

/** Header or value key: folded, non-alphanumerics to `_` ("Mã hồ sơ" → "ma_ho_so"). */
export function key(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const ASCII = /^[\x20-\x7e]*$/;
/** NFC, skipped for plain ASCII (most codes), which is already normalised. */
const toNfc = (v: string) => (ASCII.test(v) ? v : v.normalize('NFC'));

const quote = (v: string) => `'${v.length > 60 ? `${v.slice(0, 60)}…` : v}'`;

// NUL and the ASCII separators (U+001C–U+001F) never belong in text; the bulk load uses two of them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are exactly what is refused.
const NO_CONTROL = /^[^\u0000\u001c-\u001f]*$/;
const CONTROL_MESSAGE = 'chứa ký tự điều khiển không hợp lệ';

export const requiredText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'không được để trống')
    .max(max, `dài quá ${max} ký tự`)
    .regex(NO_CONTROL, CONTROL_MESSAGE)
    .transform(toNfc);

export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `dài quá ${max} ký tự`)
    .regex(NO_CONTROL, CONTROL_MESSAGE)
    .transform((v) => (v === '' ? null : toNfc(v)));

/** Unit and dossier codes: no spaces and no '/', which `units.path` uses as separator. */
export const code = (what: string) =>
  z
    .string()
    .trim()
    .min(1, 'không được để trống')
    .max(64, 'dài quá 64 ký tự')
    .regex(/^[\p{L}\p{N}][\p{L}\p{N}._:-]*$/u, `mã ${what} chỉ gồm chữ, số và . _ : - (không dấu cách, không '/')`);

function checkDate(v: string, ctx: z.RefinementCtx, optional: boolean, endOfDay: boolean): number | null {
  const s = v.trim();
  if (s === '') {
    if (optional) return null;
    ctx.addIssue({ code: 'custom', message: 'không được để trống (cần ngày theo ISO 8601, ví dụ 2025-11-20T09:30:00+07:00)' });
    return z.NEVER;
  }
  const ms = parseVnDateTime(s, endOfDay);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: `${quote(s)} không phải ngày hợp lệ (ISO 8601)` });
    return z.NEVER;
  }
  return ms;
}

/** A required ISO 8601 date-time → epoch ms. */
export const dateTime = (opts: { endOfDay?: boolean } = {}) =>
  z.string().transform((v, ctx): number => checkDate(v, ctx, false, opts.endOfDay ?? false) as number);

/** An ISO 8601 date-time or empty → epoch ms | null. */
export const optionalDateTime = () => z.string().transform((v, ctx): number | null => checkDate(v, ctx, true, false));

// Exactly the documented spellings (README § Importing data): 0/1, Có/Không, and TRUE/FALSE as Excel
// writes boolean cells. Anything else (x, y, "đã", "có lẽ") is an error rather than a guess: a
// wrong guess would silently change a figure.
const TRUE = new Set(['1', 'co', 'true']);
const FALSE = new Set(['0', 'khong', 'false']);

/** 0/1, "Có"/"Không" or TRUE/FALSE (any case, with or without diacritics). */
export const flag = z.string().transform((v, ctx): boolean => {
  if (v === '1') return true;
  if (v === '0') return false;
  const k = key(v);
  if (TRUE.has(k)) return true;
  if (FALSE.has(k)) return false;
  ctx.addIssue({
    code: 'custom',
    message: `${quote(v.trim())} không hợp lệ (cần 1 hoặc 0, Có hoặc Không, TRUE hoặc FALSE)`,
  });
  return z.NEVER;
});

/**
 * Picks a canonical value from folded spellings; the message lists the accepted ones. Looked up in
 * a Map of the table's own entries: a plain object would also "contain" `constructor`, `toString`…
 * through its prototype.
 */
export function oneOf<T extends string>(aliases: Record<string, T>, expected: string) {
  const table = new Map<string, T>(Object.entries(aliases));
  return z.string().transform((v, ctx): T => {
    // Exports repeat a handful of spellings: the exact text is looked up before folding.
    const hit = table.get(v) ?? table.get(key(v));
    if (hit !== undefined) return hit;
    ctx.addIssue({
      code: 'custom',
      message: v.trim() === '' ? `không được để trống (cần ${expected})` : `${quote(v.trim())} không hợp lệ (cần ${expected})`,
    });
    return z.NEVER;
  });
}

/** A decimal with '.' or ',' ("17,68"). */
export const decimal = z.string().transform((v, ctx): number => {
  const s = v.trim().replace(',', '.');
  const n = s === '' ? Number.NaN : Number(s);
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: `${quote(v.trim())} không phải số` });
    return z.NEVER;
  }
  return n;
});

/** Maps a zod failure to (column, message) pairs. */
export function zodIssues(error: z.ZodError): { column: string | null; message: string }[] {
  return error.issues.map((i) => ({ column: i.path.length ? String(i.path[0]) : null, message: i.message }));
}
