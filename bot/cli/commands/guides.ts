import type { Command } from 'commander';
import { CliError } from '../context.ts';

const notReady = (what: string) => async () => {
  throw new CliError(`${what}: chưa sẵn sàng / not available yet`, 3);
};

/** `index` and `eval` (knowledge index and answer quality). */
export function registerGuideCommands(program: Command): void {
  program.command('index').description('Xây dựng/cập nhật chỉ mục kiến thức / build or refresh the knowledge index').action(notReady('index'));
  program
    .command('eval')
    .argument('<FILE>', 'tệp câu hỏi .jsonl')
    .option('--json')
    .description('Đo chất lượng trả lời trên bộ câu hỏi / answer quality on a question set')
    .action(notReady('eval'));
}
