import type { AppDeps } from '../app.ts';
import type { Skill } from '../core/skill.ts';
import type { IncomingMessage, Reply } from '../core/types.ts';
import type { PrismaClient } from '../store/db.ts';
import { hashCode, normalizeCode } from './invites.ts';
import { attemptsLeft, lockedUntil, recordAttempt } from './lockout.ts';

const VN_TIME = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hour: '2-digit',
  minute: '2-digit',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hourCycle: 'h23',
});

/** "14:05 ngày 27/11/2026" in Vietnam time. */
export function vnDateTime(d: Date): string {
  const p = Object.fromEntries(VN_TIME.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.hour}:${p.minute} ngày ${p.day}/${p.month}/${p.year}`;
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

async function enroll(prisma: PrismaClient, message: IncomingMessage, now: Date): Promise<Reply> {
  const { channel, userId } = message;
  const code = normalizeCode(message.text);
  if (!code) return reply(USAGE);

  const until = await lockedUntil(prisma, channel, userId, now);
  if (until) {
    return reply(
      `Bạn đã nhập sai mã quá 5 lần trong một giờ nên tạm thời không thể đăng ký. Vui lòng thử lại sau ${vnDateTime(until)}.`,
    );
  }

  const invite = await prisma.inviteCode.findUnique({ where: { codeHash: hashCode(code) }, include: { unit: true } });
  const account = await prisma.officerAccount.findUnique({
    where: { channel_userId: { channel, userId } },
    include: { officer: { include: { unit: true } } },
  });

  if (invite?.usedAt && account && invite.usedById === account.officerId && !account.officer.revokedAt) {
    return reply(`Tài khoản của bạn đã đăng ký với ${invite.unit.name} bằng mã này rồi. Bạn cứ hỏi số liệu như bình thường.`);
  }
  if (!invite || invite.usedAt || invite.expiresAt <= now) {
    await recordAttempt(prisma, channel, userId, false, now);
    const left = await attemptsLeft(prisma, channel, userId, now);
    const lock = left > 0 ? null : await lockedUntil(prisma, channel, userId, now);
    const tries = lock
      ? ` Bạn đã nhập sai 5 lần trong một giờ; vui lòng thử lại sau ${vnDateTime(lock)}.`
      : ` Bạn còn ${left} lần thử trong giờ này.`;
    if (!invite) {
      return reply(`Mã đăng ký không đúng. Vui lòng kiểm tra lại mã (8 ký tự, dạng K7QF-M2XP) hoặc xin quản trị viên mã mới.${tries}`);
    }
    if (invite.usedAt) {
      return reply(`Mã này đã được sử dụng. Mỗi mã chỉ dùng được một lần; vui lòng xin quản trị viên mã mới.${tries}`);
    }
    return reply(`Mã này đã hết hạn lúc ${vnDateTime(invite.expiresAt)}. Vui lòng xin quản trị viên mã mới.${tries}`);
  }

  const displayName = message.displayName?.trim() || `Cán bộ ${channel} ${userId}`;
  const previous = account && !account.officer.revokedAt && account.officer.unitCode !== invite.unitCode ? account.officer.unit.name : null;
  const claimed = await prisma.$transaction(async (tx) => {
    // Claim the code first: of two people racing with the same code, only one succeeds.
    const claim = await tx.inviteCode.updateMany({
      where: { id: invite.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claim.count !== 1) return false;
    const officer = await tx.officer.create({ data: { unitCode: invite.unitCode, displayName, createdAt: now } });
    if (account) {
      await tx.officerAccount.update({ where: { id: account.id }, data: { officerId: officer.id, chatId: message.chatId } });
      // The old record stays for history, but no longer stands for anyone.
      const others = await tx.officerAccount.count({ where: { officerId: account.officerId } });
      if (others === 0 && !account.officer.revokedAt) {
        await tx.officer.update({ where: { id: account.officerId }, data: { revokedAt: now, reportEnabled: false } });
      }
    } else {
      await tx.officerAccount.create({ data: { officerId: officer.id, channel, userId, chatId: message.chatId, createdAt: now } });
    }
    await tx.inviteCode.update({ where: { id: invite.id }, data: { usedById: officer.id } });
    await tx.enrollAttempt.create({ data: { channel, userId, success: true, createdAt: now } });
    return true;
  });
  if (!claimed) return reply('Mã này vừa được sử dụng. Mỗi mã chỉ dùng được một lần; vui lòng xin quản trị viên mã mới.');
  return reply(welcome(invite.unit.name, invite.unitCode, previous));
}

/** `/dangky CODE` (Zalo: "đăng ký CODE"): binds the sender's account to the invite code's unit. */
export async function createEnrollSkill(deps: Pick<AppDeps, 'db'>): Promise<Skill> {
  return {
    handle: (message, ctx) => enroll(deps.db.prisma, message, ctx.now),
  };
}
