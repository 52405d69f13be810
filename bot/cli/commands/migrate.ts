import type { Command } from 'commander';
import { openDatabase } from '../../../src/store/db.ts';
import { applyMigrations } from '../../../src/store/migrate.ts';
import { cliConfig } from '../context.ts';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('Áp dụng các migration còn thiếu / apply pending database migrations')
    .action(async () => {
      const config = cliConfig();
      const db = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.DATABASE_URL, migrate: false });
      try {
        const applied = await applyMigrations(db.sql);
        console.log(applied.length ? `Đã áp dụng / applied: ${applied.join(', ')}` : 'CSDL đã mới nhất / database is up to date');
      } finally {
        await db.close();
      }
    });
}
