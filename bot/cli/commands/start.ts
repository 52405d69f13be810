import type { Command } from 'commander';
import { sql } from 'kysely';
import { type App, createApp } from '../../../src/app.ts';
import type { Reply } from '../../../src/core/types.ts';
import { type ReportScheduler, startReportScheduler } from '../../../src/indicators/report-scheduler.ts';
import { startRetention } from '../../../src/store/retention.ts';
import { createLogger } from '../../../src/log.ts';
import { type Channels, startChannels } from '../../channels/runtime.ts';
import { mountConsole } from '../../console/mount.ts';
import { startHttpServer } from '../../http/server.ts';
import { runTerminalChat } from '../../terminal/chat.ts';
import { cliConfig } from '../context.ts';

/**
 * Time given to queued updates at shutdown; what is not answered by then is handed back and
 * answered after the restart. Below systemd's and Docker's 10 s before SIGKILL.
 */
const DRAIN_BUDGET_MS = 6_000;
/** Last resort if closing itself hangs (a database that does not answer). */
const SHUTDOWN_BUDGET_MS = 9_000;

/**
 * The daily quick report push (src/indicators/report-scheduler.ts), delivering through the
 * officer's own channel. Only with a channel running: with nobody to deliver to, a run would
 * spend the day's report.
 */
export function startReports(app: Pick<App, 'db' | 'config' | 'log'>, channels: Channels): ReportScheduler | null {
  if (channels.running.length === 0) return null;
  return startReportScheduler({
    db: app.db,
    config: app.config,
    log: app.log,
    send: sendThrough(channels),
  });
}

/** Sends a reply to a chat on a running channel; a channel that is not running fails the send. */
function sendThrough(channels: Channels) {
  return async (to: { channel: string; chatId: string }, reply: Reply): Promise<void> => {
    const sender = to.channel === 'telegram' || to.channel === 'zalo' ? channels.dispatcher.sender(to.channel) : undefined;
    if (!sender) throw new Error(`channel ${to.channel} is not running`);
    await sender.send(to.chatId, reply);
  };
}

/**
 * Support tickets (src/support/) reach staff chats and citizens through the running channels;
 * returns the stop function. Sends to a channel that is not running fail, and the ticket waits.
 */
export function startSupport(app: Pick<App, 'support'>, channels: Channels): () => void {
  return app.support.attach({ send: sendThrough(channels) });
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('Chạy các kênh đã cấu hình và máy chủ HTTP / run configured channels and the HTTP server')
    .option('--no-chat', 'không mở trò chuyện trên terminal / no terminal chat')
    .action(async (opts: { chat: boolean }) => {
      const config = cliConfig();
      // With no channel, the terminal chat runs: a person reads stderr there, so logs are lines, not JSON.
      const chatting = opts.chat && !config.TELEGRAM_BOT_TOKEN && !config.ZALO_BOT_TOKEN;
      const app = await createApp(config, {
        answerThreads: config.ANSWER_THREADS,
        ...(chatting ? { log: createLogger(config.LOG_LEVEL, undefined, { pretty: true }) } : {}),
      });
      const log = app.log;
      let closing = false;
      // Ready when the database answers and every configured channel takes updates. A channel that
      // stops for good (token refused, another poller) ends the process with exit code 1, so its
      // supervisor restarts it or someone looks; /readyz says 503 meanwhile.
      let channelsReady = () => false;
      let stoppedForGood = false;
      let stopForGood = () => {
        stoppedForGood = true;
      };
      const http = await startHttpServer(config.PORT, config.HOST, async () => {
        if (!channelsReady()) return false;
        await sql`SELECT 1`.execute(app.db.kysely);
        return true;
      });
      // /metrics on its own address when asked (METRICS_PORT), e.g. only for a local Prometheus.
      const metricsHttp =
        config.METRICS_PORT !== undefined ? await startHttpServer(config.METRICS_PORT, config.METRICS_HOST, async () => true) : undefined;
      metricsHttp?.started();
      let channels: Channels;
      try {
        channels = await startChannels({
          ...(metricsHttp ? { metricsHttp } : {}),
          config,
          core: app.core,
          db: app.db.kysely,
          log,
          http,
          onStopped: (channel, err) => {
            log.fatal({ err, channel }, 'channel stopped for good; exiting with code 1');
            stopForGood();
          },
        });
      } catch (err) {
        await http.close();
        await metricsHttp?.close();
        await app.close();
        throw err;
      }
      channelsReady = () => channels.ready;
      await mountConsole(http, app);
      http.started();
      const reports = startReports(app, channels);
      const stopSupport = startSupport(app, channels);
      const retention = startRetention({ db: app.db.kysely, days: config.PERSONAL_DATA_RETENTION_DAYS, log });
      log.info({ port: http.port, db: app.db.backend, channels: channels.running }, 'HTTP server listening');

      const off: string[] = [];
      if (!config.TELEGRAM_BOT_TOKEN)
        off.push('Telegram: tắt — đặt TELEGRAM_BOT_TOKEN trong .env để bật / set TELEGRAM_BOT_TOKEN to enable');
      if (!config.ZALO_BOT_TOKEN) off.push('Zalo: tắt — đặt ZALO_BOT_TOKEN trong .env để bật / set ZALO_BOT_TOKEN to enable');
      const on = channels.running.map(
        (c) =>
          `${c.channel === 'telegram' ? 'Telegram' : 'Zalo'}: bật (${c.mode === 'webhook' ? `webhook /webhook/${c.channel}` : 'long polling'})`,
      );
      if (reports) on.push(`Báo cáo nhanh hằng ngày lúc ${config.REPORT_TIME} / daily quick report at ${config.REPORT_TIME}`);
      process.stderr.write(
        `Trợ lý DVC đang chạy (CSDL: ${app.db.backend}, HTTP: http://127.0.0.1:${http.port}/healthz)\n${[...on, ...off]
          .map((l) => `• ${l}`)
          .join('\n')}\n`,
      );

      // Stop taking updates (webhooks, polls), finish the ones in progress, close the database.
      const stop = async (code = 0) => {
        if (closing) return;
        closing = true;
        const timer = setTimeout(() => {
          process.stderr.write('Dừng quá 9 giây, thoát ngay / shutdown took over 9 s, exiting\n');
          process.exit(1);
        }, SHUTDOWN_BUDGET_MS);
        timer.unref();
        try {
          reports?.stop();
          stopSupport();
          retention.stop();
          await http.close(3000);
          await metricsHttp?.close(1000);
          await channels.stop(DRAIN_BUDGET_MS);
          await app.close();
        } catch (err) {
          log.error({ err }, 'error during shutdown');
          code = 1;
        }
        process.exit(code);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      stopForGood = () => void stop(1);
      if (stoppedForGood) stopForGood();

      if (channels.running.length === 0 && opts.chat) {
        await runTerminalChat(app.core, { input: process.stdin, output: process.stdout });
        await stop();
      }
    });
}
