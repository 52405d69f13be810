import type { Command } from 'commander';
import { indexDir, openEngine } from '../../../src/answer/index.ts';
import { EvalFileError, readEvalFile, scoreCases, toCase } from '../../../src/answer/evaluate.ts';
import { GuideError } from '../../../src/retrieval/guides.ts';
import { CliError, cliConfig } from '../context.ts';

async function engineOrExplain(force = false) {
  try {
    return await openEngine(cliConfig(), { force });
  } catch (err) {
    if (err instanceof GuideError) throw new CliError(`Hướng dẫn sai / invalid guide: ${err.message}`);
    throw err;
  }
}

/** `index` and `eval` (knowledge index and answer quality). No database needed. */
export function registerGuideCommands(program: Command): void {
  program
    .command('index')
    .description('Xây dựng/cập nhật chỉ mục kiến thức / build or refresh the knowledge index')
    .option('--force', 'xây lại kể cả khi không có gì thay đổi / rebuild even if nothing changed')
    .action(async (opts: { force?: boolean }) => {
      const { status } = await engineOrExplain(Boolean(opts.force));
      const what = status.rebuilt ? `đã xây lại / rebuilt (${status.reason})` : 'đã mới nhất, không cần xây lại / up to date';
      process.stdout.write(
        `Chỉ mục kiến thức / knowledge index: ${status.guides} hướng dẫn / guides, ${status.chunks} đoạn / chunks — ${what}, ${Math.round(status.ms)} ms\n` +
          `${indexDir(cliConfig())}\n`,
      );
    });
  program
    .command('eval')
    .argument('<FILE>', 'tệp câu hỏi .jsonl ({"q","topic","id"?,"must_mention"})')
    .option('--json', 'in kết quả dạng JSON / print the metrics as JSON')
    .description('Đo chất lượng trả lời trên bộ câu hỏi / answer quality on a question set')
    .action(async (file: string, opts: { json?: boolean }) => {
      let questions: ReturnType<typeof readEvalFile>;
      try {
        questions = readEvalFile(file);
      } catch (err) {
        if (err instanceof EvalFileError) throw new CliError(err.message);
        throw err;
      }
      const { engine } = await engineOrExplain();
      for (const q of questions.slice(0, 5)) await engine.answer(q.q); // warm-up: JIT, caches
      const cases = [];
      for (const q of questions) {
        const t = performance.now();
        const a = await engine.answer(q.q);
        cases.push(toCase(q, a, performance.now() - t));
      }
      const m = scoreCases(cases);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ file, ...m })}\n`);
        return;
      }
      const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
      process.stdout.write(
        [
          `${file}: ${m.questions} câu hỏi / questions (${m.inScope} trong phạm vi / in scope, ${m.outOfScope} ngoài phạm vi / out of scope)`,
          `hit@1 ${pct(m['hit@1'])}   hit@3 ${pct(m['hit@3'])}   MRR@10 ${m['mrr@10'].toFixed(3)}`,
          `must-mention ${pct(m.mustMentionRecall)}   out-of-scope ${pct(m.outOfScopeAccuracy)}   in-scope answered ${pct(m.inScopeAnswered)}`,
          `latency p50 ${m.p50Ms.toFixed(2)} ms   p95 ${m.p95Ms.toFixed(2)} ms`,
        ]
          .join('\n')
          .concat('\n'),
      );
    });
}
