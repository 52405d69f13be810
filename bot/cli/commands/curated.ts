import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { exportCurated, importCurated } from '../../../src/curated/files.ts';
import { CuratedInputError } from '../../../src/curated/store.ts';
import { KNOWLEDGE_ROOT } from '../../../src/paths.ts';
import { CliError, withApp } from '../context.ts';

const DEFAULT_DIR = join(KNOWLEDGE_ROOT, 'curated');

function actor(by: string | undefined): string {
  if (by) return by.startsWith('cli:') ? by : `cli:${by}`;
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/** `curated export|import`: editors' content to and from knowledge/curated/*.yaml, for review in git. */
export function registerCuratedCommands(program: Command): void {
  const curated = program
    .command('curated')
    .description('Câu hỏi mẫu, câu trả lời biên soạn, câu hỏi ngoài phạm vi / curated examples, answers and out-of-scope marks');
  curated
    .command('export')
    .option('--dir <DIR>', 'thư mục / directory', DEFAULT_DIR)
    .description('Ghi ra knowledge/curated/*.yaml / write knowledge/curated/*.yaml')
    .action(async (opts: { dir: string }) => {
      await withApp(async (app) => {
        const n = await exportCurated(app.curated, opts.dir);
        process.stdout.write(
          `Đã xuất / exported: ${n.example} câu hỏi mẫu, ${n.answer} câu trả lời, ${n.out_of_scope} ngoài phạm vi → ${opts.dir}\n`,
        );
      });
    });
  curated
    .command('import')
    .option('--dir <DIR>', 'thư mục / directory', DEFAULT_DIR)
    .option('--by <NAME>', 'người thực hiện (ghi vào lịch sử) / who is importing (recorded)')
    .option('--prune', 'xóa mục không còn trong tệp / delete entries the files no longer have')
    .description('Nạp từ knowledge/curated/*.yaml (tệp lỗi thì không ghi gì) / load knowledge/curated/*.yaml (all or nothing)')
    .action(async (opts: { dir: string; by?: string; prune?: boolean }) => {
      await withApp(async (app) => {
        try {
          const r = await importCurated(app.curated, opts.dir, actor(opts.by), {
            prune: !!opts.prune,
            knownGuide: (id) => app.curated.knowsGuide(id),
          });
          process.stdout.write(
            `Đã nạp / imported: ${r.created} mới, ${r.updated} sửa, ${r.unchanged} không đổi, ${r.removed} xóa (created, updated, unchanged, removed)\n`,
          );
        } catch (err) {
          if (err instanceof CuratedInputError) throw new CliError(err.message);
          throw err;
        }
      });
    });
}
