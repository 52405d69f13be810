import { Composer, needsDatabase, type Step, type Turn } from '../core/composer.ts';
import { privateChat } from '../core/private-chat.ts';
import type { IncomingMessage, Reply } from '../core/types.ts';
import type { Database, Db } from '../store/db.ts';
import { vnFormat } from '../time/vietnam.ts';
import { hashCode, normalizeCode } from './invites.ts';
import { attemptsLeft, lockedUntil, recordAttempt } from './lockout.ts';

/** "14:05 ngày 27/11/2026" in Vietnam time. */
export function vnDateTime(d: Date): string {
  return vnFormat(d, "HH:mm 'ngày' dd/MM/yyyy");
}

const reply = (text: string): Reply => ({ intent: 'enroll', text });

const USAGE =
  'Để đăng ký làm cán bộ, bạn gửi mã mời do quản trị viên cấp, ví dụ: /dangky K7QF-M2XP ' +
  '(trên Zalo: đăng ký K7QF-M2XP).';

export const EXAMPLE_QUESTIONS = [
  'tỷ lệ trực tuyến tháng này',
  'hồ sơ trễ hạn hôm nay',
  'tỷ lệ đúng hạn quý này',
  'điểm bộ chỉ số 766 tháng trước',
  'báo cáo nhanh',
];

function welcome(unitName: string, unitCode: string, moved: string | null): string {
  return [
    `Đăng ký thành công! Bạn là cán bộ của ${unitName} (mã ${unitCode}).`,
    moved ? `Tài khoản này đã được chuyển từ ${moved} sang đơn vị mới.` : null,
    'Bạn có thể hỏi số liệu của đơn vị mình và các đơn vị trực thuộc, ví dụ:',
    ...EXAMPLE_QUESTIONS.map((q) => `• "${q}"`),
    'Gửi /baocao bat để nhận báo cáo nhanh hằng ngày.',
  ]
    .filter(Boolean)
    .join('\n');
}

async function enroll(db: Db, typed: string, message: IncomingMessage, now: Date): Promise<Reply> {
  const { channel, userId } = message;
  const code = normalizeCode(typed);
  if (!code) return reply(USAGE);

  const until = await lockedUntil(db, channel, userId, now);
  if (until) {
    return reply(
      `Bạn đã nhập sai mã quá 5 lần trong một giờ nên tạm thời không thể đăng ký. Vui lòng thử lại sau ${vnDateTime(until)}.`,
    );
  }

  const invite = await db
    .selectFrom('invite_codes as i')
    .innerJoin('units as u', 'u.code', 'i.unit_code')
    .select(['i.id', 'i.unit_code', 'i.expires_at', 'i.used_at', 'i.used_by_id', 'u.name as unit_name'])
    .where('i.code_hash', '=', hashCode(code))
    .executeTakeFirst();
  const account = await db
    .selectFrom('officer_accounts as a')
    .innerJoin('officers as o', 'o.id', 'a.officer_id')
    .innerJoin('units as u', 'u.code', 'o.unit_code')
    .select(['a.id', 'a.officer_id', 'o.revoked_at', 'o.unit_code', 'u.name as unit_name'])
    .where('a.channel', '=', channel)
    .where('a.user_id', '=', userId)
    .executeTakeFirst();

  if (invite?.used_at && account && invite.used_by_id === account.officer_id && !account.revoked_at) {
    return reply(`Tài khoản của bạn đã đăng ký với ${invite.unit_name} bằng mã này rồi. Bạn cứ hỏi số liệu như bình thường.`);
  }
  if (!invite || invite.used_at || invite.expires_at <= now) {
    await recordAttempt(db, channel, userId, false, now);
    const left = await attemptsLeft(db, channel, userId, now);
    const lock = left > 0 ? null : await lockedUntil(db, channel, userId, now);
    const tries = lock
      ? ` Bạn đã nhập sai 5 lần trong một giờ; vui lòng thử lại sau ${vnDateTime(lock)}.`
      : ` Bạn còn ${left} lần thử trong giờ này.`;
    if (!invite) {
      return reply(`Mã đăng ký không đúng. Vui lòng kiểm tra lại mã (8 ký tự, dạng K7QF-M2XP) hoặc xin quản trị viên mã mới.${tries}`);
    }
    if (invite.used_at) {
      return reply(`Mã này đã được sử dụng. Mỗi mã chỉ dùng được một lần; vui lòng xin quản trị viên mã mới.${tries}`);
    }
    return reply(`Mã này đã hết hạn lúc ${vnDateTime(invite.expires_at)}. Vui lòng xin quản trị viên mã mới.${tries}`);
  }

  const displayName = message.displayName?.trim() || `Cán bộ ${channel} ${userId}`;
  const previous = account && !account.revoked_at && account.unit_code !== invite.unit_code ? account.unit_name : null;
  const claimed = await db.transaction().execute(async (tx) => {
    // Claim the code first: of two people racing with the same code, only one succeeds.
    const claim = await tx
      .updateTable('invite_codes')
      .set({ used_at: now })
      .where('id', '=', invite.id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) return false;
    const officer = await tx
      .insertInto('officers')
      .values({ unit_code: invite.unit_code, display_name: displayName, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (account) {
      await tx.updateTable('officer_accounts').set({ officer_id: officer.id, chat_id: message.chatId }).where('id', '=', account.id).execute();
      // The old record stays for history, but no longer stands for anyone.
      const others = await tx.selectFrom('officer_accounts').select('id').where('officer_id', '=', account.officer_id).limit(1).execute();
      if (others.length === 0 && !account.revoked_at) {
        await tx.updateTable('officers').set({ revoked_at: now, report_enabled: false }).where('id', '=', account.officer_id).execute();
      }
    } else {
      await tx
        .insertInto('officer_accounts')
        .values({ officer_id: officer.id, channel, user_id: userId, chat_id: message.chatId, created_at: now })
        .execute();
    }
    await tx.updateTable('invite_codes').set({ used_by_id: officer.id }).where('id', '=', invite.id).execute();
    await recordAttempt(tx, channel, userId, true, now);
    return true;
  });
  if (!claimed) return reply('Mã này vừa được sử dụng. Mỗi mã chỉ dùng được một lần; vui lòng xin quản trị viên mã mới.');
  return reply(welcome(invite.unit_name, invite.unit_code, previous));
}

export interface EnrollDeps {
  db: Database;
}

/** `/dangky CODE` (Zalo: "đăng ký CODE"): binds the sender's account to the invite code's unit. The match is the code. */
export function createEnrollSkill(deps: EnrollDeps): Step<string> {
  return {
    handle: (message, ctx, code) => enroll(deps.db.kysely, code, message, ctx.now),
  };
}

// Invite codes are printed by `officer invite`: letters and digits, optionally grouped with '-'.
const CODE = /^[A-Za-z0-9]{4,}(?:-[A-Za-z0-9]{2,})*$/;

/** "đăng ký ABC123" enrols; "đăng ký tài khoản VNeID" is a citizen question (a code has a digit). */
function typedEnrolCode(turn: Pick<Turn, 'folded' | 'message'>): string | null {
  if (!/^(?:dang ?ky|dk)\s+(\S+)$/.test(turn.folded)) return null;
  const code = turn.message.text.trim().split(/\s+/).pop() ?? '';
  return CODE.test(code) && /\d/.test(code) ? code : null;
}

/**
 * Enrolment's triggers and guards: anyone may enrol (no officer guard), only in a private chat,
 * since the chat enrolled is the one that will receive the daily report.
 */
export function enrollRoutes(skill: Step<string>): Composer {
  return new Composer().command('dangky', privateChat, needsDatabase, skill).text(typedEnrolCode, privateChat, needsDatabase, skill);
}

export const enrollment = (deps: EnrollDeps): Composer => enrollRoutes(createEnrollSkill(deps));
