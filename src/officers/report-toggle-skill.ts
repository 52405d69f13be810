import type { Config } from '../config.ts';
import { Composer, needsDatabase, type Step } from '../core/composer.ts';
import { type OfficerContext, officer } from '../core/officer-guard.ts';
import { privateChat } from '../core/private-chat.ts';
import type { Reply } from '../core/types.ts';
import type { Database } from '../store/db.ts';
import { fold } from '../text/fold.ts';

const reply = (text: string): Reply => ({ intent: 'officer', text });

const CITIZEN =
  'Lệnh /baocao dành cho cán bộ đã đăng ký để nhận báo cáo nhanh về hồ sơ của đơn vị. ' +
  'Nếu bạn là cán bộ, vui lòng gửi /dangky MÃ (mã mời do quản trị viên cấp). ' +
  'Nếu bạn cần hướng dẫn làm thủ tục, cứ đặt câu hỏi, tôi sẵn lòng giúp.';

export interface ReportToggleDeps {
  db: Database;
  /** REPORT_TIME: when the daily report is sent, for the reply. */
  config: Pick<Config, 'REPORT_TIME'>;
}

/** `/baocao bật`, `/baocao tắt`, `/baocao`: true, false, or null (just say whether it is on). */
function reportSwitch(args: string): boolean | null {
  const arg = fold(args);
  return arg === 'bat' || arg === 'on' ? true : arg === 'tat' || arg === 'off' ? false : null;
}

/** `/baocao bat|tat`: an enrolled officer turns the daily quick report on or off (`on` null: its state). */
export function createReportToggleSkill(deps: ReportToggleDeps): Step<boolean | null, OfficerContext> {
  const db = deps.db.kysely;
  const at = deps.config.REPORT_TIME;
  return {
    async handle(_message, ctx, on) {
      const officer = await db
        .selectFrom('officers')
        .select(['id', 'report_enabled', 'revoked_at'])
        .where('id', '=', ctx.officer.officerId)
        .executeTakeFirst();
      if (!officer || officer.revoked_at) {
        return reply('Tài khoản này không gắn với cán bộ đã đăng ký nên không bật/tắt báo cáo được. Vui lòng đăng ký bằng /dangky MÃ.');
      }
      if (on === null) {
        return reply(
          officer.report_enabled
            ? `Báo cáo nhanh hằng ngày đang BẬT: bạn nhận báo cáo của ${ctx.officer.unitName} lúc ${at} mỗi ngày. Gửi /baocao tat để tắt.`
            : `Báo cáo nhanh hằng ngày đang TẮT. Gửi /baocao bat để nhận báo cáo của ${ctx.officer.unitName} lúc ${at} mỗi ngày.`,
        );
      }
      await db.updateTable('officers').set({ report_enabled: on }).where('id', '=', officer.id).execute();
      return reply(
        on
          ? `Đã bật báo cáo nhanh hằng ngày. Bạn sẽ nhận báo cáo của ${ctx.officer.unitName} lúc ${at} mỗi ngày. Gửi /baocao tat để tắt.`
          : 'Đã tắt báo cáo nhanh hằng ngày. Bạn vẫn có thể hỏi "báo cáo nhanh" bất cứ lúc nào; gửi /baocao bat để bật lại.',
      );
    },
  };
}

/** In a private chat only, for officers; anyone else is told what the command is for. */
export function reportToggleRoutes(skill: Step<boolean | null, OfficerContext>): Composer {
  return new Composer().command('baocao', privateChat, needsDatabase, officer((m, c, args: string, n) => skill.handle(m, c, reportSwitch(args), n), { otherwise: reply(CITIZEN) }));
}

export const reportToggle = (deps: ReportToggleDeps): Composer => reportToggleRoutes(createReportToggleSkill(deps));
