import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Channels, startChannels } from '../bot/channels/runtime.ts';
import { EDITED_IGNORED, TEXT_ONLY } from '../bot/channels/texts.ts';
import { type HttpServer, startHttpServer } from '../bot/http/server.ts';
import { ZaloApiError, ZaloClient } from '../bot/zalo/client.ts';
import { MAX_QUESTION_CHARS } from '../src/core/handle.ts';
import type { Core } from '../src/core/types.ts';
import { createLogger } from '../src/log.ts';
import { PRIVATE_ONLY } from '../src/core/private-chat.ts';
import { createInvite } from '../src/officers/invites.ts';
import { coreFor, importLookup, LOOKUP } from './helpers/channel-app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { countOf, insertUnits } from './helpers/rows.ts';
import { FakeZalo } from './helpers/zalo-bot-api.ts';

const log = createLogger('silent');
const quick = { backoffBaseMs: 20, backoffCapMs: 80, timeoutMs: 400 };

describe('Zalo client against a Zalo Bot API server on 127.0.0.1', () => {
  let zalo: FakeZalo;
  let client: ZaloClient;
  beforeAll(async () => {
    zalo = await new FakeZalo().listen();
    client = new ZaloClient({ token: zalo.token, apiRoot: zalo.url, ...quick });
  });
  afterAll(() => zalo.close());

  it('calls POST /bot{TOKEN}/{method} and unwraps the envelope', async () => {
    const me = await client.getMe();
    expect(me).toEqual(zalo.bot);
    expect(typeof me.id).toBe('string');
  });

  it('a wrong token fails with 401 and is not retried', async () => {
    const bad = new ZaloClient({ token: '1:wrong-token-123', apiRoot: zalo.url, ...quick });
    const before = zalo.calls.length;
    await expect(bad.getMe()).rejects.toMatchObject({ errorCode: 401 });
    expect(zalo.calls.length - before).toBe(1);
  });

  it('retries a 5xx, then succeeds', async () => {
    zalo.fail('sendMessage', { status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } });
    const before = zalo.callsOf('sendMessage').length;
    const sent = await client.sendMessage('u1', 'xin chào');
    expect(typeof sent.message_id).toBe('string');
    expect(zalo.callsOf('sendMessage').length - before).toBe(2);
  });

  it('retries 429 (even inside an HTTP 200 envelope) with backoff', async () => {
    zalo.fail('sendMessage', { status: 200, body: { ok: false, error_code: 429, description: 'Quota exceeded' } });
    const before = zalo.callsOf('sendMessage');
    await client.sendMessage('u1', 'một');
    const calls = zalo.callsOf('sendMessage').slice(before.length);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(10);
  });

  it('does not retry other 4xx', async () => {
    const before = zalo.callsOf('sendMessage').length;
    await expect(client.sendMessage('u1', 'x'.repeat(2001))).rejects.toMatchObject({ errorCode: 400 });
    expect(zalo.callsOf('sendMessage').length - before).toBe(1);
  });

  it('reads are retried after a timeout and after a dropped connection', async () => {
    zalo.fail('getMe', 'hang', 'reset');
    const before = zalo.callsOf('getMe').length;
    await client.getMe();
    expect(zalo.callsOf('getMe').length - before).toBe(3);
  });

  it('a message that may have arrived (timeout, reset after sending) is not sent again', async () => {
    for (const fault of ['hang', 'reset'] as const) {
      zalo.fail('sendMessage', fault);
      const before = zalo.callsOf('sendMessage').length;
      const err = await client.sendMessage('u1', 'ba').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ZaloApiError);
      expect((err as ZaloApiError).safeToResend).toBe(false);
      expect(zalo.callsOf('sendMessage').length - before).toBe(1);
    }
  });

  it('a refused connection cannot have delivered anything: safe to send again', async () => {
    const closed = new ZaloClient({ token: zalo.token, apiRoot: 'http://127.0.0.1:9', ...quick, attempts: 2 });
    const err = await closed.sendMessage('u1', 'bốn').catch((e: unknown) => e);
    expect(err).toMatchObject({ errorCode: 0, notSent: true, safeToResend: true });
  });

  it('gives up after the last attempt', async () => {
    const boom = { status: 500, body: { ok: false, error_code: 500, description: 'Internal' } };
    zalo.fail('sendMessage', boom, boom, boom, boom);
    await expect(client.sendMessage('u1', 'bốn')).rejects.toBeInstanceOf(ZaloApiError);
  });

  it('getUpdates: 408 means nothing new; one update object per poll', async () => {
    expect(await client.getUpdates(0)).toBeNull();
    await zalo.push(FakeZalo.update('message.text.received', { chatId: 'c9', text: 'alo', messageId: 'abc' }));
    const u = await client.getUpdates(1);
    expect(u?.message?.message_id).toBe('abc');
    expect(zalo.callsOf('getUpdates').at(-1)!.body).toEqual({ timeout: '1' });
  });

  it('abandons a poll the server never answers at timeout + 5 s', async () => {
    zalo.fail('getUpdates', 'hang');
    const t0 = Date.now();
    await expect(client.getUpdates(0)).rejects.toMatchObject({ errorCode: 0 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(4900);
  }, 15_000);
});

describe('Zalo channel', () => {
  let db: TestDatabase;
  let core: Core;
  let zalo: FakeZalo;
  let http: HttpServer;
  let channels: Channels;

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ core } = await coreFor(db));
  });
  afterAll(() => db.close());
  afterEach(async () => {
    await http?.close();
    await channels?.stop();
    await zalo?.close();
  });

  async function boot(env: Record<string, string> = {}) {
    zalo = await new FakeZalo().listen();
    const { config } = await coreFor(db, {
      ZALO_BOT_TOKEN: zalo.token,
      ZALO_API_ROOT: zalo.url,
      HOST: '127.0.0.1',
      PORT: '0',
      ...env,
    });
    http = await startHttpServer(0, '127.0.0.1', async () => true);
    channels = await startChannels({
      config,
      core,
      db: db.kysely,
      log,
      http,
      zalo: { pollTimeoutSeconds: 1, client: quick },
      dispatcher: { typingAfterMs: 0 },
    });
    zalo.deliverTo = `http://127.0.0.1:${http.port}/webhook/zalo`;
  }

  const answersTo = (chatId: string) => zalo.sent.filter((m) => m.chat_id === chatId);

  it('polling: answers a text message in the same chat, with the typing action', async () => {
    await boot();
    expect(zalo.callsOf('getMe')).toHaveLength(1);
    expect(zalo.callsOf('deleteWebhook')).toHaveLength(0);
    await zalo.push(FakeZalo.update('message.text.received', { chatId: 'chat-1', text: 'xin chào' }));
    await zalo.waitFor(() => answersTo('chat-1').length === 1);
    expect(answersTo('chat-1')[0]!.text.length).toBeGreaterThan(0);
    expect(zalo.callsOf('sendChatAction').some((c) => c.body.chat_id === 'chat-1' && c.body.action === 'typing')).toBe(true);
  });

  it('polling: removes a webhook left behind before polling', async () => {
    zalo = await new FakeZalo().listen();
    await zalo.close();
    // A server that already has a webhook registered.
    const first = new FakeZalo();
    await first.listen();
    first.webhook = { url: 'https://old.example/hook', secret: 'old-secret-1', updated_at: 1 };
    zalo = first;
    const { config } = await coreFor(db, { ZALO_BOT_TOKEN: zalo.token, ZALO_API_ROOT: zalo.url });
    http = await startHttpServer(0, '127.0.0.1', async () => true);
    channels = await startChannels({ config, core, db: db.kysely, log, http, zalo: { pollTimeoutSeconds: 1, client: quick } });
    const methods = zalo.calls.map((c) => c.method);
    expect(methods.indexOf('deleteWebhook')).toBeGreaterThan(methods.indexOf('getWebhookInfo'));
    await zalo.waitFor(() => zalo.callsOf('getUpdates').length > 0);
    expect(methods.indexOf('deleteWebhook')).toBeLessThan(zalo.calls.findIndex((c) => c.method === 'getUpdates'));
  });

  it('polling: the same message_id delivered twice is answered once', async () => {
    await boot();
    const u = FakeZalo.update('message.text.received', { chatId: 'chat-2', text: 'cảm ơn', messageId: 'dup-1' });
    await zalo.push(u);
    await zalo.push(u);
    await zalo.push(FakeZalo.update('message.text.received', { chatId: 'chat-2', text: 'xin chào', messageId: 'dup-2' }));
    await zalo.waitFor(() => answersTo('chat-2').length === 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(answersTo('chat-2')).toHaveLength(2);
    const rows = await db.sql.query('SELECT update_id FROM processed_updates WHERE channel = $1 AND update_id LIKE $2', [
      'zalo',
      'dup-%',
    ]);
    expect(rows).toHaveLength(2);
  });

  it('stickers, images and voice get a polite text-only reply; groups are ignored unless the bot is named', async () => {
    await boot();
    await zalo.push(FakeZalo.update('message.sticker.received', { chatId: 'chat-3', extra: { sticker: 'abc' } }));
    await zalo.waitFor(() => answersTo('chat-3').length === 1);
    expect(answersTo('chat-3')[0]!.text).toBe(TEXT_ONLY);
    await zalo.push(FakeZalo.update('message.image.received', { chatId: 'chat-3', extra: { photo_url: 'https://x/y.jpg' } }));
    await zalo.waitFor(() => answersTo('chat-3').length === 2);
    await zalo.push(
      FakeZalo.update('message.text.received', { chatId: 'grp-1', userId: 'u5', text: 'cảm ơn', chatType: 'GROUP' }),
    );
    await zalo.push(FakeZalo.update('message.sticker.received', { chatId: 'grp-1', userId: 'u5', chatType: 'GROUP' }));
    await zalo.push(FakeZalo.update('message.some.future.event', { chatId: 'chat-3' }));
    await zalo.push(
      FakeZalo.update('message.text.received', { chatId: 'grp-1', userId: 'u5', text: '@TroLyDVC cảm ơn', chatType: 'GROUP' }),
    );
    await zalo.waitFor(() => answersTo('grp-1').length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(answersTo('grp-1')).toHaveLength(1);
    expect(answersTo('chat-3')).toHaveLength(2);
    expect(EDITED_IGNORED).not.toBe(TEXT_ONLY);
  });

  it('a message over MAX_QUESTION_CHARS characters is answered on its first part, with a note', async () => {
    await boot();
    const long = `nộp hồ sơ trực tuyến thế nào ${'xin hướng dẫn chi tiết giúp tôi '.repeat(Math.ceil(MAX_QUESTION_CHARS / 30))}`;
    expect(long.length).toBeGreaterThan(MAX_QUESTION_CHARS);
    await zalo.push(FakeZalo.update('message.text.received', { chatId: 'chat-10', text: long }));
    await zalo.waitFor(() => answersTo('chat-10').length >= 1);
    await channels.dispatcher.close(); // every part sent
    expect(
      answersTo('chat-10')
        .map((m) => m.text)
        .join('\n'),
    ).toContain(String(MAX_QUESTION_CHARS));
  });

  it('a citizen sends just a dossier code: its status, the reason it was late and the unit’s one-stop desk', async () => {
    await importLookup(db);
    await boot();
    await zalo.push(FakeZalo.update('message.text.received', { chatId: 'chat-lk', userId: 'zu-lk', text: LOOKUP.code }));
    await zalo.waitFor(() => answersTo('chat-lk').length === 1);
    const text = answersTo('chat-lk')[0]!.text;
    expect(text).toContain(`Hồ sơ ${LOOKUP.code}`);
    expect(text).toContain('Tình trạng: Đã hoàn thành, trễ hạn');
    expect(text).toContain('Chờ xác minh nơi cư trú');
    expect(text).toContain(`liên hệ: ${LOOKUP.contact}`);
  });

  it('"đăng ký CODE" enrolls the Zalo account like /dangky', async () => {
    await boot();
    await insertUnits(db.kysely, [{ code: 'XA01', name: 'UBND xã Một', path: '/XA01/' }]);
    const invite = await createInvite(db.kysely, 'XA01');
    await zalo.push(
      FakeZalo.update('message.text.received', { chatId: 'chat-9', userId: 'zu-9', text: `đăng ký ${invite.code}` }),
    );
    await zalo.waitFor(() => answersTo('chat-9').length === 1);
    const account = await db.kysely
      .selectFrom('officer_accounts')
      .select('chat_id')
      .where('channel', '=', 'zalo')
      .where('user_id', '=', 'zu-9')
      .executeTakeFirst();
    expect(account).toMatchObject({ chat_id: 'chat-9' });
  });

  it('officer matters only in a private chat: a GROUP chat gets "nhắn riêng", no figure, no unit name', async () => {
    await boot();
    await insertUnits(db.kysely, [{ code: 'XA02', name: 'UBND xã Kín Đáo', path: '/XA02/' }]);
    const invite = await createInvite(db.kysely, 'XA02');
    const inGroup = (text: string, userId = 'zu-20') =>
      FakeZalo.update('message.text.received', { chatId: 'grp-20', userId, text: `@TroLyDVC ${text}`, chatType: 'GROUP' });
    const groupAnswers = () => answersTo('grp-20').map((m) => m.text);
    await zalo.push(inGroup(`đăng ký ${invite.code}`));
    await zalo.waitFor(() => groupAnswers().length === 1);
    expect(groupAnswers()[0]).toBe(PRIVATE_ONLY);
    expect(await countOf(db.kysely.selectFrom('officer_accounts').where('user_id', '=', 'zu-20'))).toBe(0);
    await zalo.push(FakeZalo.update('message.text.received', { chatId: 'p-20', userId: 'zu-20', text: `đăng ký ${invite.code}` }));
    await zalo.waitFor(() => answersTo('p-20').length === 1);
    expect(await db.kysely.selectFrom('officer_accounts').select('chat_id').where('user_id', '=', 'zu-20').executeTakeFirst()).toMatchObject({ chat_id: 'p-20' });
    for (const text of ['tỷ lệ trực tuyến tháng này', 'báo cáo nhanh', 'điểm bộ chỉ số 766 tháng trước', '/baocao bat'])
      await zalo.push(inGroup(text));
    await zalo.waitFor(() => groupAnswers().length === 5);
    for (const text of groupAnswers()) {
      expect(text).toBe(PRIVATE_ONLY);
      expect(text).not.toMatch(/Kín Đáo|XA02|%/);
    }
    // A chat without chat_type that is not the sender's own is a group: unaddressed, it is ignored.
    const untyped = FakeZalo.update('message.text.received', { chatId: 'grp-21', userId: 'zu-20', text: 'báo cáo nhanh' });
    delete (untyped.message as { chat: { chat_type?: string } }).chat.chat_type;
    await zalo.push(untyped);
    // In the private chat the officer gets the unit's figures.
    await zalo.push(FakeZalo.update('message.text.received', { chatId: 'p-20', userId: 'zu-20', text: 'báo cáo nhanh' }));
    await zalo.waitFor(() => answersTo('p-20').length === 2);
    expect(answersTo('p-20')[1]!.text).toContain('Kín Đáo');
    expect(answersTo('grp-21')).toHaveLength(0);
  });

  it('webhook: sets it with the secret, refuses wrong secrets and bad JSON, answers once per message', async () => {
    await boot({ ZALO_WEBHOOK_URL: 'https://bot.example.vn/webhook/zalo', ZALO_WEBHOOK_SECRET: 'zalo-hook-secret-42' });
    expect(zalo.callsOf('setWebhook')[0]!.body).toEqual({
      url: 'https://bot.example.vn/webhook/zalo',
      secret_token: 'zalo-hook-secret-42',
    });
    const u = FakeZalo.update('message.text.received', { chatId: 'chat-4', text: 'xin chào', messageId: 'wh-1' });
    expect(await zalo.deliver(u, 'wrong-secret-000')).toBe(401);
    expect(await zalo.deliver(u, '')).toBe(401);
    expect(await zalo.deliver('{"event_name": "message.text.rec', undefined)).toBe(400);
    expect(await zalo.deliver('[1,2]', undefined)).toBe(400);
    expect(await zalo.deliver(u, undefined, 'text/plain')).toBe(415);
    await new Promise((r) => setTimeout(r, 200));
    expect(answersTo('chat-4')).toHaveLength(0);

    expect(await zalo.push(u)).toBe(200);
    expect(await zalo.push(u)).toBe(200); // redelivered
    // Some deliveries come wrapped in the API envelope.
    const wrapped = FakeZalo.update('message.text.received', { chatId: 'chat-4', text: 'cảm ơn', messageId: 'wh-2' });
    expect(await zalo.push({ ok: true, result: wrapped })).toBe(200);
    await zalo.waitFor(() => answersTo('chat-4').length === 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(answersTo('chat-4')).toHaveLength(2);
    expect(zalo.callsOf('getUpdates')).toHaveLength(0);
    const res = await fetch(`http://127.0.0.1:${http.port}/webhook/zalo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': 'zalo-hook-secret-42' },
      body: JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 10) }),
    });
    expect(res.status).toBe(413);
  });

  it('splits long replies at 2000 UTF-16 units on paragraph breaks and numbers the choices', async () => {
    await boot();
    const para = (n: number) => `Đoạn ${n}: ${'thủ tục hành chính '.repeat(40)}`.trim();
    const text = Array.from({ length: 8 }, (_, i) => para(i + 1)).join('\n\n');
    await channels.zalo!.send('chat-5', {
      intent: 'guide',
      text,
      buttons: [[{ label: 'Nộp hồ sơ', data: 'topic:submit_online' }], [{ label: 'VNeID', data: 'topic:vneid' }]],
    });
    const parts = answersTo('chat-5').map((m) => m.text);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000);
    for (const p of parts.slice(0, -1)) expect(p.endsWith('thủ tục hành chính')).toBe(true);
    expect(parts.join('\n\n')).toContain('Đoạn 8');
    expect(parts.at(-1)).toMatch(/1\. Nộp hồ sơ\n2\. VNeID$/);
  });

  it('sends chart images as a public URL under PUBLIC_BASE_URL/img/<token>.png that expires', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    await boot({ PUBLIC_BASE_URL: 'http://127.0.0.1:1/' });
    await channels.zalo!.send('chat-6', {
      intent: 'officer',
      text: 'Biểu đồ',
      image: { png, filename: 'a.png', caption: 'Tỷ lệ' },
    });
    const photo = zalo.callsOf('sendPhoto')[0]!.body as { photo: string; caption: string; chat_id: string };
    expect(photo.chat_id).toBe('chat-6');
    expect(photo.caption).toBe('Tỷ lệ');
    const m = /^http:\/\/127\.0\.0\.1:1\/img\/([0-9a-f]{32})\.png$/.exec(photo.photo);
    expect(m).not.toBeNull();
    const got = await fetch(`http://127.0.0.1:${http.port}/img/${m![1]}.png`);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(png);
    expect((await fetch(`http://127.0.0.1:${http.port}/img/${'0'.repeat(32)}.png`)).status).toBe(404);
  });

  it('without PUBLIC_BASE_URL sends the caption as text', async () => {
    await boot();
    const png = Uint8Array.from([1, 2, 3]);
    await channels.zalo!.send('chat-7', {
      intent: 'officer',
      text: 'Số liệu',
      image: { png, filename: 'a.png', caption: 'Tỷ lệ' },
    });
    expect(zalo.callsOf('sendPhoto')).toHaveLength(0);
    expect(answersTo('chat-7').map((m) => m.text)).toEqual(['Số liệu', expect.stringContaining('Tỷ lệ')]);
  });

  it('a reply Zalo refuses (503 on every retry) is counted and kept to be answered later, not dropped', async () => {
    await boot();
    const boom = { status: 503, body: { ok: false, error_code: 503, description: 'Unavailable' } };
    zalo.fail('sendMessage', boom, boom, boom, boom);
    await zalo.push(FakeZalo.update('message.text.received', { chatId: 'chat-8', text: 'xin chào' }));
    await zalo.waitFor(() => zalo.callsOf('sendMessage').filter((c) => c.body.chat_id === 'chat-8').length === 4);
    await channels.dispatcher.close();
    const metrics = await (await fetch(`http://127.0.0.1:${http.port}/metrics`)).text();
    expect(metrics).toMatch(/dvc_errors_total\{channel="zalo",stage="send_deferred"\} 1/);
    expect(metrics).toMatch(/dvc_updates_received_total\{channel="zalo"\} 1/);
    // Still owed: not done, handed back for the next attempt (RESEND_AFTER_MS later, or after a restart).
    const rows = await db.sql.query<{ done: boolean; later: boolean }>(
      `SELECT done_at IS NOT NULL AS done, lease_until > now() + interval '10 seconds' AS later
         FROM processed_updates WHERE channel = 'zalo' AND event->>'chatId' = 'chat-8'`,
    );
    expect(rows).toEqual([{ done: false, later: true }]);
  });
});
