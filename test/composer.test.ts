import { describe, expect, it } from 'vitest';
import { Composer, needsDatabase, withoutDatabase } from '../src/core/composer.ts';
import { DB_BUSY } from '../src/core/messages.ts';
import { officer } from '../src/core/officer-guard.ts';
import { PRIVATE_ONLY, privateChat } from '../src/core/private-chat.ts';
import type { ChatState, OfficerIdentity, TurnContext } from '../src/core/skill.ts';
import type { IncomingMessage, Reply } from '../src/core/types.ts';
import { createLogger } from '../src/log.ts';
import { composeSkills, routeOf } from './helpers/skills.ts';

const LAN: OfficerIdentity = { officerId: 1, unitCode: 'SYT', unitName: 'Sở Y tế', displayName: 'Lan' };
const ctxOf = (who: OfficerIdentity | null, data: Record<string, unknown> = {}): TurnContext => {
  const chat: ChatState = { lastTopic: null, lastGuideId: null, mode: 'normal', step: 0, data };
  return { now: new Date(), chat, updateChat: (p) => Object.assign(chat, p), officer: who, log: createLogger('silent') };
};
const msg = (text: string, extra: Partial<IncomingMessage> = {}): IncomingMessage => ({ channel: 'test', chatId: 'c', userId: 'u', text, ...extra });
const says = (text: string) => async (): Promise<Reply> => ({ intent: 'help', text });

describe('composer', () => {
  it('offers a message to the routes in order; next() hands it on', async () => {
    const skills = new Composer()
      .text((t) => t.folded.includes('xin'), withoutDatabase, async (_m, _c, _x, next) => next())
      .text((t) => (t.folded.startsWith('xin') ? t.folded : null), withoutDatabase, async (_m, _c, match) => ({ intent: 'help', text: `second:${match}` }))
      .otherwise(withoutDatabase, says('fallback'));
    expect((await skills.run(msg('Xin chào!'), ctxOf(null), false)).text).toBe('second:xin chao');
    expect((await skills.run(msg('khác'), ctxOf(null), false)).text).toBe('fallback');
  });

  it('gives commands to command routes only: a known command is never read as text, an unknown one is', async () => {
    const skills = new Composer()
      .text(() => true, withoutDatabase, says('text'))
      .command('dangky', withoutDatabase, async (_m, _c, args) => ({ intent: 'enroll', text: `code:${args}` }));
    expect((await skills.run(msg('/DangKy@tro_ly_bot  AB12 '), ctxOf(null), false)).text).toBe('code:AB12');
    expect((await skills.run(msg('/khac AB12'), ctxOf(null), false)).text).toBe('text');
  });

  it('needs the database unless a route says otherwise, so a skill added later cannot forget it', async () => {
    const skills = new Composer().text(() => true, says('added later')).otherwise(withoutDatabase, says('guides'));
    expect(await skills.run(msg('hỏi'), ctxOf(null), true)).toMatchObject({ text: DB_BUSY, failure: 'database' });
    expect((await skills.run(msg('', { callbackData: 'x' }), ctxOf(null), true)).text).toBe('guides');
  });

  it('runs guards in the order given, and the officer guard keeps unit matters out of groups for any skill', async () => {
    // A new officer skill that declares no privacy guard: the officer guard refuses in a group anyway.
    const skills = new Composer()
      .text(() => true, needsDatabase, officer(says('figures')))
      .callback('x:', privateChat, needsDatabase, officer(says('button')))
      .otherwise(withoutDatabase, says('guides'));
    expect((await skills.run(msg('q'), ctxOf(LAN), false)).text).toBe('figures');
    expect((await skills.run(msg('q', { isGroup: true }), ctxOf(LAN), false)).text).toBe(PRIVATE_ONLY);
    // Citizens pass on to the next route, in a group too.
    expect((await skills.run(msg('q', { isGroup: true }), ctxOf(null), false)).text).toBe('guides');
    // privateChat first: a group is refused before the database or the sender is looked at.
    expect((await skills.run(msg('', { callbackData: 'x:1', isGroup: true }), ctxOf(null), true)).text).toBe(PRIVATE_ONLY);
    expect((await skills.run(msg('', { callbackData: 'x:1' }), ctxOf(null), true)).text).toBe(DB_BUSY);
    expect((await skills.run(msg('', { callbackData: 'x:1' }), ctxOf(null), false)).text).toBe('guides');
    const told = new Composer().text(() => true, officer(says('x'), { otherwise: { intent: 'officer', text: 'chỉ cho cán bộ' } }));
    expect((await told.run(msg('q'), ctxOf(null), false)).text).toBe('chỉ cho cán bộ');
  });

  it('refuses every officer matter of the app in a group: enrolment, /baocao, figures, charts, reports, buttons, follow-ups', async () => {
    const group = { isGroup: true };
    const last = { figLast: { metrics: ['online_rate'], period: null, unit: 'SYT', at: Date.now() } };
    for (const [text, extra] of [
      ['/dangky AB12CD', group],
      ['đăng ký X7K2-9QPM', group],
      ['/baocao bat', group],
      ['tỷ lệ trực tuyến tháng này', group],
      ['vẽ biểu đồ tỷ lệ đúng hạn 6 tháng', group],
      ['báo cáo nhanh', group],
      ['', { ...group, callbackData: 'fig:p:month' }],
    ] as const) {
      expect((await routeOf(text, extra)).kind, text).toBe('private_only');
      expect((await routeOf(text, { ...extra, isGroup: false })).kind, text).not.toBe('private_only');
    }
    // A follow-up needs the last figure in the chat's state.
    const skills = composeSkills({ guides: { handle: says('guides') }, figures: { handle: says('figures') } });
    expect((await skills.run(msg('còn tháng trước thì sao'), ctxOf(LAN, last), false)).text).toBe('figures');
    expect((await skills.run(msg('còn tháng trước thì sao', group), ctxOf(LAN, last), false)).text).toBe(PRIVATE_ONLY);
  });
});
