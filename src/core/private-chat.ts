import type { Route } from './router.ts';
import type { IncomingMessage } from './types.ts';

/**
 * What a group chat must never get: in a group everyone reads the answer, so an officer's unit
 * figures, charts, reports, report subscription and enrolment (which binds the chat that will
 * receive the daily report) are answered only in a private chat. A citizen asking a figure
 * question in a group still gets public guidance: nothing of a unit is in it.
 */
export function needsPrivateChat(message: IncomingMessage, route: Route | null, isOfficer: boolean): boolean {
  if (!message.isGroup) return false;
  if (message.callbackData?.startsWith('fig:')) return true;
  if (!route) return false;
  return route.kind === 'enroll' || route.kind === 'report_toggle' || (route.kind === 'officer' && isOfficer);
}

/** Says what to do without naming a unit or showing a number. */
export const PRIVATE_ONLY =
  'Nội dung này (đăng ký cán bộ, số liệu, biểu đồ, báo cáo của đơn vị) chỉ được trả lời trong tin nhắn riêng, ' +
  'vì trong nhóm mọi thành viên đều đọc được. Bạn vui lòng nhắn riêng cho Trợ lý DVC rồi gửi lại yêu cầu.';
