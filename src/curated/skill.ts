import { feedbackRow } from '../core/feedback-skill.ts';
import type { Skill } from '../core/skill.ts';
import type { Reply } from '../core/types.ts';
import type { CuratedService } from './service.ts';
import type { CuratedEntry } from './store.ts';

/** Source id of a curated answer: feedback buttons and `answeredGuides` carry it like a guide id ("." is in no guide id, ":" separates button data). */
export const curatedSourceId = (e: Pick<CuratedEntry, 'key'>) => `curated.${e.key}`;

export const CURATED_TITLE = 'Câu trả lời do cán bộ hỗ trợ biên soạn';

/** The reply for a matched entry, as the bot gives it (also the console's preview). */
export function curatedReply(e: CuratedEntry): Reply {
  if (e.kind === 'out_of_scope') {
    return {
      intent: 'out_of_scope',
      text: e.sourceUrl ? `${e.reply}\n\nNguồn: ${e.sourceUrl}` : (e.reply ?? ''),
      ...(e.sourceUrl ? { sources: [{ id: curatedSourceId(e), title: CURATED_TITLE, topic: 'other', url: e.sourceUrl }] } : {}),
    };
  }
  const id = curatedSourceId(e);
  return {
    intent: 'guide',
    text: `${e.reply}\n\nNguồn: ${e.sourceUrl}`,
    sources: [{ id, title: CURATED_TITLE, topic: 'other', url: e.sourceUrl ?? '' }],
    buttons: [feedbackRow(id)],
  };
}

/**
 * Citizen questions first meet editors' curated answers and out-of-scope marks: a close match is
 * answered from it, anything else goes on to retrieval (`guides`). Buttons and step commands are
 * the guide skill's.
 */
export function withCurated(guides: Skill, curated: Pick<CuratedService, 'match'>): Skill {
  return {
    async handle(message, ctx) {
      const text = message.text.trim();
      if (message.callbackData || !text) return guides.handle(message, ctx);
      const hit = curated.match(text);
      if (!hit) return guides.handle(message, ctx);
      ctx.log.debug({ curated: hit.entry.key, similarity: hit.similarity }, 'curated answer');
      const reply = curatedReply(hit.entry);
      if (hit.entry.kind === 'answer') {
        ctx.updateChat({ lastTopic: null, lastGuideId: curatedSourceId(hit.entry), mode: 'normal', step: 0, data: { ...ctx.chat.data, lastQuestion: text } });
      }
      return reply;
    },
  };
}
