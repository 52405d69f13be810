import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Channels, startChannels } from '../bot/channels/runtime.ts';
import { type HttpServer, startHttpServer } from '../bot/http/server.ts';
import { dedupId } from '../bot/zalo/channel.ts';
import { loadConfig } from '../src/config.ts';
import type { Core } from '../src/core/types.ts';
import { createLogger } from '../src/log.ts';
import { coreFor } from './helpers/channel-app.ts';
import { BIN, cliEnv, templateDataDir } from './helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { FakeZalo } from './helpers/zalo-bot-api.ts';

// Issue 13 item 9: the smaller holes.

describe('configuration', () => {
  it('webhook secrets need at least 16 characters', () => {
    const tg = { TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/webhook/telegram' };
    expect(() => loadConfig({ ...tg, TELEGRAM_WEBHOOK_SECRET: 'x' })).toThrow(/TELEGRAM_WEBHOOK_SECRET.*16/);
    expect(() => loadConfig({ ...tg, TELEGRAM_WEBHOOK_SECRET: 'a'.repeat(15) })).toThrow(/16/);
    expect(loadConfig({ ...tg, TELEGRAM_WEBHOOK_SECRET: 'a'.repeat(16) }).TELEGRAM_WEBHOOK_SECRET).toHaveLength(16);
    const za = { ZALO_WEBHOOK_URL: 'https://bot.example.vn/webhook/zalo' };
    expect(() => loadConfig({ ...za, ZALO_WEBHOOK_SECRET: 'short-secret' })).toThrow(/ZALO_WEBHOOK_SECRET.*16/);
    expect(() => loadConfig({ METRICS_TOKEN: 'tiny' })).toThrow(/METRICS_TOKEN/);
  });
});

describe('dedup ids', () => {
  it('keep short platform ids and store anything long or odd as its SHA-256', () => {
    expect(dedupId('7f3a9c0e1b')).toBe('7f3a9c0e1b');
    const long = dedupId('x'.repeat(10_240));
    expect(long).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(dedupId('x'.repeat(10_240))).toBe(long);
    expect(dedupId('a b\u0000')).toMatch(/^sha256:/);
  });
});

describe('channels', () => {
  let db: TestDatabase;
  let core: Core;
  let http: HttpServer | undefined;
  let metricsHttp: HttpServer | undefined;
  let channels: Channels | undefined;
  let zalo: FakeZalo | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    ({ core } = await coreFor(db));
  });
  afterAll(() => db.close());
  afterEach(async () => {
    await http?.close();
    await metricsHttp?.close();
    await channels?.stop();
    await zalo?.close();
    http = metricsHttp = channels = zalo = undefined;
  });

  async function boot(env: Record<string, string>, separateMetrics = false) {
    zalo = await new FakeZalo().listen();
    const { config } = await coreFor(db, { ZALO_BOT_TOKEN: zalo.token, ZALO_API_ROOT: zalo.url, ...env });
    http = await startHttpServer(0, '127.0.0.1', async () => true);
    if (separateMetrics) metricsHttp = await startHttpServer(0, '127.0.0.1', async () => true);
    channels = await startChannels({
      config,
      core,
      db: db.kysely,
      log: createLogger('silent'),
      http,
      ...(metricsHttp ? { metricsHttp } : {}),
      zalo: { pollTimeoutSeconds: 1 },
    });
    zalo.deliverTo = `http://127.0.0.1:${http.port}/webhook/zalo`;
  }

  it('a 10 KB Zalo message_id is answered once and stored bounded', async () => {
    await boot({ ZALO_WEBHOOK_URL: 'https://bot.example.vn/webhook/zalo', ZALO_WEBHOOK_SECRET: 'hardening-secret-16' });
    const u = FakeZalo.update('message.text.received', { chatId: 'h-1', text: 'xin chào', messageId: 'z'.repeat(10_240) });
    expect(await zalo!.push(u)).toBe(200);
    expect(await zalo!.push(u)).toBe(200);
    await zalo!.waitFor(() => zalo!.sent.some((m) => m.chat_id === 'h-1'));
    await channels!.dispatcher.close();
    expect(zalo!.sent.filter((m) => m.chat_id === 'h-1')).toHaveLength(1);
    const rows = await db.sql.query<{ n: number }>(`SELECT max(length(update_id)) AS n FROM processed_updates`);
    expect(Number(rows[0]!.n)).toBeLessThanOrEqual(71);
  });

  it('/metrics wants the bearer token when METRICS_TOKEN is set', async () => {
    await boot({ METRICS_TOKEN: 'metrics-token-0123456789' });
    const url = `http://127.0.0.1:${http!.port}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const ok = await fetch(url, { headers: { authorization: 'Bearer metrics-token-0123456789' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('dvc_updates_received_total');
  });

  it('/metrics can live on its own server (METRICS_PORT) and is then absent from the public one', async () => {
    await boot({}, true);
    expect((await fetch(`http://127.0.0.1:${http!.port}/metrics`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${metricsHttp!.port}/metrics`)).status).toBe(200);
  });
});

describe('the terminal chat', () => {
  it('prints readable log lines on stderr, not JSON, between the answers', async () => {
    const proc = spawn(process.execPath, [BIN, 'start'], {
      env: cliEnv(templateDataDir('chat'), undefined, { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout!.on('data', (d) => {
      stdout += String(d);
    });
    proc.stderr!.on('data', (d) => {
      stderr += String(d);
    });
    proc.stdin!.end('xin chào\n');
    const code = await new Promise<number | null>((r) => proc.once('exit', (c) => r(c)));
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('Xin chào');
    expect(stderr).toMatch(/\d\d:\d\d:\d\d INFO HTTP server listening/);
    expect(stderr).not.toMatch(/^\{"level"/m);
  }, 120_000);
});
