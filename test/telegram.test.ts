import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Channels, startChannels } from '../bot/channels/runtime.ts';
import { RATE_LIMITED } from '../bot/channels/texts.ts';
import { EDITED_IGNORED, TEXT_ONLY } from '../bot/channels/texts.ts';
import { startReports } from '../bot/cli/commands/start.ts';
import { type HttpServer, startHttpServer } from '../bot/http/server.ts';
import type { Core } from '../src/core/types.ts';
import { createLogger } from '../src/log.ts';
import { PRIVATE_ONLY } from '../src/core/private-chat.ts';
import { createInvite } from '../src/officers/invites.ts';
import { coreFor, importLookup, LOOKUP } from './helpers/channel-app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { countOf, insertUnits } from './helpers/rows.ts';
import { FakeTelegram } from './helpers/telegram-bot-api.ts';

const log = createLogger('silent');
let nextMessageId = 1;

const user = (id: number) => ({ id, is_bot: false, first_name: 'Lan', last_name: 'Nguyễn', language_code: 'vi' });
const privateChat = (id: number) => ({ id, type: 'private', first_name: 'Lan' });
const group = { id: -100123, type: 'supergroup', title: 'Tổ công nghệ số xã' };

function message(chatId: number, text: string, extra: Record<string, unknown> = {}) {
  const entities = text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0]!.length }] : undefined;
  return {
    message: {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: privateChat(chatId),
      from: user(chatId),
      text,
      ...(entities ? { entities } : {}),
      ...extra,
    },
  };
}

describe('Telegram channel against a Bot API server on 127.0.0.1', () => {
  let db: TestDatabase;
  let core: Core;
  let tg: FakeTelegram;
  let http: HttpServer | undefined;
  let channels: Channels | undefined;
  let config: Awaited<ReturnType<typeof coreFor>>['config'];

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ core } = await coreFor(db));
  });
  afterAll(() => db.close());
  // Every fake server numbers its updates from 100, as one bot's ids would collide otherwise.
  beforeEach(() => db.reset());
  afterEach(async () => {
    await http?.close();
    await channels?.stop();
    await tg?.close();
    http = undefined;
    channels = undefined;
  });

  async function boot(env: Record<string, string> = {}, fresh = true) {
    if (fresh) tg = await new FakeTelegram().listen();
    ({ config } = await coreFor(db, {
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      ...env,
    }));
    http = await startHttpServer(0, '127.0.0.1', async () => true);
    channels = await startChannels({
      config,
      core,
      db: db.kysely,
      log,
      http,
      telegram: { pollTimeoutSeconds: 1, requestTimeoutSeconds: 2 },
      dispatcher: { typingAfterMs: 0 },
    });
    tg.deliverTo = `http://127.0.0.1:${http.port}/webhook/telegram`;
  }

  const answersTo = (chatId: number) => tg.sent.filter((m) => String(m.chat_id) === String(chatId));

  it('polling: registers the Vietnamese command menu and answers with the typing action', async () => {
    await boot();
    const commands = tg.callsOf('setMyCommands')[0]!.body.commands as { command: string; description: string }[];
    expect(commands.map((c) => c.command)).toEqual(['start', 'help', 'dangky', 'baocao', 'huy']);
    expect(commands.every((c) => /[àáảãạăâđêôơư]/i.test(c.description))).toBe(true);
    await tg.push(message(501, 'xin chào'));
    await tg.waitFor(() => answersTo(501).length === 1);
    expect(tg.callsOf('getUpdates')[0]!.body).toMatchObject({ timeout: 1 });
    expect(tg.callsOf('sendChatAction').some((c) => String(c.body.chat_id) === '501' && c.body.action === 'typing')).toBe(true);
    expect(answersTo(501)[0]).not.toHaveProperty('parse_mode');

    await tg.push(message(501, '/start'));
    await tg.waitFor(() => answersTo(501).length === 2);
    expect(answersTo(501)[1]!.text).toContain('Xin chào');
  });

  it('a citizen looks up a dossier by its code: its status, the reason it was late and the unit’s one-stop desk', async () => {
    await importLookup(db);
    await boot();
    await tg.push(message(510, `tra cứu hồ sơ ${LOOKUP.code.toLowerCase()}`));
    await tg.waitFor(() => answersTo(510).length === 1);
    const text = answersTo(510)[0]!.text as string;
    expect(text).toContain(`Hồ sơ ${LOOKUP.code}`);
    expect(text).toContain('Tình trạng: Đã hoàn thành, trễ hạn');
    expect(text).toContain('Chờ xác minh nơi cư trú');
    expect(text).toContain(`liên hệ: ${LOOKUP.contact}`);
  });

  it('answers a button press and stops its spinner with answerCallbackQuery', async () => {
    await boot();
    await tg.push({
      callback_query: {
        id: 'cbq-1',
        from: user(502),
        chat_instance: '42',
        data: 'menu',
        message: { message_id: 9, date: 1, chat: privateChat(502), text: 'Chọn chủ đề' },
      },
    });
    await tg.waitFor(() => answersTo(502).length === 1);
    expect(tg.callsOf('answerCallbackQuery')[0]!.body).toMatchObject({ callback_query_id: 'cbq-1' });
  });

  it('waits retry_after on 429 and then delivers', async () => {
    await boot();
    tg.fail('sendMessage', {
      status: 429,
      body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } },
    });
    await tg.push(message(503, 'xin chào'));
    await tg.waitFor(() => tg.callsOf('sendMessage').filter((c) => String(c.body.chat_id) === '503').length === 2);
    const [first, second] = tg.callsOf('sendMessage').filter((c) => String(c.body.chat_id) === '503');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it('retries a 5xx, then delivers; a timed-out send is not sent again (it may have arrived)', async () => {
    await boot();
    tg.fail('sendMessage', { status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } });
    await tg.push(message(504, 'xin chào'));
    await tg.waitFor(() => tg.callsOf('sendMessage').filter((c) => String(c.body.chat_id) === '504').length === 2, 20_000);
    tg.fail('sendMessage', 'hang');
    await tg.push(message(514, 'xin chào'));
    const calls514 = () => tg.callsOf('sendMessage').filter((c) => String(c.body.chat_id) === '514').length;
    await tg.waitFor(() => calls514() === 1, 20_000);
    await channels!.dispatcher.close();
    expect(calls514()).toBe(1);
    const metrics = await (await fetch(`http://127.0.0.1:${http!.port}/metrics`)).text();
    expect(metrics).toMatch(/dvc_replies_sent_total\{channel="telegram"\} 1/);
    expect(metrics).toMatch(/dvc_errors_total\{channel="telegram",stage="send"\} 1/);
  }, 30_000);

  it('webhook: setWebhook with the secret; wrong secret 401, bad JSON 400; redelivery and restart answer once', async () => {
    const env = { TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/webhook/telegram', TELEGRAM_WEBHOOK_SECRET: 'tg_hook-Secret42' };
    await boot(env);
    expect(tg.callsOf('setWebhook')[0]!.body).toMatchObject({
      url: 'https://bot.example.vn/webhook/telegram',
      secret_token: 'tg_hook-Secret42',
    });
    const update = { update_id: 9001, ...message(505, 'xin chào') };
    expect(await tg.deliver(update, 'not-the-secret')).toBe(401);
    expect(await tg.deliver(update, '')).toBe(401);
    const url = `http://127.0.0.1:${http!.port}/webhook/telegram`;
    const post = (body: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'tg_hook-Secret42' },
        body,
      }).then((r) => r.status);
    expect(await post('{"update_id": 9002, "message": {')).toBe(400);
    expect(await post('"just a string"')).toBe(400);
    await new Promise((r) => setTimeout(r, 200));
    expect(answersTo(505)).toHaveLength(0);

    expect(await tg.deliver(update)).toBe(200);
    expect(await tg.deliver(update)).toBe(200);
    await tg.waitFor(() => answersTo(505).length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(answersTo(505)).toHaveLength(1);
    expect(tg.callsOf('getUpdates')).toHaveLength(0);

    // A restart (same database) does not answer a redelivered update again.
    await http!.close();
    await channels!.stop();
    await boot(env, false);
    expect(await tg.deliver(update)).toBe(200);
    await tg.deliver({ update_id: 9003, ...message(505, 'cảm ơn') });
    await tg.waitFor(() => answersTo(505).length === 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(answersTo(505)).toHaveLength(2);
  });

  it('splits long replies on paragraph breaks, keeps buttons on the last part and sends charts as photos', async () => {
    await boot();
    const para = (n: number) =>
      `Bước ${n}: ${'Đăng nhập Cổng Dịch vụ công quốc gia & chọn <thủ tục> *cần* nộp. '.repeat(12)}`.trim();
    const text = Array.from({ length: 12 }, (_, i) => para(i + 1)).join('\n\n');
    expect(text.length).toBeGreaterThan(8192);
    await channels!.telegram!.send('506', {
      intent: 'guide',
      text,
      buttons: [
        [
          { label: '◀ Quay lại', data: 'step:prev' },
          { label: 'Bước tiếp ▶', data: 'step:next' },
        ],
        [{ label: 'quá dài', data: `topic:${'x'.repeat(80)}` }],
      ],
      sources: [{ id: 'nop-ho-so', title: 'Nộp hồ sơ', topic: 'submit_online', url: 'https://dichvucong.gov.vn' }],
      image: { png: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 7, 7]), filename: 'bieu-do.png', caption: 'Tỷ lệ trực tuyến' },
    });
    const parts = answersTo(506);
    expect(parts.length).toBe(3);
    for (const p of parts) expect(p.text.length).toBeLessThanOrEqual(4096);
    for (const p of parts.slice(0, -1)) {
      expect(p.text.endsWith('cần* nộp.')).toBe(true);
      expect(p.reply_markup).toBeUndefined();
    }
    expect(parts.map((p) => p.text).join('\n\n')).toBe(text);
    const keyboard = parts.at(-1)!.reply_markup!.inline_keyboard;
    expect(keyboard).toEqual([
      [
        { text: '◀ Quay lại', callback_data: 'step:prev' },
        { text: 'Bước tiếp ▶', callback_data: 'step:next' },
      ],
      [
        { text: '👍 Hữu ích', callback_data: 'fb:up:nop-ho-so' },
        { text: '👎 Chưa đúng ý', callback_data: 'fb:down:nop-ho-so' },
      ],
    ]);
    expect(tg.photos).toEqual([{ chatId: '506', bytes: 6, filename: 'bieu-do.png', caption: 'Tỷ lệ trực tuyến' }]);
  });

  it('non-text, edited and group messages', async () => {
    await boot();
    await tg.push(
      message(507, '', {
        text: undefined,
        sticker: { file_id: 's', file_unique_id: 'u', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false },
      }),
    );
    await tg.waitFor(() => answersTo(507).length === 1);
    expect(answersTo(507)[0]!.text).toBe(TEXT_ONLY);
    await tg.push({ edited_message: { ...message(507, 'sửa rồi').message, edit_date: 2 } });
    await tg.waitFor(() => answersTo(507).length === 2);
    expect(answersTo(507)[1]!.text).toBe(EDITED_IGNORED);

    const inGroup = (text: string, extra: Record<string, unknown> = {}) => ({
      message: { message_id: nextMessageId++, date: 1, chat: group, from: user(508), text, ...extra },
    });
    await tg.push(inGroup('cảm ơn'));
    await tg.push(inGroup('', { text: undefined, photo: [{ file_id: 'p', file_unique_id: 'p', width: 1, height: 1 }] }));
    await tg.push(inGroup('@tro_ly_dvc_bot cảm ơn', { entities: [{ type: 'mention', offset: 0, length: 15 }] }));
    await tg.push(
      inGroup('xin chào', { reply_to_message: { message_id: 1, date: 1, chat: group, from: tg.bot, text: 'Trợ lý' } }),
    );
    await tg.waitFor(() => answersTo(group.id).length === 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(answersTo(group.id)).toHaveLength(2);
  });

  it('limits each user per minute with one friendly "vui lòng chờ", without touching other users', async () => {
    await boot({ RATE_LIMIT_PER_MINUTE: '3' });
    for (let i = 0; i < 6; i++) await tg.push(message(509, 'cảm ơn'));
    await tg.push(message(510, 'cảm ơn'));
    await tg.waitFor(() => answersTo(509).length === 4 && answersTo(510).length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(answersTo(509).map((m) => m.text === RATE_LIMITED)).toEqual([false, false, false, true]);
    expect(RATE_LIMITED).toContain('vui lòng chờ');
  });

  it('officer matters are answered only in a private chat: a group gets "nhắn riêng", no figure, no unit name', async () => {
    await boot();
    await insertUnits(db.kysely, [{ code: 'SO02', name: 'Sở Kín Đáo', path: '/SO02/' }]);
    const invite = await createInvite(db.kysely, 'SO02');
    const mention = (text: string) => {
      const at = text.indexOf('@tro_ly_dvc_bot');
      const type = text.startsWith('/') ? 'bot_command' : 'mention';
      const offset = type === 'bot_command' ? 0 : at;
      const length = type === 'bot_command' ? text.split(/\s/)[0]!.length : '@tro_ly_dvc_bot'.length;
      return [{ type, offset, length }];
    };
    const inGroup = (from: number, text: string) => ({
      message: { message_id: nextMessageId++, date: 1, chat: group, from: user(from), text, entities: mention(text) },
    });
    const groupAnswers = () => answersTo(group.id).map((m) => m.text);
    // Enrolment in a group is refused and records nothing (the group would get the daily report).
    await tg.push(inGroup(512, `/dangky@tro_ly_dvc_bot ${invite.code}`));
    await tg.waitFor(() => groupAnswers().length === 1);
    expect(groupAnswers()[0]).toBe(PRIVATE_ONLY);
    expect(await countOf(db.kysely.selectFrom('officer_accounts'))).toBe(0);
    expect(await countOf(db.kysely.selectFrom('invite_codes').where('used_at', 'is not', null))).toBe(0);
    // The same code works in the private chat.
    await tg.push(message(512, `/dangky ${invite.code}`));
    await tg.waitFor(() => answersTo(512).length === 1);
    expect(answersTo(512)[0]!.text).toContain('Sở Kín Đáo');
    expect(await db.kysely.selectFrom('officer_accounts').selectAll().executeTakeFirst()).toMatchObject({ user_id: '512', chat_id: '512' });
    // The enrolled officer in the group: figures, report, chart, /baocao and a figure button.
    for (const text of [
      '@tro_ly_dvc_bot tỷ lệ trực tuyến tháng này',
      '@tro_ly_dvc_bot báo cáo nhanh',
      '@tro_ly_dvc_bot điểm bộ chỉ số 766 tháng trước',
      '@tro_ly_dvc_bot biểu đồ tỷ lệ trực tuyến 6 tháng',
      '/baocao@tro_ly_dvc_bot bat',
    ])
      await tg.push(inGroup(512, text));
    await tg.push({
      callback_query: {
        id: 'cbq-g',
        from: user(512),
        chat_instance: '43',
        data: 'fig:p:month',
        message: { message_id: 3, date: 1, chat: group, text: 'Chọn kỳ' },
      },
    });
    await tg.waitFor(() => groupAnswers().length === 7);
    for (const text of groupAnswers()) {
      expect(text).toBe(PRIVATE_ONLY);
      expect(text).not.toMatch(/Sở Kín Đáo|SO02|\d+[,.]?\d*\s?%/);
    }
    expect(tg.photos).toHaveLength(0);
    expect(await countOf(db.kysely.selectFrom('officers').where('report_enabled', '=', true))).toBe(0);
    // A citizen asking the same in the group gets public guidance, not the refusal.
    await tg.push(inGroup(513, '@tro_ly_dvc_bot tỷ lệ trực tuyến tháng này'));
    await tg.waitFor(() => groupAnswers().length === 8);
    expect(groupAnswers()[7]).not.toBe(PRIVATE_ONLY);
    // In the private chat the officer gets the unit's figure.
    await tg.push(message(512, 'tỷ lệ trực tuyến tháng này'));
    await tg.waitFor(() => answersTo(512).length === 2);
    expect(answersTo(512)[1]!.text).toContain('Sở Kín Đáo');
  });

  it("`start` wires the daily quick report to the officer's Telegram chat", async () => {
    await boot();
    await insertUnits(db.kysely, [{ code: 'SO01', name: 'Sở Thử nghiệm', path: '/SO01/' }]);
    const invite = await createInvite(db.kysely, 'SO01');
    await tg.push(message(511, `/dangky ${invite.code}`));
    await tg.waitFor(() => answersTo(511).length === 1);
    await tg.push(message(511, '/baocao bat'));
    await tg.waitFor(() => answersTo(511).length === 2);
    expect(await countOf(db.kysely.selectFrom('officers').where('report_enabled', '=', true))).toBe(1);
    const reports = startReports({ db, config, log }, channels!)!;
    try {
      expect(await reports.runOnce(new Date())).toBe(1);
    } finally {
      reports.stop();
    }
    expect(answersTo(511)).toHaveLength(3);
  });
});
