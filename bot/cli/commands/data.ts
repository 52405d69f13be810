import type { Command } from 'commander';
import { DemoRefused, seedDemo } from '../../../src/indicators/demo.ts';
import {
  type CsvSource,
  ImportError,
  type ImportResult,
  importDossiers,
  importScores,
  importUnits,
} from '../../../src/indicators/import/index.ts';
import type { Db } from '../../../src/store/db.ts';
import { vnFormat } from '../../../src/time/vietnam.ts';
import { existsSync } from 'node:fs';
import { CliError, withDatabase } from '../context.ts';

const IMPORTERS: Record<string, (db: Db, source: CsvSource) => Promise<ImportResult>> = {
  units: importUnits,
  dossiers: importDossiers,
  scores: importScores,
};

const LABEL: Record<string, string> = { units: 'đơn vị', dossiers: 'hồ sơ', scores: 'điểm chỉ số' };

function parseNow(text: string | undefined): Date {
  if (!text) return new Date();
  const d = new Date(text);
  if (Number.isNaN(d.getTime()))
    throw new CliError(`--now không hợp lệ / invalid --now: ${text} (ISO 8601, ví dụ 2025-11-20T09:00:00+07:00)`);
  return d;
}

/** `import` and `seed`. */
export function registerDataCommands(program: Command): void {
  program
    .command('import')
    .argument('<kind>', 'units | dossiers | scores')
    .argument('<FILE>', 'tệp CSV (UTF-8, dòng đầu là tiêu đề)')
    .description('Nhập dữ liệu CSV (tất cả hoặc không) / import a CSV file, all or nothing')
    .action(async (kind: string, file: string) => {
      const importer = IMPORTERS[kind];
      if (!importer)
        throw new CliError(`Loại dữ liệu không hợp lệ: ${kind} (cần units, dossiers hoặc scores) / unknown kind ${kind}`);
      if (!existsSync(file)) throw new CliError(`Không thấy tệp ${file} / file not found: ${file}`);
      await withDatabase(async (db) => {
        let r: ImportResult;
        try {
          r = await importer(db.kysely, file);
        } catch (err) {
          if (err instanceof ImportError) throw new CliError(`Tệp ${file} có lỗi, không nhập gì:\n${err.message}`);
          throw err;
        }
        const lines = [
          `Đã nhập ${r.rows} ${LABEL[kind]} từ ${file}: ${r.inserted} mới, ${r.updated} cập nhật (${(r.ms / 1000).toFixed(1)} giây).`,
          `Imported ${r.rows} rows: ${r.inserted} inserted, ${r.updated} updated in ${(r.ms / 1000).toFixed(1)} s.`,
        ];
        if (r.ignoredColumns.length > 0)
          lines.push(`Bỏ qua các cột không dùng / ignored columns: ${r.ignoredColumns.join(', ')}`);
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });
  program
    .command('seed')
    .option('--demo', 'tỉnh mẫu / demo province')
    .option('--now <ISO>', 'ngày cuối của 12 tháng dữ liệu / last day of the 12 months (ISO 8601)')
    .option('--force', 'tạo cả khi cơ sở dữ liệu đã có dữ liệu khác (không xóa, không sửa dữ liệu đó) / add the demo beside other data')
    .description('Tạo dữ liệu mẫu / create demo data')
    .action(async (opts: { demo?: boolean; now?: string; force?: boolean }) => {
      if (!opts.demo) throw new CliError('Hiện chỉ có dữ liệu mẫu: dùng seed --demo / only --demo is available');
      const now = parseNow(opts.now);
      await withDatabase(async (db) => {
        let r: Awaited<ReturnType<typeof seedDemo>>;
        try {
          r = await seedDemo(db, { now, force: opts.force ?? false });
        } catch (err) {
          if (err instanceof DemoRefused) throw new CliError(err.message);
          throw err;
        }
        const expires = vnFormat(r.invite.expiresAt, 'd/M/yyyy');
        process.stdout.write(
          `${[
            `Đã tạo tỉnh mẫu: ${r.units} đơn vị, ${r.dossiers} hồ sơ trong 12 tháng đến ${vnFormat(now, 'd/M/yyyy')} (${(r.ms / 1000).toFixed(1)} giây).`,
            '',
            `Mã mời cán bộ ${r.invite.unitName} (${r.invite.unitCode}): ${r.invite.code}`,
            `Gửi /dangky ${r.invite.code} cho bot (Zalo: đăng ký ${r.invite.code}). Mã dùng một lần, hết hạn ngày ${expires}.`,
            `Thử ngay trên terminal: npx tro-ly-dvc ask --unit ${r.invite.unitCode} "tỷ lệ trực tuyến tháng này"`,
            ...(r.sample ? [`Người dân tra cứu hồ sơ: npx tro-ly-dvc ask "tra cứu hồ sơ ${r.sample}"`] : []),
            '',
            `Demo province created (${r.units} units, ${r.dossiers} dossiers). Invite code for ${r.invite.unitCode}: ${r.invite.code}`,
            ...(r.kept.units + r.kept.dossiers + r.kept.scores > 0
              ? [
                  `Giữ nguyên dữ liệu khác / other data kept as it was: ${r.kept.units} đơn vị, ${r.kept.dossiers} hồ sơ, ${r.kept.scores} điểm chỉ số.`,
                ]
              : []),
          ].join('\n')}\n`,
        );
      });
    });
}
