import type { Command } from 'commander';
import { createApp } from '../../../src/app.ts';
import { startHttpServer } from '../../http/server.ts';
import { runTerminalChat } from '../../terminal/chat.ts';
import { cliConfig } from '../context.ts';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('Chạy các kênh đã cấu hình và máy chủ HTTP / run configured channels and the HTTP server')
    .option('--no-chat', 'không mở trò chuyện trên terminal / no terminal chat')
    .action(async (opts: { chat: boolean }) => {
      const config = cliConfig();
      const app = await createApp(config);
      const http = await startHttpServer(config.PORT, config.HOST, async () => {
        await app.db.sql.query('SELECT 1');
        return true;
      });
      const log = app.log;
      log.info({ port: http.port, db: app.db.backend }, 'HTTP server listening');

      const channels: string[] = [];
      const off: string[] = [];
      if (config.TELEGRAM_BOT_TOKEN) channels.push('telegram');
      else off.push('Telegram: tắt — đặt TELEGRAM_BOT_TOKEN trong .env để bật / set TELEGRAM_BOT_TOKEN to enable');
      if (config.ZALO_BOT_TOKEN) channels.push('zalo');
      else off.push('Zalo: tắt — đặt ZALO_BOT_TOKEN trong .env để bật / set ZALO_BOT_TOKEN to enable');
      process.stderr.write(
        `Trợ lý DVC đang chạy (CSDL: ${app.db.backend}, HTTP: http://127.0.0.1:${http.port}/healthz)\n${off.map((l) => `• ${l}`).join('\n')}\n`,
      );

      let stopping = false;
      const stop = async (code = 0) => {
        if (stopping) return;
        stopping = true;
        const timer = setTimeout(() => process.exit(1), 10_000);
        timer.unref();
        await http.close();
        await app.close();
        process.exit(code);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());

      if (channels.length === 0 && opts.chat) {
        await runTerminalChat(app.core, { input: process.stdin, output: process.stdout });
        await stop();
      }
    });
}
