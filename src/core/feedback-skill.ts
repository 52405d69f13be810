import type { Database, Db } from '../store/db.ts';
import { Composer, needsDatabase } from './composer.ts';
import { FEEDBACK_THANKS, NATIONAL_HOTLINE_NUMBER } from './messages.ts';
import { maskPersonalData } from './personal-data.ts';
import type { Skill } from './skill.ts';
import type { Button } from './types.ts';

/** Button data of 👍/👎: `fb:up:<source id>`, `fb:down:<source id>`. */
const PREFIX = 'fb:';

/** The 👍/👎 row under an answer from `sourceId` (a guide or a curated answer). */
export function feedbackRow(sourceId: string): Button[] {
  return [
    { label: '👍 Hữu ích', data: `${PREFIX}up:${sourceId}` },
    { label: '👎 Chưa đúng', data: `${PREFIX}down:${sourceId}` },
  ];
}

/** A pressed 👎 (support offers a person under the thanks). */
export const isThumbsDown = (callbackData: string | undefined): boolean => callbackData?.startsWith(`${PREFIX}down`) === true;

const FEEDBACK_UNKNOWN =
  'Góp ý này không khớp với câu trả lời nào gần đây trong cuộc trò chuyện nên tôi chưa ghi nhận. ' +
  'Bạn hãy hỏi lại, rồi bấm 👍/👎 ngay dưới câu trả lời nhé.';

/** Records 👍/👎 pressed under an answer (`fb:up:<guideId>` / `fb:down:<guideId>`). */
export function createFeedbackSkill(db: Db): Skill {
  return {
    async handle(message, ctx) {
      const [, verdict, pressed] = (message.callbackData ?? '').split(':');
      const guideId = pressed || ctx.chat.lastGuideId;
      // Only for a guide the bot answered in this chat: anyone can send any callback data.
      const answered = Array.isArray(ctx.chat.data.answeredGuides) ? (ctx.chat.data.answeredGuides as unknown[]) : [];
      if ((verdict !== 'up' && verdict !== 'down') || !guideId || !answered.includes(guideId)) {
        return { intent: 'feedback', text: FEEDBACK_UNKNOWN };
      }
      await db
        .insertInto('feedback')
        .values({
          channel: message.channel,
          chat_id: message.chatId,
          user_id: message.userId,
          guide_id: guideId,
          question: typeof ctx.chat.data.lastQuestion === 'string' ? maskPersonalData(ctx.chat.data.lastQuestion) : null,
          helpful: verdict === 'up',
        })
        .execute();
      const text =
        verdict === 'up'
          ? FEEDBACK_THANKS
          : `${FEEDBACK_THANKS} Nếu câu trả lời chưa đúng ý, bạn thử hỏi lại cụ thể hơn, hoặc gọi ${NATIONAL_HOTLINE_NUMBER} (miễn phí).`;
      return { intent: 'feedback', text };
    },
  };
}

/** 👍/👎 presses; recording one needs the database. */
export const feedbackRoutes = (skill: Skill): Composer => new Composer().callback(PREFIX, needsDatabase, skill);

export const feedback = (deps: { db: Database }): Composer => feedbackRoutes(createFeedbackSkill(deps.db.kysely));
