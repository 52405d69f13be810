import type { AppDeps } from '../app.ts';
import { route } from '../core/router.ts';
import type { Skill } from '../core/skill.ts';
import type { Reply } from '../core/types.ts';

const reply = (text: string): Reply => ({ intent: 'officer', text });

const CITIZEN =
  'Lệnh /baocao dành cho cán bộ đã đăng ký để nhận báo cáo nhanh về hồ sơ của đơn vị. ' +
  'Nếu bạn là cán bộ, vui lòng gửi /dangky MÃ (mã mời do quản trị viên cấp). ' +
  'Nếu bạn cần hướng dẫn làm thủ tục, cứ đặt câu hỏi, tôi sẵn lòng giúp.';

/** `/baocao bat|tat`: an enrolled officer turns the daily quick report on or off. */
export async function createReportToggleSkill(deps: Pick<AppDeps, 'db' | 'config'>): Promise<Skill> {
  const db = deps.db.kysely;
  const at = deps.config.REPORT_TIME;
  return {
    async handle(message, ctx) {
      if (!ctx.officer) return reply(CITIZEN);
      const r = route(message.text);
      const on = r.kind === 'report_toggle' ? r.on : null;
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
