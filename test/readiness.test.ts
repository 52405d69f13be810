import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UpdateDedup } from '../bot/channels/dedup.ts';
import { Dispatcher } from '../bot/channels/dispatcher.ts';
import { createMetrics } from '../bot/channels/metrics.ts';
import { UserRateLimiter } from '../bot/channels/rate-limit.ts';
import { type Channels, startChannels } from '../bot/channels/runtime.ts';
import { type HttpServer, startHttpServer } from '../bot/http/server.ts';
import { TelegramChannel } from '../bot/telegram/channel.ts';
import { ImageStore } from '../bot/channels/image-store.ts';
import { ZaloChannel } from '../bot/zalo/channel.ts';
import type { Core } from '../src/core/types.ts';
import { createLogger } from '../src/log.ts';
import { coreFor } from './helpers/channel-app.ts';
import { BIN, cliEnv, templateDataDir } from './helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { FakeTelegram } from './helpers/telegram-bot-api.ts';
import { FakeZalo } from './helpers/zalo-bot-api.ts';

// Issue 13 item 3: ready means able to take updates; a channel stopped for good is not ready.

const log = createLogger('silent');
const tgUpdate = (id: number, chat: number, text: string) => ({
  update_id: id,
  message: { message_id: id, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: 'private' }, from: { id: chat, is_bot: false, first_name: 'Lan' }, text },
});

describe('readiness', () => {
  let db: TestDatabase;
  let core: Core;
  let http: HttpServer | undefined;
  let channels: Channels | undefined;
  const fakes: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
    ({ core } = await coreFor(db));
  });
  afterAll(() => db.close());
  afterEach(async () => {
    await http?.close();
    await channels?.stop();
    for (const f of fakes.splice(0)) await f.close();
    http = undefined;
    channels = undefined;
  });
  const dispatcher = () =>
    new Dispatcher({ core, dedup: new UpdateDedup(db.kysely), limiter: new UserRateLimiter(100), metrics: createMetrics(), log });

  it('a webhook path without its route yet answers 503 with Retry-After until the server has started, then 404', async () => {
    http = await startHttpServer(0, '127.0.0.1', async () => true);
    const post = () => fetch(`http://127.0.0.1:${http!.port}/webhook/zalo`, { method: 'POST', body: '{}' });
    const early = await post();
    expect(early.status).toBe(503);
    expect(early.headers.get('retry-after')).toBe('5');
    http.started();
    expect((await post()).status).toBe(404);
  });

  it('Telegram: an update reaching the webhook before the bot is initialised gets 503, is redelivered and answered once', async () => {
    const tg = await new FakeTelegram().listen();
    fakes.push(tg);
    http = await startHttpServer(0, '127.0.0.1', async () => true);
    const metrics = createMetrics();
    const d = dispatcher();
    const channel = new TelegramChannel({
      token: tg.token,
      apiRoot: tg.apiRoot,
      webhookUrl: 'https://bot.example.vn/webhook/telegram',
      webhookSecret: 'tg-ready-secret-123',
      dispatcher: d,
      metrics,
      log,
    });
    http.route('POST', '/webhook/telegram', channel.webhookRoute()!);
    tg.deliverTo = `http://127.0.0.1:${http.port}/webhook/telegram`;
    const u = tgUpdate(4100, 4100, 'xin chào');
    expect(await tg.deliver(u, 'tg-ready-secret-123')).toBe(503);
    expect(channel.state).toBe('starting');
    await channel.start();
    expect(channel.state).toBe('running');
    expect(await tg.deliver(u, 'tg-ready-secret-123')).toBe(200);
    await tg.waitFor(() => tg.sent.some((m) => String(m.chat_id) === '4100'));
    await d.close();
    expect(tg.sent.filter((m) => String(m.chat_id) === '4100')).toHaveLength(1);
    await channel.stop();
  });

  it('Zalo: before getMe has answered the webhook says 503, after it the update is answered', async () => {
    const zalo = await new FakeZalo().listen();
    fakes.push(zalo);
    http = await startHttpServer(0, '127.0.0.1', async () => true);
    const d = dispatcher();
    const channel = new ZaloChannel({
      token: zalo.token,
      apiRoot: zalo.url,
      webhookUrl: 'https://bot.example.vn/webhook/zalo',
      webhookSecret: 'zalo-ready-secret',
      dispatcher: d,
      images: new ImageStore(),
      metrics: createMetrics(),
      log,
    });
    http.route('POST', '/webhook/zalo', channel.webhookRoute()!);
    zalo.deliverTo = `http://127.0.0.1:${http.port}/webhook/zalo`;
    const u = FakeZalo.update('message.text.received', { chatId: 'rz-1', text: 'xin chào', messageId: 'rz-1' });
    expect(await zalo.deliver(u, 'zalo-ready-secret')).toBe(503);
    await channel.start();
    expect(await zalo.deliver(u, 'zalo-ready-secret')).toBe(200);
    await zalo.waitFor(() => zalo.sent.some((m) => m.chat_id === 'rz-1'));
    await d.close();
  });

  it('an update the dispatcher cannot take (closed) fails its delivery instead of being acknowledged and dropped', async () => {
    const tg = await new FakeTelegram().listen();
    const zalo = await new FakeZalo().listen();
    fakes.push(tg, zalo);
    const d = dispatcher();
    const telegram = new TelegramChannel({ token: tg.token, apiRoot: tg.apiRoot, dispatcher: d, metrics: createMetrics(), log });
    await telegram.bot.init();
    const za = new ZaloChannel({ token: zalo.token, apiRoot: zalo.url, dispatcher: d, images: new ImageStore(), metrics: createMetrics(), log });
    await d.close();
    await expect(telegram.bot.handleUpdate(tgUpdate(4200, 4200, 'xin chào') as never)).rejects.toThrow(/not taken: closed/);
    await expect(za.take(FakeZalo.update('message.text.received', { chatId: 'rz-2', text: 'xin chào' }) as never)).rejects.toThrow(
      /not taken: closed/,
    );
  });

  it('/readyz is 200 only while every configured channel runs; 409 (Telegram) and 401 (Zalo) stop it for good', async () => {
    const tg = await new FakeTelegram().listen();
    const zalo = await new FakeZalo().listen();
    fakes.push(tg, zalo);
    const { config } = await coreFor(db, {
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      ZALO_BOT_TOKEN: zalo.token,
      ZALO_API_ROOT: zalo.url,
    });
    let current: Channels | undefined;
    http = await startHttpServer(0, '127.0.0.1', async () => current?.ready ?? false);
    const readyz = async () => (await fetch(`http://127.0.0.1:${http!.port}/readyz`)).status;
    expect(await readyz()).toBe(503); // channels not started yet
    const stopped: string[] = [];
    channels = await startChannels({
      config,
      core,
      db: db.kysely,
      log,
      http,
      telegram: { pollTimeoutSeconds: 1, requestTimeoutSeconds: 3 },
      zalo: { pollTimeoutSeconds: 1, client: { backoffBaseMs: 20, backoffCapMs: 50, timeoutMs: 1000 } },
      onStopped: (channel) => stopped.push(channel),
    });
    current = channels;
    http.started();
    expect(await readyz()).toBe(200);
    // Another process starts polling the same Telegram bot: 409 Conflict.
    tg.fail('getUpdates', {
      status: 409,
      body: { ok: false, error_code: 409, description: 'Conflict: terminated by other getUpdates request' },
    });
    await expect.poll(() => stopped, { timeout: 10_000 }).toContain('telegram');
    expect(channels.telegram!.state).toBe('stopped');
    expect(await readyz()).toBe(503);
    // The Zalo token is revoked.
    zalo.fail('getUpdates', { status: 200, body: { ok: false, error_code: 401, description: 'Unauthorized' } });
    await expect.poll(() => stopped, { timeout: 10_000 }).toContain('zalo');
    expect(channels.zalo!.state).toBe('stopped');
  }, 30_000);
});

describe('`start` with a channel stopped for good', () => {
  it('exits with code 1 (for its supervisor) when Telegram answers 409 to polling', async () => {
    const tg = await new FakeTelegram().listen();
    try {
      const conflict = { status: 409, body: { ok: false, error_code: 409, description: 'Conflict: terminated by other getUpdates request' } };
      tg.fail('getUpdates', conflict);
      const proc = spawn(process.execPath, [BIN, 'start', '--no-chat'], {
        env: cliEnv(templateDataDir('ready'), undefined, {
          PORT: '0',
          HOST: '127.0.0.1',
          TELEGRAM_BOT_TOKEN: tg.token,
          TELEGRAM_API_ROOT: tg.apiRoot,
        }),
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      proc.stderr!.on('data', (d) => {
        stderr += String(d);
      });
      const code = await new Promise<number | null>((resolve) => proc.once('exit', (c) => resolve(c)));
      expect(code, stderr).toBe(1);
      expect(tg.callsOf('getUpdates').length).toBeGreaterThanOrEqual(1);
    } finally {
      await tg.close();
    }
  }, 120_000);
});

describe('webhook with a wrong secret', () => {
  it('answers 401 with Connection: close without reading the body', async () => {
    const http = await startHttpServer(0, '127.0.0.1', async () => true);
    try {
      const { webhookHandler } = await import('../bot/http/webhook.ts');
      let read = false;
      http.route(
        'POST',
        '/webhook/zalo',
        webhookHandler({
          channel: 'zalo',
          secretHeader: 'x-bot-api-secret-token',
          secret: 'right-secret-value',
          metrics: createMetrics(),
          log,
          onUpdate: async () => {
            read = true;
          },
        }),
      );
      http.started();
      // 20 MB announced, none sent: the answer must come anyway, and the connection close.
      const socket = connect(http.port, '127.0.0.1');
      socket.write(
        'POST /webhook/zalo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Bot-Api-Secret-Token: wrong\r\nContent-Length: 20000000\r\n\r\n{"a":',
      );
      let response = '';
      socket.on('data', (d) => {
        response += String(d);
      });
      await new Promise<void>((resolve) => socket.once('close', () => resolve()));
      expect(response).toMatch(/^HTTP\/1\.1 401/);
      expect(response.toLowerCase()).toContain('connection: close');
      expect(read).toBe(false);
    } finally {
      await http.close();
    }
  });
});
