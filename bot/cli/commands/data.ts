import type { Command } from 'commander';
import { CliError } from '../context.ts';

const notReady = (what: string) => async () => {
  throw new CliError(`${what}: chưa sẵn sàng / not available yet`, 3);
};

/** `import` and `seed`. */
export function registerDataCommands(program: Command): void {
  program
    .command('import')
    .argument('<kind>', 'units | dossiers | scores')
    .argument('<FILE>', 'tệp CSV')
    .description('Nhập dữ liệu CSV (tất cả hoặc không) / import a CSV file, all or nothing')
    .action(notReady('import'));
  program
    .command('seed')
    .option('--demo', 'tỉnh mẫu / demo province')
    .description('Tạo dữ liệu mẫu / create demo data')
    .action(notReady('seed'));
}
