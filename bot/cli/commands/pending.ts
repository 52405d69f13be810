import type { Command } from 'commander';
import { CliError } from '../context.ts';

const notReady = (what: string) => async () => {
  throw new CliError(`${what}: chưa sẵn sàng / not available yet`, 3);
};

// Commands from DESIGN.md whose implementation lands with later issues. They exist so --help
// lists the whole command line from day one.
export function registerPending(program: Command, names: Set<string>): void {
  if (names.has('index'))
    program.command('index').description('Xây dựng/cập nhật chỉ mục kiến thức / build or refresh the knowledge index').action(notReady('index'));
  if (names.has('eval'))
    program
      .command('eval')
      .argument('<FILE>', 'tệp câu hỏi .jsonl')
      .option('--json')
      .description('Đo chất lượng trả lời trên bộ câu hỏi / answer quality on a question set')
      .action(notReady('eval'));
  if (names.has('import'))
    program
      .command('import')
      .argument('<kind>', 'units | dossiers | scores')
      .argument('<FILE>', 'tệp CSV')
      .description('Nhập dữ liệu CSV (tất cả hoặc không) / import a CSV file, all or nothing')
      .action(notReady('import'));
  if (names.has('seed'))
    program
      .command('seed')
      .option('--demo', 'tỉnh mẫu / demo province')
      .description('Tạo dữ liệu mẫu / create demo data')
      .action(notReady('seed'));
  if (names.has('officer')) {
    const officer = program.command('officer').description('Quản lý cán bộ / manage officers');
    officer.command('invite').option('--unit <CODE>').option('--days <N>').description('In mã mời mới / print a new invite code').action(notReady('officer invite'));
    officer.command('list').description('Danh sách cán bộ / list officers').action(notReady('officer list'));
    officer.command('revoke').argument('<ID>').description('Thu hồi quyền / revoke an officer').action(notReady('officer revoke'));
  }
}
