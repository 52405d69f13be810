import type { AppDeps } from '../app.ts';
import { HOTLINE_ADVICE } from '../core/messages.ts';
import type { Skill } from '../core/skill.ts';

// Replaced by retrieval-backed answers (issue 4). Until then the bot says plainly it cannot
// answer guides yet and points to the hotline, rather than inventing steps.
export async function createGuideSkill(_deps: AppDeps): Promise<Skill> {
  return {
    async handle(message) {
      if (message.callbackData === 'menu') return { intent: 'help', text: 'Bạn cứ gõ câu hỏi của mình.' };
      return {
        intent: 'out_of_scope',
        text: `Xin lỗi, tôi chưa có hướng dẫn cho câu hỏi "${message.text}". ${HOTLINE_ADVICE}`,
      };
    },
  };
}
