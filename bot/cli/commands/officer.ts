import type { Command } from 'commander';
import { CliError } from '../context.ts';

const notReady = (what: string) => async () => {
  throw new CliError(`${what}: chưa sẵn sàng / not available yet`, 3);
};

/** `officer invite|list|revoke`. */
export function registerOfficerCommands(program: Command): void {
  const officer = program.command('officer').description('Quản lý cán bộ / manage officers');
  officer.command('invite').option('--unit <CODE>').option('--days <N>').description('In mã mời mới / print a new invite code').action(notReady('officer invite'));
  officer.command('list').description('Danh sách cán bộ / list officers').action(notReady('officer list'));
  officer.command('revoke').argument('<ID>').description('Thu hồi quyền / revoke an officer').action(notReady('officer revoke'));
}
