import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { AdminAccountError, createAdminUser, ROLE_NAMES, ROLES, setAdminDisabled, setAdminPassword } from '../../../src/admin/accounts.ts';
import type { Db } from '../../../src/store/db.ts';
import { CliError, withDatabase } from '../context.ts';

/** Reads the password: typed at a hidden prompt (twice) on a terminal, else the first line of stdin. */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    throw new CliError('Không đọc được mật khẩu từ stdin / no password on stdin');
  }
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      muted = false;
      rl.question(q, (a) => {
        process.stderr.write('\n');
        resolve(a);
      });
      muted = true;
    });
  try {
    const first = await ask('Mật khẩu / password: ');
    const again = await ask('Nhập lại / again: ');
    if (first !== again) throw new CliError('Hai lần nhập không khớp / the passwords differ');
    return first;
  } finally {
    rl.close();
  }
}

async function accountAction(fn: (db: Db) => Promise<void>): Promise<void> {
  await withDatabase(async (database) => {
    try {
      await fn(database.kysely);
    } catch (err) {
      if (err instanceof AdminAccountError) throw new CliError(err.message);
      throw err;
    }
  });
}

/** `admin create|password|disable|enable|list`: web console accounts. */
export function registerAdminCommands(program: Command): void {
  const admin = program.command('admin').description('Tài khoản trang quản trị /admin / web console accounts');
  admin
    .command('create')
    .requiredOption('--user <NAME>', 'tên đăng nhập / user name')
    .requiredOption('--role <ROLE>', `vai trò / role: ${ROLES.join(' | ')}`)
    .option('--unit <CODE>', 'đơn vị (bắt buộc với officer) / unit (officer accounts)')
    .description('Tạo tài khoản; mật khẩu đọc từ stdin hoặc hỏi khi gõ / create an account; password from stdin or a prompt')
    .action(async (opts: { user: string; role: string; unit?: string }) => {
      const password = await readPassword();
      await withDatabase(async (db) => {
        try {
          const who = await createAdminUser(db.kysely, { username: opts.user, password, role: opts.role, unitCode: opts.unit });
          process.stdout.write(
            `Đã tạo tài khoản ${who.username} (${ROLE_NAMES[who.role]}${who.unitName ? `, ${who.unitName} — ${who.unitCode}` : ''}). Đăng nhập tại /admin.\n` +
              `Created console account ${who.username} (${who.role}${who.unitCode ? ` of ${who.unitCode}` : ''}).\n`,
          );
        } catch (err) {
          if (err instanceof AdminAccountError) throw new CliError(err.message);
          throw err;
        }
      });
    });
  admin
    .command('password')
    .requiredOption('--user <NAME>', 'tên đăng nhập / user name')
    .description('Đặt mật khẩu mới (stdin hoặc hỏi khi gõ); các phiên đang mở kết thúc / set a new password; open sessions end')
    .action(async (opts: { user: string }) => {
      const password = await readPassword();
      await accountAction(async (db) => {
        await setAdminPassword(db, opts.user, password);
        process.stdout.write(`Đã đặt mật khẩu mới cho ${opts.user} / password changed.\n`);
      });
    });
  for (const [name, disabled, said] of [
    ['disable', true, 'Khóa tài khoản, kết thúc các phiên / disable an account, ending its sessions'],
    ['enable', false, 'Mở lại tài khoản / enable an account again'],
  ] as const) {
    admin
      .command(name)
      .requiredOption('--user <NAME>', 'tên đăng nhập / user name')
      .description(said)
      .action(async (opts: { user: string }) => {
        await accountAction(async (db) => {
          await setAdminDisabled(db, opts.user, disabled);
          process.stdout.write(`${disabled ? 'Đã khóa' : 'Đã mở lại'} tài khoản ${opts.user} / account ${disabled ? 'disabled' : 'enabled'}.\n`);
        });
      });
  }
  admin
    .command('list')
    .description('Danh sách tài khoản / list accounts')
    .action(async () => {
      await withDatabase(async (db) => {
        const users = await db.kysely
          .selectFrom('admin_users')
          .select(['id', 'username', 'role', 'unit_code', 'disabled_at'])
          .orderBy('id', 'asc')
          .execute();
        if (users.length === 0) process.stdout.write('Chưa có tài khoản nào / no accounts.\n');
        for (const u of users) {
          process.stdout.write(`${u.id}\t${u.username}\t${u.role}\t${u.unit_code ?? '-'}\t${u.disabled_at ? 'đã khóa' : 'hoạt động'}\n`);
        }
      });
    });
}
