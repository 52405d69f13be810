import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { Reply } from '../../src/core/types.ts';

export const TELEGRAM_TEXT_LIMIT = 4096;
export const TELEGRAM_CAPTION_LIMIT = 1024;
const CALLBACK_DATA_BYTES = 64;

/**
 * Inline keyboard for a reply: its own buttons, plus 👍/👎 under a guide answer (the feedback
 * skill reads `fb:up:<guideId>` / `fb:down:<guideId>`). Buttons whose data would not fit Telegram's
 * 64-byte callback_data are left out rather than failing the whole message.
 */
export function keyboardFor(reply: Reply, onDropped?: (data: string) => void): InlineKeyboardMarkup | undefined {
  const rows: InlineKeyboardButton[][] = [];
  for (const row of reply.buttons ?? []) {
    const out: InlineKeyboardButton[] = [];
    for (const b of row) {
      if (Buffer.byteLength(b.data, 'utf8') > CALLBACK_DATA_BYTES) onDropped?.(b.data);
      else out.push({ text: b.label, callback_data: b.data });
    }
    if (out.length > 0) rows.push(out);
  }
  const hasFeedback = reply.buttons?.some((r) => r.some((b) => b.data.startsWith('fb:')));
  const guideId = reply.sources?.[0]?.id;
  if (reply.intent === 'guide' && guideId && !hasFeedback) {
    const up = `fb:up:${guideId}`;
    const down = `fb:down:${guideId}`;
    if (Buffer.byteLength(down, 'utf8') <= CALLBACK_DATA_BYTES) {
      rows.push([
        { text: '👍 Hữu ích', callback_data: up },
        { text: '👎 Chưa đúng ý', callback_data: down },
      ]);
    }
  }
  return rows.length > 0 ? { inline_keyboard: rows } : undefined;
}

export const COMMANDS = [
  { command: 'start', description: 'Lời chào và danh mục chủ đề' },
  { command: 'help', description: 'Cách dùng trợ lý' },
  { command: 'dangky', description: 'Cán bộ đăng ký bằng mã mời: /dangky MÃ' },
  { command: 'baocao', description: 'Cán bộ bật/tắt báo cáo nhanh: /baocao bat | tat' },
  { command: 'huy', description: 'Hủy thao tác đang làm' },
];
