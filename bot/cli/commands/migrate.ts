import type { Command } from 'commander';
import { applyMigrations } from '../../../src/store/migrate.ts';
import { withDatabase } from '../context.ts';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('Áp dụng các migration còn thiếu / apply pending database migrations')
    .action(async () => {
      const applied = await withDatabase((db) => applyMigrations(db.kysely), { migrate: false });
      console.log(applied.length ? `Đã áp dụng / applied: ${applied.join(', ')}` : 'CSDL đã mới nhất / database is up to date');
    });
}
