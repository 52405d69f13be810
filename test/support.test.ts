import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Channels, startChannels } from '../bot/channels/runtime.ts';
import { startSupport } from '../bot/cli/commands/start.ts';
import { type HttpServer, startHttpServer } from '../bot/http/server.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { describeOpening, parseOfficeHours } from '../src/support/hours.ts';
import { asksForPerson } from '../src/support/triggers.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { type SupportApp, supportApp } from './helpers/support-app.ts';
import { FakeTelegram } from './helpers/telegram-bot-api.ts';
import { FakeZalo } from './helpers/zalo-bot-api.ts';

const log = createLogger('silent');

describe('office hours (Vietnam time)', () => {
  const hours = parseOfficeHours('Mon-Fri 07:30-11:30,13:30-17:00; Sat 07:30-11:30');
  // 2026-12-01 is a Tuesday; Vietnam is UTC+7.
  const vn = (iso: string) => new Date(`${iso}+07:00`);

  it('open and closed times, and the next opening', () => {
    expect(hours.isOpen(vn('2026-12-01T07:30:00'))).toBe(true);
    expect(hours.isOpen(vn('2026-12-01T11:30:00'))).toBe(false);
    expect(hours.isOpen(vn('2026-12-01T12:15:00'))).toBe(false);
    expect(hours.nextOpening(vn('2026-12-01T12:15:00'))).toEqual(vn('2026-12-01T13:30:00'));
    expect(hours.nextOpening(vn('2026-12-01T17:00:00'))).toEqual(vn('2026-12-02T07:30:00'));
    expect(hours.isOpen(vn('2026-12-05T09:00:00'))).toBe(true); // Saturday morning
    expect(hours.nextOpening(vn('2026-12-05T11:45:00'))).toEqual(vn('2026-12-07T07:30:00'));
    expect(hours.nextOpening(vn('2026-12-06T23:59:00'))).toEqual(vn('2026-12-07T07:30:00'));
  });

  it('says when in Vietnamese', () => {
    const now = vn('2026-12-05T21:00:00');
    expect(describeOpening(vn('2026-12-07T07:30:00'), now)).toBe('07:30 thứ Hai, ngày 07/12/2026');
    expect(describeOpening(vn('2026-12-06T07:30:00'), now)).toBe('07:30 ngày mai (Chủ nhật, 06/12/2026)');
    expect(describeOpening(vn('2026-12-05T22:00:00'), now)).toBe('22:00 hôm nay');
  });

  it('a bad SUPPORT_HOURS stops start-up with a message naming it', () => {
    expect(() => loadConfig({ SUPPORT_HOURS: 'thứ 2-6 7h30' })).toThrow(/SUPPORT_HOURS.*Mon-Fri 07:30-11:30/);
    expect(() => loadConfig({ SUPPORT_CHAT_TELEGRAM: 'nhom-ho-tro' })).toThrow(/SUPPORT_CHAT_TELEGRAM/);
    expect(loadConfig({ SUPPORT_CHAT_TELEGRAM: '', SUPPORT_CHAT_ZALO: '' })).toMatchObject({
      SUPPORT_HOURS: 'Mon-Fri 07:30-11:30,13:30-17:00',
      SUPPORT_REMIND_MINUTES: 30,
    });
  });

  it('refuses a malformed setting', () => {
    expect(() => parseOfficeHours('Mon-Fri 7h30-11h')).toThrow(/SUPPORT_HOURS/);
    expect(() => parseOfficeHours('Funday 07:30-11:30')).toThrow(/SUPPORT_HOURS/);
    expect(() => parseOfficeHours('Mon 11:30-07:30')).toThrow(/SUPPORT_HOURS/);
  });
});

describe('asking for a person', () => {
  it('takes short requests, with or without diacritics', () => {
    for (const t of [
      'gặp cán bộ',
      'cho tôi nói chuyện với người',
      'gap nguoi that',
      'Tôi muốn gặp nhân viên hỗ trợ ạ',
      'cho em nói chuyện với cán bộ được không',
      'kết nối với tư vấn viên',
      'chat voi nguoi that di',
    ])
      expect(asksForPerson(t), t).toBe(true);
  });

  it('leaves questions that only mention staff to the guides', () => {
    for (const t of [
      'gặp cán bộ một cửa ở đâu',
      'cán bộ xã làm việc mấy giờ',
      'người già không có điện thoại thì sao',
      'nộp hồ sơ trực tuyến thế nào',
      'làm sao để nói chuyện với tổng đài VNeID',
    ])
      expect(asksForPerson(t), t).toBe(false);
  });
});

describe('handoff to staff across channels (fake Telegram and Zalo Bot API servers)', () => {
  let db: TestDatabase;
  let tg: FakeTelegram;
  let zalo: FakeZalo;
  let http: HttpServer | undefined;
  let channels: Channels | undefined;
  let app: SupportApp | undefined;
  let stopSupport: (() => void) | undefined;
  // Wednesday 2026-12-02 10:00 in Vietnam: office hours.
  let now = new Date('2026-12-02T03:00:00Z');
  const clock = () => now;
  const STAFF_TG = -100777;
  const STAFF_ZALO = 'zalo-staff-1';

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await db.reset();
    now = new Date('2026-12-02T03:00:00Z');
  });
  afterEach(async () => {
    stopSupport?.();
    await http?.close();
    await channels?.stop();
    await app?.close();
    await tg?.close();
    await zalo?.close();
    http = channels = app = stopSupport = undefined;
  });

  async function boot(env: Record<string, string>) {
    tg = await new FakeTelegram().listen();
    zalo = await new FakeZalo().listen();
    app = await supportApp(
      db,
      {
        TELEGRAM_BOT_TOKEN: tg.token,
        TELEGRAM_API_ROOT: tg.apiRoot,
        ZALO_BOT_TOKEN: zalo.token,
        ZALO_API_ROOT: zalo.url,
        SUPPORT_HOURS: 'Mon-Fri 07:30-11:30,13:30-17:00',
        SUPPORT_REMIND_MINUTES: '30',
        ...env,
      },
      clock,
    );
    http = await startHttpServer(0, '127.0.0.1', async () => true);
    channels = await startChannels({
      config: app.config,
      core: app.core,
      db: db.kysely,
      log,
      http,
      telegram: { pollTimeoutSeconds: 1, requestTimeoutSeconds: 2, maxRetryAttempts: 0 },
      zalo: { pollTimeoutSeconds: 1, client: { backoffBaseMs: 20, backoffCapMs: 80, timeoutMs: 1000 } },
    });
    // The reminder loop is driven by the test (tick), not by the minute timer.
    stopSupport = startSupport({ support: app.support }, channels);
  }

  const tgTo = (chat: number) => tg.sent.filter((m) => String(m.chat_id) === String(chat));
  const zaloTo = (chat: string) => zalo.sent.filter((m) => m.chat_id === chat);
  const zaloSays = (chat: string, text: string) => zalo.push(FakeZalo.update('message.text.received', { chatId: chat, text }));
  let nextId = 1;
  const tgMessage = (chatId: number, text: string, extra: Record<string, unknown> = {}) => ({
    message: {
      message_id: nextId++,
      date: Math.floor(Date.now() / 1000),
      chat: chatId < 0 ? { id: chatId, type: 'supergroup', title: 'Tổ công nghệ số xã' } : { id: chatId, type: 'private', first_name: 'Lan' },
      from: { id: chatId < 0 ? 9001 : chatId, is_bot: false, first_name: chatId < 0 ? 'Minh' : 'Lan', last_name: 'Trần' },
      text,
      ...extra,
    },
  });

  it('citizen on Zalo, staff on Telegram: the "not sure" button opens a ticket, a Reply in the group reaches the citizen', async () => {
    await boot({ SUPPORT_CHAT_TELEGRAM: String(STAFF_TG) });
    await zaloSays('z-citizen', 'con cọp xanh ăn cỏ');
    await zalo.waitFor(() => zaloTo('z-citizen').length === 1);
    const unsure = zaloTo('z-citizen')[0]!.text;
    const choice = /(\d+)\. 🙋 Gặp cán bộ hỗ trợ/.exec(unsure)?.[1];
    expect(choice, unsure).toBeDefined();

    await zaloSays('z-citizen', choice!);
    await zalo.waitFor(() => zaloTo('z-citizen').length === 2);
    expect(zaloTo('z-citizen')[1]!.text).toContain('Đã chuyển câu hỏi của bạn tới cán bộ hỗ trợ (yêu cầu #1)');
    expect(zaloTo('z-citizen')[1]!.text).not.toContain('ngoài giờ');

    await tg.waitFor(() => tgTo(STAFF_TG).length === 1);
    const notice = tgTo(STAFF_TG)[0]!.text;
    expect(notice).toContain('Yêu cầu hỗ trợ #1 (người dân nhắn qua Zalo)');
    expect(notice).toContain('Câu hỏi: con cọp xanh ăn cỏ');
    expect(notice).toContain('Trợ lý đã trả lời: Xin lỗi');
    // Staff see what the citizen wrote, not who they are.
    expect(notice).not.toContain('z-citizen');
    expect(notice).not.toContain('Lan');
    // notifiedAt is written once Telegram has answered the send, just after the fake recorded it.
    let [ticket] = await app!.support.list();
    for (let i = 0; i < 100 && !ticket?.notifiedAt; i++) {
      await new Promise((r) => setTimeout(r, 20));
      [ticket] = await app!.support.list();
    }
    expect(ticket).toMatchObject({ id: 1, status: 'open', channel: 'zalo', chatId: 'z-citizen' });
    expect(ticket!.notifiedAt).not.toBeNull();

    // Asking again while it waits: the same ticket, not a second one.
    await zaloSays('z-citizen', 'gặp cán bộ');
    await zalo.waitFor(() => zaloTo('z-citizen').length === 3);
    expect(zaloTo('z-citizen')[2]!.text).toContain('Yêu cầu #1 của bạn đã được chuyển tới cán bộ hỗ trợ và đang chờ trả lời');
    expect(await app!.support.counts()).toEqual({ open: 1, answered: 0, closed: 0 });

    // A staff member replies to the ticket in the Telegram group; an office number stays readable.
    await tg.push(
      tgMessage(STAFF_TG, 'Chào bạn, câu hỏi này không thuộc dịch vụ công. Gọi bộ phận một cửa xã: 0254 3852 123.', {
        reply_to_message: { message_id: 1, date: 1, chat: { id: STAFF_TG, type: 'supergroup' }, from: tg.bot, text: notice },
      }),
    );
    await zalo.waitFor(() => zaloTo('z-citizen').length === 4);
    const relayed = zaloTo('z-citizen')[3]!.text;
    expect(relayed).toMatch(/^Cán bộ hỗ trợ trả lời: Chào bạn, câu hỏi này không thuộc dịch vụ công\. Gọi bộ phận một cửa xã: 0254 3852 123\./);
    expect(relayed).not.toContain('Minh');
    expect(relayed).not.toContain('9001');
    await tg.waitFor(() => tgTo(STAFF_TG).length === 2);
    expect(tgTo(STAFF_TG)[1]!.text).toContain('✅ Đã gửi câu trả lời tới người dân (yêu cầu #1)');
    const answered = await app!.support.get(1);
    expect(answered).toMatchObject({ status: 'answered', answeredBy: 'telegram:9001' });
    // Stored masked, as in the logs.
    expect(answered!.answer).toContain('[***]');

    // Anything else in the staff group is never answered as a citizen question.
    await tg.push(tgMessage(STAFF_TG, '@tro_ly_dvc_bot nộp hồ sơ trực tuyến thế nào'));
    await tg.waitFor(() => tgTo(STAFF_TG).length === 3);
    expect(tgTo(STAFF_TG)[2]!.text).toContain('Đây là nhóm hỗ trợ của Trợ lý DVC');
  });

  it('citizen on Telegram, staff on Zalo: "cho tôi nói chuyện với người", the question masked, "#N nội dung" relayed, "#N /dong" closes', async () => {
    await boot({ SUPPORT_CHAT_ZALO: STAFF_ZALO });
    await tg.push(tgMessage(601, 'cho tôi nói chuyện với người'));
    await tg.waitFor(() => tgTo(601).length === 1);
    expect(tgTo(601)[0]!.text).toContain('Bạn cần cán bộ hỗ trợ việc gì?');
    await tg.push(tgMessage(601, 'hồ sơ đất nhà tôi nộp 2 tháng chưa có kết quả, sđt 0912345678'));
    await tg.waitFor(() => tgTo(601).length === 2);
    expect(tgTo(601)[1]!.text).toContain('(yêu cầu #1)');

    await zalo.waitFor(() => zaloTo(STAFF_ZALO).length === 1);
    const notice = zaloTo(STAFF_ZALO)[0]!.text;
    expect(notice).toContain('Yêu cầu hỗ trợ #1 (người dân nhắn qua Telegram)');
    expect(notice).toContain('sđt [***]');
    expect(notice).not.toContain('0912345678');
    expect(notice).toContain('gõ "#1 nội dung trả lời"');

    await zaloSays(STAFF_ZALO, '#1 Anh/chị mang giấy hẹn đến bộ phận một cửa để được kiểm tra tiến độ.');
    await tg.waitFor(() => tgTo(601).length === 3);
    expect(tgTo(601)[2]!.text).toBe(
      'Cán bộ hỗ trợ trả lời: Anh/chị mang giấy hẹn đến bộ phận một cửa để được kiểm tra tiến độ.\n\n(Yêu cầu #1. Cần hỏi thêm, bạn cứ nhắn tiếp hoặc gõ "gặp cán bộ".)',
    );
    await zalo.waitFor(() => zaloTo(STAFF_ZALO).length === 2);
    expect(zaloTo(STAFF_ZALO)[1]!.text).toContain('✅ Đã gửi');

    await zaloSays(STAFF_ZALO, '#1 /dong');
    await zalo.waitFor(() => zaloTo(STAFF_ZALO).length === 3);
    expect(zaloTo(STAFF_ZALO)[2]!.text).toBe('Đã đóng yêu cầu #1.');
    expect(await app!.support.get(1)).toMatchObject({ status: 'closed', closedBy: `zalo:${STAFF_ZALO}` });
    await zaloSays(STAFF_ZALO, '#1 còn gì nữa không');
    await zalo.waitFor(() => zaloTo(STAFF_ZALO).length === 4);
    expect(zaloTo(STAFF_ZALO)[3]!.text).toBe('Yêu cầu #1 đã đóng.');
    // A greeting in the staff chat gets the usage, not the citizen greeting.
    await zaloSays(STAFF_ZALO, 'xin chào');
    await zalo.waitFor(() => zaloTo(STAFF_ZALO).length === 5);
    expect(zaloTo(STAFF_ZALO)[4]!.text).toContain('Đây là nhóm hỗ trợ');
    expect(tgTo(601)).toHaveLength(3);

    // The console answers through the same service: delivered to the citizen's Telegram chat.
    await tg.push(tgMessage(601, 'tra cứu tình trạng hồ sơ thế nào'));
    await tg.waitFor(() => tgTo(601).length === 4);
    await tg.push(tgMessage(601, 'gặp cán bộ'));
    await tg.waitFor(() => tgTo(601).length === 5);
    expect(tgTo(601)[4]!.text).toContain('(yêu cầu #2)');
    expect((await app!.support.get(2))!.question).toBe('tra cứu tình trạng hồ sơ thế nào');
    const { delivered, ticket } = await app!.support.answer(2, 'Đã kiểm tra: hồ sơ đang chờ ký.', 'console:lan');
    expect(delivered).toBe(true);
    expect(ticket.answeredBy).toBe('console:lan');
    await tg.waitFor(() => tgTo(601).length === 6);
    expect(tgTo(601)[5]!.text).toMatch(/^Cán bộ hỗ trợ trả lời: Đã kiểm tra: hồ sơ đang chờ ký\./);
    expect(tgTo(601)[5]!.text).not.toContain('lan');
  });

  it('outside office hours the citizen is told honestly when staff will answer; the reminder comes within hours, once', async () => {
    await boot({ SUPPORT_CHAT_TELEGRAM: String(STAFF_TG) });
    now = new Date('2026-12-05T14:00:00Z'); // Saturday 21:00 in Vietnam
    await tg.push(tgMessage(602, 'nộp lệ phí trước bạ xe máy trên cổng bị lỗi mãi'));
    await tg.waitFor(() => tgTo(602).length === 1);
    await tg.push(tgMessage(602, 'gặp cán bộ'));
    await tg.waitFor(() => tgTo(602).length === 2);
    expect(tgTo(602)[1]!.text).toContain('Hiện đang ngoài giờ làm việc, cán bộ sẽ trả lời vào 07:30 thứ Hai, ngày 07/12/2026.');
    await tg.waitFor(() => tgTo(STAFF_TG).length === 1);
    expect(tgTo(STAFF_TG)[0]!.text).toContain('Câu hỏi: nộp lệ phí trước bạ xe máy trên cổng bị lỗi mãi');

    // Sunday: still closed, no reminder however long it waits.
    now = new Date('2026-12-06T03:00:00Z');
    expect(await app!.support.tick(now)).toEqual({ resent: 0, reminded: 0 });
    // Monday 07:45: open, waiting far longer than 30 minutes — one reminder, not two.
    now = new Date('2026-12-07T00:45:00Z');
    expect(await app!.support.tick(now)).toEqual({ resent: 0, reminded: 1 });
    await tg.waitFor(() => tgTo(STAFF_TG).length === 2);
    expect(tgTo(STAFF_TG)[1]!.text).toMatch(/^⏰ Có 1 yêu cầu chờ quá 30 phút chưa được trả lời:\n#1 \(Telegram, chờ 2085 phút\): nộp lệ phí/);
    expect(await app!.support.tick(new Date(now.getTime() + 60_000))).toEqual({ resent: 0, reminded: 0 });
    // Another 30 minutes unanswered: reminded again.
    expect(await app!.support.tick(new Date(now.getTime() + 31 * 60_000))).toEqual({ resent: 0, reminded: 1 });

    // The reminder names one ticket: a Reply to it answers that ticket.
    const reminder = tgTo(STAFF_TG)[1]!.text;
    await tg.push(
      tgMessage(STAFF_TG, 'Bạn thử lại sau 9 giờ, cổng đang bảo trì.', {
        reply_to_message: { message_id: 2, date: 1, chat: { id: STAFF_TG, type: 'supergroup' }, from: tg.bot, text: reminder },
      }),
    );
    await tg.waitFor(() => tgTo(602).length === 3);
    expect(tgTo(602)[2]!.text).toContain('Cán bộ hỗ trợ trả lời: Bạn thử lại sau 9 giờ, cổng đang bảo trì.');
  });

  it('on Telegram the "not sure" reply carries the button inline; pressing it hands the question over', async () => {
    await boot({ SUPPORT_CHAT_TELEGRAM: String(STAFF_TG) });
    await tg.push(tgMessage(603, 'con cọp xanh ăn cỏ'));
    await tg.waitFor(() => tgTo(603).length === 1);
    const keyboard = tgTo(603)[0]!.reply_markup!.inline_keyboard;
    expect(keyboard.at(-1)).toEqual([{ text: '🙋 Gặp cán bộ hỗ trợ', callback_data: 'support:ask' }]);
    await tg.push({
      callback_query: {
        id: 'cbq-support',
        from: { id: 603, is_bot: false, first_name: 'Lan' },
        chat_instance: '1',
        data: 'support:ask',
        message: { message_id: 5, date: 1, chat: { id: 603, type: 'private', first_name: 'Lan' }, text: 'Xin lỗi…' },
      },
    });
    await tg.waitFor(() => tgTo(603).length === 2);
    expect(tgTo(603)[1]!.text).toContain('(yêu cầu #1)');
    await tg.waitFor(() => tgTo(STAFF_TG).length === 1);
    expect(tgTo(STAFF_TG)[0]!.text).toContain('Câu hỏi: con cọp xanh ăn cỏ');
  });

  it('staff chat unreachable: the ticket is kept, the citizen is answered, and it is sent once the chat is back', async () => {
    await boot({ SUPPORT_CHAT_TELEGRAM: String(STAFF_TG) });
    const kicked = { status: 403, body: { ok: false, error_code: 403, description: 'Forbidden: bot was kicked from the supergroup chat' } };
    tg.fail('sendMessage', kicked, kicked);
    await zaloSays('z-citizen-2', 'gặp cán bộ');
    await zalo.waitFor(() => zaloTo('z-citizen-2').length === 1);
    await zaloSays('z-citizen-2', 'tôi cần xác nhận hồ sơ đã nộp tại xã');
    await zalo.waitFor(() => zaloTo('z-citizen-2').length === 2);
    expect(zaloTo('z-citizen-2')[1]!.text).toContain('(yêu cầu #1)');
    await tg.waitFor(() => tg.callsOf('sendMessage').length >= 1);
    await new Promise((r) => setTimeout(r, 200));
    const kept = await app!.support.get(1);
    expect(kept).toMatchObject({ status: 'open', question: 'tôi cần xác nhận hồ sơ đã nộp tại xã' });
    expect(kept!.notifiedAt).toBeNull();
    expect(tgTo(STAFF_TG).filter((m) => m.text.includes('#1'))).toHaveLength(1); // the refused attempt

    // Still refused on the next tick, then back.
    expect(await app!.support.tick(now)).toEqual({ resent: 0, reminded: 0 });
    expect((await app!.support.get(1))!.notifiedAt).toBeNull();
    expect(await app!.support.tick(now)).toEqual({ resent: 1, reminded: 0 });
    expect((await app!.support.get(1))!.notifiedAt).not.toBeNull();
    expect(tg.callsOf('sendMessage').at(-1)!.body.text).toContain('Yêu cầu hỗ trợ #1');
  });
});

describe('handoff in the core (no staff chat configured: tickets wait for the console)', () => {
  let db: TestDatabase;
  let app: SupportApp;
  let now = new Date('2026-12-02T03:00:00Z');
  const say = (chatId: string, text: string, callbackData?: string) =>
    app.core.handle({ channel: 'test', chatId, userId: 'u1', text, ...(callbackData ? { callbackData } : {}) });

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await supportApp(db, {}, () => now);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('👎 under an answer offers a person; the ticket keeps the question and the answer disliked', async () => {
    const answer = await say('c1', 'quên mật khẩu vneid');
    expect(answer.intent).toBe('guide');
    const down = answer.buttons!.flat().find((b) => b.data.startsWith('fb:down:'))!;
    const feedback = await say('c1', '', down.data);
    expect(feedback.intent).toBe('feedback');
    expect(feedback.buttons?.flat()).toContainEqual({ label: '🙋 Gặp cán bộ hỗ trợ', data: 'support:ask' });
    // A 👍 does not.
    expect((await say('c1', '', down.data.replace('down', 'up'))).buttons).toBeUndefined();
    const handed = await say('c1', '', 'support:ask');
    expect(handed.text).toContain('(yêu cầu #1)');
    const [t] = await app.support.list({ status: 'open' });
    expect(t).toMatchObject({ question: 'quên mật khẩu vneid', guideId: answer.sources![0]!.id, notifiedAt: null });
    expect(t!.botAnswer).toBe(answer.text.slice(0, 1500));
  });

  it("only public guidance goes to staff: a dossier's status is not forwarded as the bot's answer", async () => {
    const status = await say('c4', 'tra cứu hồ sơ 000.00.12.H26-250908-0112');
    expect(status.intent).toBe('dossier_status');
    await say('c4', 'gặp cán bộ');
    const t = (await app.support.list()).find((x) => x.chatId === 'c4');
    expect(t).toMatchObject({ question: 'tra cứu hồ sơ 000.00.12.H26-250908-0112', botAnswer: null, guideId: null });
  });

  it('the awaited question: a command or "hủy" is not taken for it, nor a message an hour later', async () => {
    expect((await say('c2', 'gặp cán bộ')).text).toContain('Bạn cần cán bộ hỗ trợ việc gì?');
    expect((await say('c2', '/huy')).text).toContain('Đã hủy');
    expect((await say('c2', 'gap nguoi that')).text).toContain('Bạn cần cán bộ hỗ trợ việc gì?');
    now = new Date(now.getTime() + 2 * 3_600_000);
    const later = await say('c2', 'nộp hồ sơ trực tuyến thế nào');
    expect(later.intent).toBe('guide');
    expect((await app.support.list({ status: 'open' })).filter((x) => x.chatId === 'c2')).toHaveLength(0);
    // Asked and answered within the hour: handed over.
    expect((await say('c3', 'cho tôi nói chuyện với cán bộ')).text).toContain('Bạn cần cán bộ hỗ trợ việc gì?');
    const handed = await say('c3', 'xã tôi có làm căn cước lưu động không');
    expect(handed.text).toMatch(/\(yêu cầu #\d+\)/);
    expect((await app.support.list()).find((x) => x.chatId === 'c3')?.question).toBe('xã tôi có làm căn cước lưu động không');
  });
});
