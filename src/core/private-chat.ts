import { defineGuard } from './composer.ts';

/** Says what to do without naming a unit or showing a number. */
export const PRIVATE_ONLY =
  'Nội dung này (đăng ký cán bộ, số liệu, biểu đồ, báo cáo của đơn vị) chỉ được trả lời trong tin nhắn riêng, ' +
  'vì trong nhóm mọi thành viên đều đọc được. Bạn vui lòng nhắn riêng cho Trợ lý DVC rồi gửi lại yêu cầu.';

/**
 * What a group chat must never get: in a group everyone reads the answer, so an officer's unit
 * figures, charts, reports, report subscription and enrolment (which binds the chat that will
 * receive the daily report) are answered only in a private chat. Every route behind the `officer`
 * guard gets this too (officer-guard.ts); routes open to anyone that still must not answer in a
 * group (enrolment, the report switch, figure buttons) declare it.
 */
export const privateChat = defineGuard('privateChat', (t) => (t.message.isGroup ? { intent: 'help', text: PRIVATE_ONLY } : null));
