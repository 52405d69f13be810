import type { PrismaClient } from '../store/db.ts';
import { FEEDBACK_THANKS } from './messages.ts';
import { maskPersonalData } from './personal-data.ts';
import type { Skill } from './skill.ts';

/** Records 👍/👎 pressed under an answer (`fb:up:<guideId>` / `fb:down:<guideId>`). */
export function createFeedbackSkill(prisma: PrismaClient): Skill {
  return {
    async handle(message, ctx) {
      const [, verdict, guideId] = (message.callbackData ?? '').split(':');
      await prisma.feedback.create({
        data: {
          channel: message.channel,
          chatId: message.chatId,
          userId: message.userId,
          guideId: guideId || ctx.chat.lastGuideId,
          question: typeof ctx.chat.data.lastQuestion === 'string' ? maskPersonalData(ctx.chat.data.lastQuestion) : null,
          helpful: verdict === 'up',
        },
      });
      const text =
        verdict === 'up'
          ? FEEDBACK_THANKS
          : `${FEEDBACK_THANKS} Nếu câu trả lời chưa đúng ý, bạn thử hỏi lại cụ thể hơn, hoặc gọi 1800 1096 (miễn phí).`;
      return { intent: 'feedback', text };
    },
  };
}
