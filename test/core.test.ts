import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChatStore } from '../src/core/chats.ts';
import { createFeedbackSkill, feedbackRoutes } from '../src/core/feedback-skill.ts';
import { createCore, MAX_QUESTION_CHARS } from '../src/core/handle.ts';
import { DB_BUSY } from '../src/core/messages.ts';
import type { Skill, TurnContext } from '../src/core/skill.ts';
import type { IncomingMessage, Reply } from '../src/core/types.ts';
import { createLogger } from '../src/log.ts';
import { createOfficerDirectory } from '../src/officers/directory.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { composeSkills, routeOf } from './helpers/skills.ts';
import { countOf, insertOfficer, insertUnits } from './helpers/rows.ts';

describe('router', () => {
  it.each([
    ['/start', 'start'],
    ['/help', 'help'],
    ['/huy', 'cancel'],
    ['/dangky AB12CD', 'enroll'],
    ['đăng ký X7K2-9QPM', 'enroll'],
    ['dang ky ab12cd', 'enroll'],
    ['đăng ký tài khoản VNeID', 'guide'],
    ['dang ky dinh danh muc 2', 'guide'],
    ['/baocao bat', 'report_toggle'],
    ['xin chào', 'smalltalk'],
    ['Cảm ơn!', 'smalltalk'],
    ['giúp em với ạ', 'smalltalk'],
    ['giup voi', 'smalltalk'],
    ['cho hỏi chút', 'smalltalk'],
    ['cho em hỏi vneid', 'guide'],
    ['giúp tôi làm căn cước với', 'guide'],
    ['tỷ lệ trực tuyến tháng này', 'officer'],
    ['ty le thanh toan truc tuyen quy 3', 'officer'],
    ['báo cáo nhanh', 'officer'],
    ['điểm bộ chỉ số 766', 'officer'],
    ['hồ sơ trễ hạn hôm nay', 'officer'],
    ['nộp hồ sơ trực tuyến thế nào', 'guide'],
  ])('%s → %s', async (text, kind) => {
    expect((await routeOf(text)).kind).toBe(kind);
  });

  it('reads the /baocao argument', async () => {
    expect(await routeOf('/baocao tắt')).toEqual({ kind: 'report_toggle', match: false });
    expect(await routeOf('/baocao')).toEqual({ kind: 'report_toggle', match: null });
  });
});

describe('core handle', () => {
  let db: TestDatabase;
  const seen: { skill: string; message: IncomingMessage; match?: unknown }[] = [];
  const recording = (skill: string) => ({
    async handle(message: IncomingMessage, ctx: TurnContext, match?: unknown): Promise<Reply> {
      seen.push(match === undefined ? { skill, message } : { skill, message, match });
      if (message.text === 'boom') throw new Error('boom');
      if (skill === 'guides' && message.callbackData !== 'topic:vneid') {
        ctx.updateChat({ lastTopic: 'vneid', data: { ...ctx.chat.data, lastQuestion: message.text } });
        return {
          intent: 'guide',
          text: 'Chọn chủ đề',
          buttons: [[{ label: 'VNeID', data: 'topic:vneid' }], [{ label: 'Nộp hồ sơ', data: 'topic:submit_online' }]],
        };
      }
      return { intent: skill === 'figures' ? 'officer' : 'guide', text: `${skill}:${message.callbackData ?? message.text}` };
    },
  });

  let core: ReturnType<typeof createCore>;
  beforeAll(async () => {
    db = await createTestDatabase();
    core = createCore({
      chats: new ChatStore(db.kysely),
      officers: createOfficerDirectory(db.kysely),
      log: createLogger('silent'),
      skills: composeSkills({
        guides: recording('guides'),
        figures: recording('figures'),
        enroll: recording('enroll'),
        reports: recording('reports'),
        feedback: feedbackRoutes(createFeedbackSkill(db.kysely)),
      }),
    });
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    seen.length = 0;
    await db.reset();
  });

  const msg = (text: string, extra: Partial<IncomingMessage> = {}): IncomingMessage => ({
    channel: 'test',
    chatId: 'c1',
    userId: 'u1',
    text,
    ...extra,
  });

  it('keeps chat state and maps a bare digit to the numbered choice', async () => {
    await core.handle(msg('vneid'));
    const chat = await db.kysely
      .selectFrom('chats')
      .select('last_topic')
      .where('channel', '=', 'test')
      .where('chat_id', '=', 'c1')
      .executeTakeFirst();
    expect(chat?.last_topic).toBe('vneid');
    const reply = await core.handle(msg('1'));
    expect(reply.text).toBe('guides:topic:vneid');
  });

  it('gives figures only to enrolled officers; citizens get guidance', async () => {
    await core.handle(msg('tỷ lệ trực tuyến tháng này'));
    expect(seen.at(-1)?.skill).toBe('guides');
    await insertUnits(db.kysely, [{ code: 'SYT', name: 'Sở Y tế', path: '/SYT/' }]);
    await insertOfficer(db.kysely, { unit_code: 'SYT', display_name: 'Lan' }, [{ channel: 'test', user_id: 'u1', chat_id: 'c1' }]);
    await core.handle(msg('tỷ lệ trực tuyến tháng này'));
    expect(seen.at(-1)?.skill).toBe('figures');
    await db.kysely.updateTable('officers').set({ revoked_at: new Date() }).execute();
    await core.handle(msg('tỷ lệ trực tuyến tháng này'));
    expect(seen.at(-1)?.skill).toBe('guides');
  });

  it('normalises to NFC and cuts questions over MAX_QUESTION_CHARS characters with a note', async () => {
    const decomposed = 'Đăng ký'.normalize('NFD');
    await core.handle(msg(decomposed));
    expect(seen.at(-1)?.message.text).toBe('Đăng ký'.normalize('NFC'));
    // A real letter of 1,450 characters is read whole.
    await core.handle(msg(`hỏi ${'a'.repeat(1450)}`));
    expect(seen.at(-1)?.message.text).toHaveLength(1454);
    const reply = await core.handle(msg(`hỏi ${'a'.repeat(MAX_QUESTION_CHARS + 500)}`));
    expect(seen.at(-1)?.message.text).toHaveLength(MAX_QUESTION_CHARS);
    expect(reply.text).toMatch(new RegExp(`dài hơn ${MAX_QUESTION_CHARS} ký tự .*gửi riêng câu hỏi`));
  });

  it('records 👍/👎 feedback only for a guide answered in that chat', async () => {
    // Nothing answered yet, an unknown verdict, another chat's guide: nothing stored.
    for (const data of ['fb:down:vneid-level2', 'fb:maybe:vneid-level2', 'fb:up:'])
      expect((await core.handle(msg('', { callbackData: data }))).text).toMatch(/không khớp/);
    expect(await countOf(db.kysely.selectFrom('feedback'))).toBe(0);
    await db.kysely
      .insertInto('chats')
      .values({ channel: 'test', chat_id: 'c1', state: JSON.stringify({ answeredGuides: ['vneid-level2', 'nop-ho-so'] }), updated_at: new Date() })
      .execute();
    const reply = await core.handle(msg('', { callbackData: 'fb:down:vneid-level2' }));
    expect(reply.intent).toBe('feedback');
    expect((await core.handle(msg('', { callbackData: 'fb:up:vneid-level2', chatId: 'c2' }))).text).toMatch(/không khớp/);
    const rows = await db.kysely.selectFrom('feedback').selectAll().execute();
    expect(rows).toMatchObject([{ helpful: false, guide_id: 'vneid-level2', channel: 'test' }]);
  });

  it('remembers the guides it answered in a chat', async () => {
    const answering: Skill = {
      async handle(message) {
        return {
          intent: 'guide',
          text: 'x',
          sources: [{ id: `g-${message.text}`, title: 't', topic: 'other', url: 'https://dichvucong.gov.vn' }],
        };
      },
    };
    const c = createCore({
      chats: new ChatStore(db.kysely),
      officers: createOfficerDirectory(db.kysely),
      log: createLogger('silent'),
      skills: composeSkills({
        guides: answering,
        figures: answering,
        enroll: answering,
        reports: answering,
        feedback: feedbackRoutes(createFeedbackSkill(db.kysely)),
      }),
    });
    for (const q of ['a', 'b', 'a']) await c.handle(msg(q));
    expect((await c.handle(msg('', { callbackData: 'fb:up:g-b' }))).text).not.toMatch(/không khớp/);
    expect((await c.handle(msg('', { callbackData: 'fb:up:g-zzz' }))).text).toMatch(/không khớp/);
    expect(await countOf(db.kysely.selectFrom('feedback'))).toBe(1);
  });

  it('turns a failure into a polite Vietnamese reply', async () => {
    const reply = await core.handle(msg('boom'));
    expect(reply.text).toMatch(/Xin lỗi, hệ thống đang gặp sự cố/);
    expect(reply.text).toContain('1800 1096');
  });

  it('sends a pressed figure choice to the figure skill for officers only', async () => {
    await core.handle(msg('', { callbackData: 'fig:p:month' }));
    expect(seen.at(-1)?.skill).toBe('guides');
    await insertUnits(db.kysely, [{ code: 'SYT', name: 'Sở Y tế', path: '/SYT/' }]);
    await insertOfficer(db.kysely, { unit_code: 'SYT', display_name: 'Lan' }, [{ channel: 'test', user_id: 'u1', chat_id: 'c1' }]);
    await core.handle(msg('', { callbackData: 'fig:p:month' }));
    expect(seen.at(-1)).toMatchObject({ skill: 'figures', message: { callbackData: 'fig:p:month' } });
  });

  it('keeps the state of each chat apart when many are answered in the same batch', async () => {
    // Loads, officer lookups and saves of messages in flight together share one statement each.
    const chats = Array.from({ length: 30 }, (_, i) => `c${i}`);
    await Promise.all(chats.map((chatId) => core.handle(msg(`vneid ${chatId}`, { chatId, userId: chatId }))));
    const rows = await db.kysely.selectFrom('chats').select(['chat_id', 'state']).where('channel', '=', 'test').execute();
    expect(rows).toHaveLength(30);
    for (const row of rows) expect(row.state).toMatchObject({ lastQuestion: `vneid ${row.chat_id}` });
    // The same chat twice in one batch: both saved without a conflict error, the later one wins.
    const store = new ChatStore(db.kysely);
    const base = { lastTopic: null, lastGuideId: null, mode: 'normal', step: 0 };
    await Promise.all([
      store.save('test', 'twice', { ...base, step: 1, data: { n: 1 } }),
      store.save('test', 'twice', { ...base, step: 2, data: { n: 2 } }),
    ]);
    const [twice, missing] = await Promise.all([store.load('test', 'twice'), store.load('test', 'nobody')]);
    expect(twice).toMatchObject({ step: 2, data: { n: 2 } });
    expect(missing).toEqual({ ...base, data: {} });
  });

  it('a chat cache (embedded database only) hands out copies and keeps only what was saved', async () => {
    const store = new ChatStore(db.kysely, { cacheChats: 2 });
    const base = { lastTopic: null, lastGuideId: null, mode: 'normal', step: 0 };
    await store.save('test', 'a', { ...base, data: { n: 1 } });
    const a = await store.load('test', 'a');
    a.data.n = 99; // what a turn does to its copy does not leak into the cache
    expect((await store.load('test', 'a')).data).toEqual({ n: 1 });
    // A failed save leaves the last saved state in the cache.
    await expect(store.save('test', 'a', { ...base, step: 'x' as never, data: { n: 2 } })).rejects.toThrow();
    expect(await store.load('test', 'a')).toMatchObject({ step: 0, data: { n: 1 } });
    // Least recently used chats leave the cache and are read from the table again.
    await store.save('test', 'b', { ...base, data: { n: 2 } });
    await store.save('test', 'c', { ...base, data: { n: 3 } });
    await db.sql.query(`UPDATE chats SET step = 7 WHERE chat_id IN ('a', 'c')`);
    expect((await store.load('test', 'a')).step).toBe(7);
    expect((await store.load('test', 'c')).step).toBe(0);
  });

  it('sees a revoked officer as a citizen on the very next message', async () => {
    await insertUnits(db.kysely, [{ code: 'SYT', name: 'Sở Y tế', path: '/SYT/' }]);
    const officer = await insertOfficer(db.kysely, { unit_code: 'SYT', display_name: 'Lan' }, [{ channel: 'test', user_id: 'u1', chat_id: 'c1' }]);
    const [asOfficer, asCitizen] = await Promise.all([
      core.handle(msg('tỷ lệ trực tuyến tháng này')),
      core.handle(msg('tỷ lệ trực tuyến tháng này', { chatId: 'c2', userId: 'u2' })),
    ]);
    expect(asOfficer.text).toMatch(/^figures:/);
    expect(asCitizen.text).not.toMatch(/^figures:/);
    await db.kysely.updateTable('officers').set({ revoked_at: new Date() }).where('id', '=', officer).execute();
    expect((await core.handle(msg('tỷ lệ trực tuyến tháng này'))).text).not.toMatch(/^figures:/);
  });

  it('routes commands', async () => {
    expect((await core.handle(msg('/help'))).text).toMatch(/\/dangky/);
    await core.handle(msg('/dangky ABC123'));
    // The code is what the trigger read; the message keeps the text as typed.
    expect(seen.at(-1)).toMatchObject({ skill: 'enroll', match: 'ABC123', message: { text: '/dangky ABC123' } });
    const start = await core.handle(msg('/start'));
    expect(start.text).toMatch(/^Xin chào! Tôi là Trợ lý DVC/);
  });
});

describe('core with the database unreachable', () => {
  const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  const seen: string[] = [];
  const skill = (name: string, fail = false): Skill => ({
    async handle(message, ctx) {
      seen.push(name);
      if (fail) throw Object.assign(new Error('wrapped'), { cause: refused() });
      ctx.updateChat({ lastTopic: 'x' });
      return { intent: name === 'guides' ? 'guide' : 'officer', text: `${name}:${message.text}` };
    },
  });
  const core = createCore({
    chats: { load: async () => Promise.reject(refused()), save: async () => Promise.reject(refused()) } as never,
    officers: { identify: async () => Promise.reject(refused()) },
    log: createLogger('silent'),
    skills: composeSkills({
      guides: skill('guides'),
      figures: skill('figures'),
      enroll: skill('enroll'),
      reports: skill('reports'),
      feedback: feedbackRoutes(skill('feedback', true)),
    }),
  });
  const ask = (text: string, callbackData?: string) =>
    core.handle({ channel: 'test', chatId: 'c', userId: 'u', text, ...(callbackData ? { callbackData } : {}) });

  it('answers guides as if the chat were fresh; everything needing the database says "hệ thống đang bận"', async () => {
    expect(await ask('làm định danh mức 2 ở đâu')).toMatchObject({ intent: 'guide', text: 'guides:làm định danh mức 2 ở đâu' });
    expect((await ask('xin chào')).text).toMatch(/^Xin chào/);
    for (const [text, data] of [['tỷ lệ trực tuyến tháng này'], ['/dangky AB12CD'], ['/baocao bat'], ['', 'fig:p:month'], ['', 'fb:up:g']]) {
      const reply = await ask(text!, data);
      expect(reply).toMatchObject({ text: DB_BUSY, failure: 'database' });
      expect(reply.text).toMatch(/^Hệ thống đang bận, vui lòng thử lại sau\./);
    }
    expect(seen).toEqual(['guides']);
  });
});
