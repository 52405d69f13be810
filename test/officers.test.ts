import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { ChatStore } from '../src/core/chats.ts';
import { createCore } from '../src/core/handle.ts';
import type { Skill, TurnContext } from '../src/core/skill.ts';
import type { IncomingMessage } from '../src/core/types.ts';
import { createLogger } from '../src/log.ts';
import { listOfficers, revokeOfficer } from '../src/officers/admin.ts';
import { createOfficerDirectory } from '../src/officers/directory.ts';
import { createEnrollSkill } from '../src/officers/enroll-skill.ts';
import { CODE_ALPHABET, createInvite, generateCode, hashCode, OfficerAdminError } from '../src/officers/invites.ts';
import { createReportToggleSkill } from '../src/officers/report-toggle-skill.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { composeSkills } from './helpers/skills.ts';

const T0 = new Date('2025-11-20T02:00:00Z'); // 09:00 in Vietnam
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe('invite codes', () => {
  it('are 8 typable characters with a digit and no 0/O/1/I', () => {
    for (let i = 0; i < 300; i++) {
      const c = generateCode();
      expect(c).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      expect(c).toMatch(/\d/);
      expect(c).not.toMatch(/[01OI]/);
    }
    expect(CODE_ALPHABET).not.toMatch(/[01OI]/);
    expect(hashCode('k7qf m2xp')).toBe(hashCode('K7QF-M2XP'));
  });
});

describe('officers', () => {
  let db: TestDatabase;
  let core: ReturnType<typeof createCore>;
  let deps: AppDeps;
  const log = createLogger('silent');

  // Stands in for the figure skill: says whose figures it would show.
  const figures: Skill = { handle: async (_m, ctx) => ({ intent: 'officer', text: `figures:${ctx.officer?.unitCode}` }) };
  const guides: Skill = { handle: async () => ({ intent: 'guide', text: 'guide' }) };

  const send = (text: string, now: Date, user = 'u1', displayName = 'Nguyễn Văn A') =>
    core.handle({ channel: 'telegram', chatId: `c-${user}`, userId: user, displayName, text, now } satisfies IncomingMessage);

  beforeAll(async () => {
    db = await createTestDatabase();
    deps = { config: loadConfig({}), db, log };
    core = createCore({
      chats: new ChatStore(db.kysely),
      officers: createOfficerDirectory(db.kysely),
      log,
      skills: composeSkills({ guides, figures, enroll: createEnrollSkill(deps), reports: createReportToggleSkill(deps) }),
    });
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await db.reset();
    await db.sql.exec(`INSERT INTO units (code, name, parent_code, path, updated_at) VALUES
      ('SYT', 'Sở Y tế', NULL, '/SYT/', now()),
      ('SYT.NV1', 'Phòng Nghiệp vụ 1', 'SYT', '/SYT/SYT.NV1/', now()),
      ('XA1', 'UBND xã Một', NULL, '/XA1/', now())`);
  });

  it('stores only the hash of an invite, and a code enrolls once', async () => {
    const invite = await createInvite(db.kysely, 'SYT.NV1', 7, T0);
    expect(invite.expiresAt.toISOString()).toBe(at(7 * 24 * 60).toISOString());
    const stored = await db.sql.query<Record<string, unknown>>('SELECT * FROM invite_codes');
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(invite.code);
    expect(JSON.stringify(stored)).not.toContain(invite.code.replace('-', ''));
    expect(stored[0]!.code_hash).toBe(hashCode(invite.code));

    expect((await send('tỷ lệ trực tuyến tháng này', at(1))).text).toBe('guide');
    const ok = await send(`/dangky ${invite.code.toLowerCase()}`, at(2));
    expect(ok.intent).toBe('enroll');
    expect(ok.text).toContain('Đăng ký thành công');
    expect(ok.text).toContain('Phòng Nghiệp vụ 1');
    expect(ok.text).toContain('tỷ lệ trực tuyến tháng này');
    expect((await send('tỷ lệ trực tuyến tháng này', at(3))).text).toBe('figures:SYT.NV1');
    const officers = await listOfficers(db.kysely);
    expect(officers).toMatchObject([{ displayName: 'Nguyễn Văn A', unitCode: 'SYT.NV1', accounts: [{ channel: 'telegram', userId: 'u1' }] }]);

    // Same person again: told they are enrolled. Someone else: the code is spent.
    expect((await send(`/dangky ${invite.code}`, at(4))).text).toContain('đã đăng ký');
    const other = await send(`đăng ký ${invite.code}`, at(5), 'u2');
    expect(other.text).toContain('đã được sử dụng');
    expect((await send('tỷ lệ trực tuyến tháng này', at(6), 'u2')).text).toBe('guide');
  });

  it('refuses an expired code', async () => {
    const invite = await createInvite(db.kysely, 'SYT', 1, T0);
    const r = await send(`/dangky ${invite.code}`, at(24 * 60 + 1));
    expect(r.text).toContain('hết hạn');
    expect(await listOfficers(db.kysely)).toEqual([]);
  });

  it('locks an account out for an hour after 5 wrong codes in an hour', async () => {
    const invite = await createInvite(db.kysely, 'SYT', 7, T0);
    for (let i = 0; i < 4; i++) {
      const r = await send('/dangky ABCD-EFGH', at(i * 10));
      expect(r.text).toContain('không đúng');
      expect(r.text).toContain(`còn ${4 - i} lần`);
    }
    const fifth = await send('/dangky ABCD-EFG2', at(40));
    expect(fifth.text).toContain('thử lại sau 10:40 ngày 20/11/2025');
    // Locked: even the right code is refused, and another account is not affected.
    const locked = await send(`/dangky ${invite.code}`, at(70));
    expect(locked.text).toContain('thử lại sau 10:40 ngày 20/11/2025');
    expect(await listOfficers(db.kysely)).toEqual([]);
    expect((await send('/dangky ABCD-EFGH', at(71), 'u2')).text).toContain('còn 4 lần');
    // An hour after the fifth wrong code the right one works.
    expect((await send(`/dangky ${invite.code}`, at(100))).text).toContain('Đăng ký thành công');
  });

  it('wrong codes spread over more than an hour do not lock', async () => {
    for (let i = 0; i < 8; i++) expect((await send('/dangky ABCD-EFGH', at(i * 20))).text).toContain('không đúng');
    const invite = await createInvite(db.kysely, 'SYT', 7, T0);
    // At minute 160 the last hour holds 3 wrong codes (100, 120, 140): not locked.
    expect((await send(`/dangky ${invite.code}`, at(160))).text).toContain('Đăng ký thành công');
  });

  it('re-enrolling with a code of another unit moves the account', async () => {
    const a = await createInvite(db.kysely, 'SYT.NV1', 7, T0);
    const b = await createInvite(db.kysely, 'XA1', 7, T0);
    await send(`/dangky ${a.code}`, at(1));
    const moved = await send(`/dangky ${b.code}`, at(2));
    expect(moved.text).toContain('UBND xã Một');
    expect(moved.text).toContain('chuyển từ Phòng Nghiệp vụ 1');
    expect((await send('hồ sơ trễ hạn hôm nay', at(3))).text).toBe('figures:XA1');
    expect((await listOfficers(db.kysely)).map((o) => o.unitCode)).toEqual(['XA1']);
  });

  it('revoke removes access; list filters by subtree', async () => {
    const a = await createInvite(db.kysely, 'SYT.NV1', 7, T0);
    const b = await createInvite(db.kysely, 'XA1', 7, T0);
    await send(`/dangky ${a.code}`, at(1), 'u1');
    await send(`/dangky ${b.code}`, at(1), 'u2', 'Trần Thị B');
    expect((await listOfficers(db.kysely, { unitCode: 'SYT' })).map((o) => o.displayName)).toEqual(['Nguyễn Văn A']);
    const [officer] = await listOfficers(db.kysely, { unitCode: 'SYT.NV1' });
    const revoked = await revokeOfficer(db.kysely, officer!.id, at(2));
    expect(revoked.revokedAt?.toISOString()).toBe(at(2).toISOString());
    expect((await send('tỷ lệ trực tuyến tháng này', at(3), 'u1')).text).toBe('guide');
    expect((await send('tỷ lệ trực tuyến tháng này', at(3), 'u2')).text).toBe('figures:XA1');
    await expect(revokeOfficer(db.kysely, officer!.id)).rejects.toThrow(OfficerAdminError);
    await expect(revokeOfficer(db.kysely, 999)).rejects.toThrow('999');
    await expect(createInvite(db.kysely, 'NOPE', 7)).rejects.toThrow('NOPE');
    await expect(createInvite(db.kysely, 'SYT', 0)).rejects.toThrow(OfficerAdminError);
    // A new invite lets the revoked person back in.
    const again = await createInvite(db.kysely, 'SYT.NV1', 7, T0);
    expect((await send(`/dangky ${again.code}`, at(4), 'u1')).text).toContain('Đăng ký thành công');
    expect((await send('tỷ lệ trực tuyến tháng này', at(5), 'u1')).text).toBe('figures:SYT.NV1');
  });

  it('/baocao toggles the daily report for officers only', async () => {
    const citizen = await send('/baocao bat', at(0), 'u9');
    expect(citizen.text).toContain('dành cho cán bộ');
    const invite = await createInvite(db.kysely, 'SYT', 7, T0);
    await send(`/dangky ${invite.code}`, at(1));
    expect((await send('/baocao', at(2))).text).toContain('đang TẮT');
    expect((await send('/baocao bật', at(3))).text).toContain('Đã bật');
    expect((await listOfficers(db.kysely))[0]?.reportEnabled).toBe(true);
    expect((await send('/baocao', at(4))).text).toContain('đang BẬT');
    expect((await send('/baocao tat', at(5))).text).toContain('Đã tắt');
    expect((await listOfficers(db.kysely))[0]?.reportEnabled).toBe(false);
  });

  it('/dangky without a code explains how to enroll', async () => {
    const r = await createEnrollSkill(deps).handle({ channel: 'test', chatId: 'c', userId: 'u', text: '/dangky' }, { now: T0 } as TurnContext, '', () => {
      throw new Error('enrolment passes nothing on');
    });
    expect(r.text).toContain('/dangky K7QF-M2XP');
  });
});
