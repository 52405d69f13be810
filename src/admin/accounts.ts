import argon2 from 'argon2';
import type { PrismaClient } from '../store/db.ts';

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

export function normalizeUsername(name: string): string {
  return name.trim().toLowerCase();
}

/** `admin create`: a new console account. Officer accounts need a unit that exists. */
export async function createAdminUser(
  prisma: PrismaClient,
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
  if ([...input.password].length < MIN_PASSWORD) {
    throw new AdminAccountError(`Mật khẩu cần ít nhất ${MIN_PASSWORD} ký tự / the password needs at least ${MIN_PASSWORD} characters`);
  }
  let unit: { code: string; name: string; path: string } | null = null;
  if (input.unitCode) {
    unit = await prisma.unit.findFirst({ where: { code: { equals: input.unitCode, mode: 'insensitive' } } });
    if (!unit) throw new AdminAccountError(`Không có đơn vị mã ${input.unitCode} / unknown unit ${input.unitCode}`);
  }
  if (await prisma.adminUser.findUnique({ where: { username } })) {
    throw new AdminAccountError(`Tên đăng nhập ${username} đã có / user ${username} already exists`);
  }
  const passwordHash = await argon2.hash(input.password, { type: argon2.argon2id });
  const user = await prisma.adminUser.create({ data: { username, passwordHash, role, unitCode: unit?.code ?? null } });
  return { id: user.id, username, role, unitCode: unit?.code ?? null, unitName: unit?.name ?? null, unitPath: unit?.path ?? null };
}

/** `admin password`: a new password; every session of the account ends. */
export async function setAdminPassword(prisma: PrismaClient, rawName: string, password: string): Promise<void> {
  const username = normalizeUsername(rawName);
  if ([...password].length < MIN_PASSWORD) {
    throw new AdminAccountError(`Mật khẩu cần ít nhất ${MIN_PASSWORD} ký tự / the password needs at least ${MIN_PASSWORD} characters`);
  }
  const user = await prisma.adminUser.findUnique({ where: { username } });
  if (!user) throw new AdminAccountError(`Không có tài khoản ${username} / no account ${username}`);
  const passwordHash = await argon2.hash(password, { type: argon2.argon2id });
  await prisma.$transaction([
    prisma.adminUser.update({ where: { id: user.id }, data: { passwordHash } }),
    prisma.adminSession.deleteMany({ where: { userId: user.id } }),
  ]);
}

/** `admin disable|enable`: a disabled account cannot sign in, and its sessions end at once. */
export async function setAdminDisabled(prisma: PrismaClient, rawName: string, disabled: boolean, now = new Date()): Promise<void> {
  const username = normalizeUsername(rawName);
  const user = await prisma.adminUser.findUnique({ where: { username } });
  if (!user) throw new AdminAccountError(`Không có tài khoản ${username} / no account ${username}`);
  await prisma.$transaction([
    prisma.adminUser.update({ where: { id: user.id }, data: { disabledAt: disabled ? now : null } }),
    prisma.adminSession.deleteMany({ where: { userId: user.id } }),
  ]);
}

/** The account behind a session, or null when it has been disabled or removed since. */
export async function identityOf(prisma: PrismaClient, userId: number): Promise<AdminIdentity | null> {
  const user = await prisma.adminUser.findUnique({ where: { id: userId } });
  if (!user || user.disabledAt) return null;
  const unit = user.unitCode ? await prisma.unit.findUnique({ where: { code: user.unitCode } }) : null;
  return {
    id: user.id,
    username: user.username,
    role: user.role as Role,
    unitCode: user.unitCode,
    unitName: unit?.name ?? null,
    unitPath: unit?.path ?? null,
  };
}

/**
 * When sign-in for this user name is locked, or null: five wrong passwords within 15 minutes lock
 * it for 15 minutes from the fifth. Attempts during a lock are refused unchecked and not recorded,
 * so the lock does not extend itself. Names that do not exist are counted the same way, so the
 * answer says nothing about which accounts exist.
 */
export async function signInLockedUntil(prisma: PrismaClient, username: string, now: Date): Promise<Date | null> {
  const wrong = await prisma.adminLoginAttempt.findMany({
    where: { username, success: false, createdAt: { gte: new Date(now.getTime() - WINDOW_MS - LOCK_MS), lte: now } },
    orderBy: { createdAt: 'asc' },
    select: { createdAt: true },
  });
  const times = wrong.map((w) => w.createdAt.getTime());
  let until: number | null = null;
  for (let i = MAX_WRONG - 1; i < times.length; i++) {
    if (times[i]! - times[i - MAX_WRONG + 1]! < WINDOW_MS) until = times[i]! + LOCK_MS;
  }
  return until !== null && until > now.getTime() ? new Date(until) : null;
}

export type SignIn =
  | { ok: true; identity: AdminIdentity }
  | { ok: false; reason: 'wrong'; attemptsLeft: number }
  | { ok: false; reason: 'locked'; until: Date };

// Verified against when the name is unknown, so a wrong name costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;

/** Checks a user name and password, with the lockout; records the attempt. */
export async function signIn(prisma: PrismaClient, rawName: string, password: string, ip: string | null, now = new Date()): Promise<SignIn> {
  const username = normalizeUsername(rawName).slice(0, 64);
  const locked = await signInLockedUntil(prisma, username, now);
  if (locked) return { ok: false, reason: 'locked', until: locked };
  const user = await prisma.adminUser.findUnique({ where: { username } });
  dummyHash ??= argon2.hash('không phải mật khẩu nào cả', { type: argon2.argon2id });
  const hash = user && !user.disabledAt ? user.passwordHash : await dummyHash;
  const good = (await argon2.verify(hash, password.slice(0, 1024)).catch(() => false)) && !!user && !user.disabledAt;
  await prisma.adminLoginAttempt.create({ data: { username, ip, success: good, createdAt: now } });
  if (!good || !user) {
    const until = await signInLockedUntil(prisma, username, now);
    if (until) return { ok: false, reason: 'locked', until };
    const n = await prisma.adminLoginAttempt.count({
      where: { username, success: false, createdAt: { gt: new Date(now.getTime() - WINDOW_MS), lte: now } },
    });
    return { ok: false, reason: 'wrong', attemptsLeft: Math.max(0, MAX_WRONG - n) };
  }
  await prisma.adminUser.update({ where: { id: user.id }, data: { lastLoginAt: now } });
  const identity = await identityOf(prisma, user.id);
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
