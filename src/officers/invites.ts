import { createHash, randomInt } from 'node:crypto';
import { unknownUnitText } from '../indicators/units.ts';
import type { Db } from '../store/db.ts';

// Easy to read aloud and type on a phone: no 0/O, 1/I (nor L, which looks like 1 in some fonts).
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const GROUP = 4;

export class OfficerAdminError extends Error {}

/** "k7qf m2xp", "K7QF-M2XP" → "K7QFM2XP": what the hash is computed over. */
export function normalizeCode(text: string): string {
  return text.toUpperCase().replace(/[\s-]+/g, '');
}

export function hashCode(code: string): string {
  return createHash('sha256').update(normalizeCode(code)).digest('hex');
}

/**
 * A random 8-character code shown as "K7QF-M2XP" (31^8 ≈ 8.5e11 values). It always holds a digit
 * and a letter, so "đăng ký K7QF-M2XP" reads as enrollment and not as a question (enroll-skill.ts, typedEnrolCode).
 */
export function generateCode(): string {
  for (;;) {
    let raw = '';
    for (let i = 0; i < GROUP * 2; i++) raw += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    if (/\d/.test(raw) && /[A-Z]/.test(raw)) return `${raw.slice(0, GROUP)}-${raw.slice(GROUP)}`;
  }
}

export interface Invite {
  /** Shown once; only its SHA-256 is stored. */
  code: string;
  unitCode: string;
  unitName: string;
  expiresAt: Date;
}

export const MAX_INVITE_DAYS = 90;

/**
 * Creates a single-use invite for `unitCode` valid for `days` days; stores only the hash. `db` may
 * be an open transaction (`seed --demo` creates the invite with its units).
 */
export async function createInvite(db: Db, unitCode: string, days = 7, now = new Date()): Promise<Invite> {
  if (!Number.isInteger(days) || days < 1 || days > MAX_INVITE_DAYS) {
    throw new OfficerAdminError(`Số ngày hiệu lực phải là số nguyên 1–${MAX_INVITE_DAYS} / --days must be an integer 1–${MAX_INVITE_DAYS}`);
  }
  const unit = await db.selectFrom('units').select('name').where('code', '=', unitCode).executeTakeFirst();
  if (!unit) throw new OfficerAdminError(unknownUnitText(unitCode, ' (import units trước / import units first)'));
  const expiresAt = new Date(now.getTime() + days * 86_400_000);
  for (;;) {
    const code = generateCode();
    const codeHash = hashCode(code);
    // A collision with an old code is astronomically unlikely, but would make the old one unusable.
    if (await db.selectFrom('invite_codes').select('id').where('code_hash', '=', codeHash).executeTakeFirst()) continue;
    await db.insertInto('invite_codes').values({ code_hash: codeHash, unit_code: unitCode, expires_at: expiresAt, created_at: now }).execute();
    return { code, unitCode, unitName: unit.name, expiresAt };
  }
}
