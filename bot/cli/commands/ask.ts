import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { Reply } from '../../../src/core/types.ts';
import { UnknownUnitError } from '../../../src/app.ts';
import { renderPlain } from '../../../src/core/render.ts';
import { CliError, withApp } from '../context.ts';

interface AskOptions {
  json?: boolean;
  unit?: string;
  now?: string;
  chart?: string;
}

/** The `ask --json` object (DESIGN.md § Command line). */
export function toJson(q: string, reply: Reply, ms: number): Record<string, unknown> {
  const out: Record<string, unknown> = {
    q,
    intent: reply.intent,
    text: reply.text,
    sources: (reply.sources ?? []).map((s) => ({ id: s.id, title: s.title, topic: s.topic, url: s.url })),
    ms: Math.round(ms * 100) / 100,
  };
  if (reply.figure) Object.assign(out, reply.figure);
  return out;
}

export function registerAsk(program: Command): void {
  program
    .command('ask')
    .description('Trả lời một câu hỏi, hoặc mỗi dòng stdin một câu / answer one question, or one per stdin line')
    .argument('[question...]', 'câu hỏi / the question')
    .option('--json', 'in JSON mỗi câu một dòng / one JSON object per question')
    .option('--unit <CODE>', 'trả lời như cán bộ đã đăng ký của đơn vị CODE / answer as an enrolled officer of CODE')
    .option('--now <ISO>', 'cố định đồng hồ / fix the clock (ISO 8601)')
    .option('--chart <FILE>', 'ghi biểu đồ (nếu có) ra tệp PNG / write a chart reply to this PNG file')
    .action(async (words: string[], opts: AskOptions) => {
      let now: Date | undefined;
      if (opts.now) {
        now = new Date(opts.now);
        if (Number.isNaN(now.getTime()))
          throw new CliError(`--now không hợp lệ / invalid --now: ${opts.now} (ISO 8601, ví dụ 2025-11-20T09:00:00+07:00)`);
      }
      const appOpts = opts.unit ? { actAsUnit: opts.unit } : {};
      try {
        await withApp(async (app) => {
          const answer = async (q: string, i: number) => {
            const started = performance.now();
            const reply = await app.core.handle({
              channel: 'cli',
              chatId: 'cli-ask',
              userId: 'cli',
              text: q,
              ...(now ? { now } : {}),
            });
            const ms = performance.now() - started;
            if (reply.image && opts.chart) {
              const { writeFileSync } = await import('node:fs');
              const file = i === 0 ? opts.chart : opts.chart.replace(/(\.png)?$/i, `-${i + 1}.png`);
              writeFileSync(file, reply.image.png);
            }
            if (opts.json) process.stdout.write(`${JSON.stringify(toJson(q, reply, ms))}\n`);
            else {
              const chart = reply.image
                ? `\n[Biểu đồ: ${opts.chart ?? reply.image.filename}${opts.chart ? '' : ' — dùng --chart FILE để lưu'}]`
                : '';
              process.stdout.write(`${renderPlain(reply)}${chart}\n\n`);
            }
          };
          const question = words.join(' ').trim();
          if (question) return answer(question, 0);
          const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
          let i = 0;
          for await (const line of rl) if (line.trim()) await answer(line.trim(), i++);
        }, appOpts);
      } catch (err) {
        if (err instanceof UnknownUnitError) throw new CliError(err.message);
        throw err;
      }
    });
}
