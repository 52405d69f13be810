import { Command, CommanderError } from 'commander';
import { registerAdminCommands } from './commands/admin.ts';
import { registerAsk } from './commands/ask.ts';
import { registerCuratedCommands } from './commands/curated.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerDataCommands } from './commands/data.ts';
import { registerGuideCommands } from './commands/guides.ts';
import { registerOfficerCommands } from './commands/officer.ts';
import { registerStart } from './commands/start.ts';
import { DatabaseLockedError } from '../../src/store/data-dir-lock.ts';
import { CliError } from './context.ts';

const program = new Command('tro-ly-dvc')
  .description('Trợ lý DVC — chatbot hướng dẫn dịch vụ công trực tuyến và số liệu cho cán bộ')
  .showHelpAfterError()
  .exitOverride();

registerStart(program);
registerAsk(program);
registerGuideCommands(program);
registerDataCommands(program);
registerOfficerCommands(program);
registerMigrate(program);
registerCuratedCommands(program);
registerAdminCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  // Raised by every command that opens the embedded database, `start` included: an operator's
  // situation to resolve, not a fault, so one line and no stack.
  if (err instanceof DatabaseLockedError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  if (err instanceof CliError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(err.exitCode);
  }
  process.stderr.write(`Lỗi / error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}
