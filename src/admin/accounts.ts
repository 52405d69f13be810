import argon2 from 'argon2';
import { unknownUnitText } from '../indicators/units.ts';
import { sql, type Updateable } from 'kysely';
import { lockEnd } from '../officers/lockout.ts';
import type { Db } from '../store/db.ts';
import type { DB } from '../store/schema.ts';

/** What a console account may do: `editor` and `support` work on answers, `officer` on a unit's figures and officers. */
export const ROLES = ['editor', 'support', 'officer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  editor: 'Biên tập viên',
  support: 'Cán bộ hỗ trợ',
  officer: 'Cán bộ đơn vị',
};

/** The signed-in account, as every console page sees it. */
export interface AdminIdentity {
  id: number;
  username: string;
  role: Role;
  /** Officer accounts: their unit; everything they see is in its subtree. */
  unitCode: string | null;
  unitName: string | null;
  /** Materialised path of the unit ("/TINH/SYT/"), for the subtree rule. */
  unitPath: string | null;
}

export class AdminAccountError extends Error {}

export const MIN_PASSWORD = 10;
export const MAX_WRONG = 5;
export const WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,39}$/;

function normalizeUsername(name: string): string {
  return name.trim().toLowerCase();
}

/** `admin create`: a new console account. Officer accounts need a unit that exists. */
export async function createAdminUser(
  db: Db,
  input: { username: string; password: string; role: string; unitCode?: string | undefined },
): Promise<AdminIdentity> {
  const username = normalizeUsername(input.username);
  if (!USERNAME.test(username)) {
    throw new AdminAccountError(
      'Tên đăng nhập 3–40 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới / user name: 3–40 of a-z 0-9 . _ -',
    );
  }
  if (!(ROLES as readonly string[]).includes(input.role)) {
    throw new AdminAccountError(`Vai trò phải là một trong: ${ROLES.join(', ')} / role must be one of ${ROLES.join(', ')}`);
  }
  const role = input.role as Role;
  if (role === 'officer' && !input.unitCode) throw new AdminAccountError('Tài khoản cán bộ đơn vị cần --unit MÃ / an officer account needs --unit CODE');
  if (role !== 'officer' && input.unitCode) throw new AdminAccountError('Chỉ tài khoản officer gắn với đơn vị / only officer accounts take --unit');
  checkPassword(input.password);
  let unit: { code: string; name: string; path: string } | null = null;
  if (input.unitCode) {
    unit =
      (await db
        .selectFrom('units')
        .select(['code', 'name', 'path'])
        .where(sql<string>`lower(code)`, '=', input.unitCode.toLowerCase())
        .executeTakeFirst()) ?? null;
    if (!unit) throw new AdminAccountError(unknownUnitText(input.unitCode));
  }
  if (await db.selectFrom('admin_users').select('id').where('username', '=', username).executeTakeFirst()) {
    throw new AdminAccountError(`Tên đăng nhập ${username} đã có / user ${username} already exists`);
  }
  const passwordHash = await argon2.hash(input.password, { type: argon2.argon2id });
  const user = await db
    .insertInto('admin_users')
    .values({ username, password_hash: passwordHash, role, unit_code: unit?.code ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: user.id, username, role, unitCode: unit?.code ?? null, unitName: unit?.name ?? null, unitPath: unit?.path ?? null };
}

/** `admin password`: a new password; every session of the account ends. */
export async function setAdminPassword(db: Db, rawName: string, password: string): Promise<void> {
  const username = normalizeUsername(rawName);
  checkPassword(password);
  const id = await userIdOf(db, username);
  const passwordHash = await argon2.hash(password, { type: argon2.argon2id });
  await updateEndingSessions(db, id, { password_hash: passwordHash });
}

/** `admin disable|enable`: a disabled account cannot sign in, and its sessions end at once. */
export async function setAdminDisabled(db: Db, rawName: string, disabled: boolean, now = new Date()): Promise<void> {
  const username = normalizeUsername(rawName);
  const id = await userIdOf(db, username);
  await updateEndingSessions(db, id, { disabled_at: disabled ? now : null });
}

function checkPassword(password: string): void {
  if ([...password].length < MIN_PASSWORD) {
    throw new AdminAccountError(`Mật khẩu cần ít nhất ${MIN_PASSWORD} ký tự / the password needs at least ${MIN_PASSWORD} characters`);
  }
}

async function userIdOf(db: Db, username: string): Promise<number> {
  const user = await db.selectFrom('admin_users').select('id').where('username', '=', username).executeTakeFirst();
  if (!user) throw new AdminAccountError(`Không có tài khoản ${username} / no account ${username}`);
  return user.id;
}

/** Changes the account and ends every session of it, together. */
async function updateEndingSessions(db: Db, id: number, set: Updateable<DB['admin_users']>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('admin_users').set(set).where('id', '=', id).execute();
    await tx.deleteFrom('admin_sessions').where('user_id', '=', id).execute();
  });
}

/** The account behind a session, or null when it has been disabled or removed since. */
export async function identityOf(db: Db, userId: number): Promise<AdminIdentity | null> {
  const user = await db
    .selectFrom('admin_users as a')
    .leftJoin('units as u', 'u.code', 'a.unit_code')
    .select(['a.id', 'a.username', 'a.role', 'a.unit_code', 'a.disabled_at', 'u.name as unit_name', 'u.path as unit_path'])
    .where('a.id', '=', userId)
    .executeTakeFirst();
  if (!user || user.disabled_at) return null;
  return {
    id: user.id,
    username: user.username,
    role: user.role as Role,
    unitCode: user.unit_code,
    unitName: user.unit_name,
    unitPath: user.unit_path,
  };
}

/**
 * When sign-in for this user name is locked, or null: five wrong passwords within 15 minutes lock
 * it for 15 minutes from the fifth. Attempts during a lock are refused unchecked and not recorded,
 * so the lock does not extend itself. Names that do not exist are counted the same way, so the
 * answer says nothing about which accounts exist.
 */
async function signInLockedUntil(db: Db, username: string, now: Date): Promise<Date | null> {
  const wrong = await db
    .selectFrom('admin_login_attempts')
    .select('created_at')
    .where('username', '=', username)
    .where('success', '=', false)
    .where('created_at', '>=', new Date(now.getTime() - WINDOW_MS - LOCK_MS))
    .where('created_at', '<=', now)
    .orderBy('created_at', 'asc')
    .execute();
  return lockEnd(
    wrong.map((w) => w.created_at.getTime()),
    now,
    { maxWrong: MAX_WRONG, windowMs: WINDOW_MS, lockMs: LOCK_MS },
  );
}

export type SignIn =
  | { ok: true; identity: AdminIdentity }
  | { ok: false; reason: 'wrong'; attemptsLeft: number }
  | { ok: false; reason: 'locked'; until: Date };

// Verified against when the name is unknown, so a wrong name costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;

/** Checks a user name and password, with the lockout; records the attempt. */
export async function signIn(db: Db, rawName: string, password: string, ip: string | null, now = new Date()): Promise<SignIn> {
  const username = normalizeUsername(rawName).slice(0, 64);
  const locked = await signInLockedUntil(db, username, now);
  if (locked) return { ok: false, reason: 'locked', until: locked };
  const user = await db
    .selectFrom('admin_users')
    .select(['id', 'password_hash', 'disabled_at'])
    .where('username', '=', username)
    .executeTakeFirst();
  dummyHash ??= argon2.hash('không phải mật khẩu nào cả', { type: argon2.argon2id });
  const hash = user && !user.disabled_at ? user.password_hash : await dummyHash;
  const good = (await argon2.verify(hash, password.slice(0, 1024)).catch(() => false)) && !!user && !user.disabled_at;
  await db.insertInto('admin_login_attempts').values({ username, ip, success: good, created_at: now }).execute();
  if (!good || !user) {
    const until = await signInLockedUntil(db, username, now);
    if (until) return { ok: false, reason: 'locked', until };
    const { n } = await db
      .selectFrom('admin_login_attempts')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('username', '=', username)
      .where('success', '=', false)
      .where('created_at', '>', new Date(now.getTime() - WINDOW_MS))
      .where('created_at', '<=', now)
      .executeTakeFirstOrThrow();
    return { ok: false, reason: 'wrong', attemptsLeft: Math.max(0, MAX_WRONG - Number(n)) };
  }
  await db.updateTable('admin_users').set({ last_login_at: now }).where('id', '=', user.id).execute();
  const identity = await identityOf(db, user.id);
  return identity ? { ok: true, identity } : { ok: false, reason: 'wrong', attemptsLeft: 0 };
}

/** The unit-subtree rule: an officer account reaches its unit and the units below it, nothing else. */
export function reachesUnit(who: AdminIdentity, unit: { path: string }): boolean {
  return who.role === 'officer' && who.unitPath !== null && unit.path.startsWith(who.unitPath);
}

/** Which console sections a role opens. */
export function canSee(who: AdminIdentity, section: 'inbox' | 'guides' | 'officers' | 'figures'): boolean {
  if (section === 'officers' || section === 'figures') return who.role === 'officer';
  return who.role === 'editor' || who.role === 'support';
}
