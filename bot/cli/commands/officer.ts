import type { Command } from 'commander';
import { listOfficers, revokeOfficer } from '../../../src/officers/admin.ts';
import { createInvite, OfficerAdminError } from '../../../src/officers/invites.ts';
import type { Db } from '../../../src/store/db.ts';
import { vnFormat } from '../../../src/time/vietnam.ts';
import { CliError, withDatabase } from '../context.ts';

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  try {
    return await withDatabase((database) => fn(database.kysely));
  } catch (err) {
    if (err instanceof OfficerAdminError) throw new CliError(err.message);
    throw err;
  }
}

// As vi-VN's toLocaleString writes it: "14:05:09 2/3/2026".
const vnDate = (d: Date) => vnFormat(d, 'HH:mm:ss d/M/yyyy');

/** `officer invite|list|revoke`. */
export function registerOfficerCommands(program: Command): void {
  const officer = program.command('officer').description('Quản lý cán bộ / manage officers');
  officer
    .command('invite')
    .requiredOption('--unit <CODE>', 'mã đơn vị / unit code')
    .option('--days <N>', 'số ngày hiệu lực / days valid', '7')
    .description('In mã mời mới (dùng một lần) / print a new single-use invite code')
    .action(async (opts: { unit: string; days: string }) => {
      const days = Number(opts.days);
      await withDb(async (db) => {
        const invite = await createInvite(db, opts.unit, days);
        process.stdout.write(
          `${[
            invite.code,
            `Mã mời cho cán bộ ${invite.unitName} (${invite.unitCode}), dùng một lần, hết hạn ${vnDate(invite.expiresAt)}.`,
            `Gửi /dangky ${invite.code} cho bot (Zalo: đăng ký ${invite.code}).`,
            `Single-use invite for ${invite.unitCode}, expires ${invite.expiresAt.toISOString()}. Only its hash is stored: copy it now.`,
          ].join('\n')}\n`,
        );
      });
    });
  officer
    .command('list')
    .option('--unit <CODE>', 'chỉ đơn vị này và cấp dưới / only this unit and below')
    .option('--all', 'kể cả đã thu hồi / include revoked')
    .option('--json', 'in JSON / print JSON')
    .description('Danh sách cán bộ / list officers')
    .action(async (opts: { unit?: string; all?: boolean; json?: boolean }) => {
      await withDb(async (db) => {
        const rows = await listOfficers(db, { ...(opts.unit ? { unitCode: opts.unit } : {}), includeRevoked: !!opts.all });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(rows)}\n`);
          return;
        }
        if (rows.length === 0) {
          process.stdout.write('Chưa có cán bộ nào / no officers.\n');
          return;
        }
        for (const o of rows) {
          const accounts = o.accounts.map((a) => `${a.channel}:${a.userId}`).join(' ') || '-';
          const state = o.revokedAt ? `đã thu hồi ${vnDate(o.revokedAt)}` : o.reportEnabled ? 'báo cáo: bật' : 'báo cáo: tắt';
          process.stdout.write(`${o.id}\t${o.unitCode}\t${o.displayName}\t${accounts}\t${state}\n`);
        }
      });
    });
  officer
    .command('revoke')
    .argument('<ID>', 'số cán bộ (xem officer list) / officer id')
    .description('Thu hồi quyền / revoke an officer')
    .action(async (id: string) => {
      if (!/^\d+$/.test(id)) throw new CliError(`ID phải là số (xem officer list) / ID must be a number: ${id}`);
      await withDb(async (db) => {
        const o = await revokeOfficer(db, Number(id));
        process.stdout.write(`Đã thu hồi quyền của ${o.displayName} (${o.unitCode}) / revoked officer ${o.id}.\n`);
      });
    });
}
