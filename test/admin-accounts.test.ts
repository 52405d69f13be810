import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AdminAccountError, createAdminUser, LOCK_MS, reachesUnit, setAdminDisabled, setAdminPassword, signIn } from '../src/admin/accounts.ts';
import { ATTEMPTS_KEPT_MS, pruneSessions, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, sessionSecret, sessionStorage } from '../src/admin/sessions.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { countOf, insertUnits } from './helpers/rows.ts';

describe('console accounts, sign-in lockout and sessions', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await db.reset();
    await insertUnits(db.kysely, [
      { code: 'TINH', name: 'Tỉnh', path: '/TINH/' },
      { code: 'SYT', name: 'Sở Y tế', parent_code: 'TINH', path: '/TINH/SYT/' },
      { code: 'XA', name: 'Xã An Phú', parent_code: 'TINH', path: '/TINH/XA/' },
    ]);
  });

  it('admin create refuses a bad name, role, short password, unknown unit, unit on a non-officer, and a duplicate', async () => {
    const ok = { username: 'lan', password: 'một-mật-khẩu-dài', role: 'editor' };
    const refused = async (input: Parameters<typeof createAdminUser>[1], said: RegExp) =>
      expect(createAdminUser(db.kysely, input)).rejects.toThrow(said);
    await refused({ ...ok, username: 'L' }, /Tên đăng nhập/);
    await refused({ ...ok, role: 'admin' }, /Vai trò/);
    await refused({ ...ok, password: 'ngắn' }, /ít nhất 10/);
    await refused({ ...ok, role: 'officer' }, /cần --unit/);
    await refused({ ...ok, role: 'officer', unitCode: 'KHONGCO' }, /Không có đơn vị/);
    await refused({ ...ok, unitCode: 'SYT' }, /Chỉ tài khoản officer/);
    const who = await createAdminUser(db.kysely, { ...ok, username: 'Lan ' });
    expect(who).toMatchObject({ username: 'lan', role: 'editor', unitCode: null });
    await expect(createAdminUser(db.kysely, ok)).rejects.toBeInstanceOf(AdminAccountError);
    const row = await db.kysely.selectFrom('admin_users').select('password_hash').where('username', '=', 'lan').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(ok.password);
  });

  it('five wrong passwords in 15 minutes lock for 15 minutes; an unknown name is counted the same; the lock then ends', async () => {
    await createAdminUser(db.kysely, { username: 'syt', password: 'mat-khau-so-y-te', role: 'officer', unitCode: 'syt' });
    const t0 = new Date('2026-11-30T01:00:00Z');
    const at = (min: number) => new Date(t0.getTime() + min * 60_000);
    for (let i = 0; i < 4; i++) expect(await signIn(db.kysely, 'syt', 'sai', null, at(i))).toMatchObject({ ok: false, reason: 'wrong', attemptsLeft: 4 - i });
    const fifth = await signIn(db.kysely, 'syt', 'sai', null, at(4));
    expect(fifth).toMatchObject({ ok: false, reason: 'locked' });
    expect(await signIn(db.kysely, 'syt', 'mat-khau-so-y-te', null, at(10))).toMatchObject({ ok: false, reason: 'locked' });
    const after = await signIn(db.kysely, 'SYT', 'mat-khau-so-y-te', null, new Date(at(4).getTime() + LOCK_MS + 1000));
    expect(after.ok).toBe(true);
    if (after.ok) expect(after.identity).toMatchObject({ username: 'syt', unitCode: 'SYT', unitPath: '/TINH/SYT/' });
    for (let i = 0; i < 5; i++) await signIn(db.kysely, 'khong-ai', 'sai', '127.0.0.1', at(i));
    expect(await signIn(db.kysely, 'khong-ai', 'sai', null, at(6))).toMatchObject({ ok: false, reason: 'locked' });
    // Attempts are kept 30 days for the record, then pruned.
    expect(await countOf(db.kysely.selectFrom('admin_login_attempts'))).toBe(11);
    await pruneSessions(db.kysely, new Date(at(5).getTime() + ATTEMPTS_KEPT_MS));
    expect(await countOf(db.kysely.selectFrom('admin_login_attempts'))).toBe(1);
    await pruneSessions(db.kysely, new Date(at(20).getTime() + ATTEMPTS_KEPT_MS));
    expect(await countOf(db.kysely.selectFrom('admin_login_attempts'))).toBe(0);
  });

  it('a new password replaces the old and ends the sessions; a disabled account cannot sign in until enabled', async () => {
    const who = await createAdminUser(db.kysely, { username: 'hotro', password: 'mat-khau-cu-2026', role: 'support' });
    const store = sessionStorage(db.kysely);
    store.set('s-1', { userId: who.id });
    await store.settled();
    await expect(setAdminPassword(db.kysely, 'hotro', 'ngắn')).rejects.toThrow(/ít nhất/);
    await expect(setAdminPassword(db.kysely, 'khong-co', 'mat-khau-moi-2026')).rejects.toThrow(/Không có tài khoản/);
    await setAdminPassword(db.kysely, 'HOTRO', 'mat-khau-moi-2026');
    expect(await store.get('s-1')).toBeNull();
    expect((await signIn(db.kysely, 'hotro', 'mat-khau-cu-2026', null)).ok).toBe(false);
    expect((await signIn(db.kysely, 'hotro', 'mat-khau-moi-2026', null)).ok).toBe(true);
    store.set('s-2', { userId: who.id });
    await store.settled();
    await setAdminDisabled(db.kysely, 'hotro', true);
    expect(await store.get('s-2')).toBeNull();
    expect((await signIn(db.kysely, 'hotro', 'mat-khau-moi-2026', null)).ok).toBe(false);
    await setAdminDisabled(db.kysely, 'hotro', false);
    expect((await signIn(db.kysely, 'hotro', 'mat-khau-moi-2026', null)).ok).toBe(true);
  });

  it('the unit-subtree rule: an officer account reaches its unit and below, nothing beside or above', async () => {
    const who = await createAdminUser(db.kysely, { username: 'syt', password: 'mat-khau-so-y-te', role: 'officer', unitCode: 'SYT' });
    expect(reachesUnit(who, { path: '/TINH/SYT/' })).toBe(true);
    expect(reachesUnit(who, { path: '/TINH/SYT/NV1/' })).toBe(true);
    expect(reachesUnit(who, { path: '/TINH/' })).toBe(false);
    expect(reachesUnit(who, { path: '/TINH/XA/' })).toBe(false);
    const editor = await createAdminUser(db.kysely, { username: 'bientap', password: 'mat-khau-bien-tap', role: 'editor' });
    expect(reachesUnit(editor, { path: '/TINH/SYT/' })).toBe(false);
  });

  it('sessions are stored hashed, end after 2 idle hours or 8 hours, and the cookie key is kept', async () => {
    const user = await createAdminUser(db.kysely, { username: 'bientap', password: 'mat-khau-bien-tap', role: 'editor' });
    let clock = new Date('2026-11-30T01:00:00Z');
    const store = sessionStorage(db.kysely, () => clock);
    store.set('sid-1', { userId: user.id });
    expect(await store.get('sid-1')).toEqual({ userId: user.id });
    const rows = await db.kysely.selectFrom('admin_sessions').select('id').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).not.toContain('sid-1');
    expect(rows[0]!.id).toMatch(/^[0-9a-f]{64}$/);
    // Active every hour: alive until the absolute end.
    for (let h = 1; h < 8; h++) {
      clock = new Date(Date.parse('2026-11-30T01:00:00Z') + h * 3600_000);
      expect(await store.get('sid-1')).not.toBeNull();
      await store.settled();
    }
    clock = new Date(Date.parse('2026-11-30T01:00:00Z') + SESSION_ABSOLUTE_MS);
    expect(await store.get('sid-1')).toBeNull();
    store.set('sid-2', { userId: user.id });
    await store.settled();
    clock = new Date(clock.getTime() + SESSION_IDLE_MS + 1000);
    expect(await store.get('sid-2')).toBeNull();
    expect(await countOf(db.kysely.selectFrom('admin_sessions'))).toBe(0);
    const key = await sessionSecret(db.kysely);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(await sessionSecret(db.kysely)).toBe(key);
  });
});
