import type { Reply } from './types.ts';

/**
 * Plain-text form of a reply for channels without buttons (Zalo, terminal): buttons become
 * numbered choices the user answers with a digit (the core maps the digit back).
 */
export function renderPlain(reply: Reply): string {
  const buttons = reply.buttons?.flat() ?? [];
  if (buttons.length === 0) return reply.text;
  const lines = buttons.map((b, i) => `${i + 1}. ${b.label}`);
  return `${reply.text}\n\nTrả lời bằng một số để chọn:\n${lines.join('\n')}`;
}
