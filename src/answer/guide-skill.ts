import { z } from 'zod';
import { Composer, withoutDatabase } from '../core/composer.ts';
import { feedbackRow } from '../core/feedback-skill.ts';
import { GREETING } from '../core/messages.ts';
import type { Skill, TurnContext } from '../core/skill.ts';
import type { Button, IncomingMessage, Reply } from '../core/types.ts';
import { looksLikeOfficerQuestion } from '../indicators/detect.ts';
import type { Guide } from '../retrieval/guides.ts';
import type { Db } from '../store/db.ts';
import { fold } from '../text/fold.ts';
import type { AnswerEngine, GuideAnswer } from './engine.ts';
import { followUpSubject, type StepCommand, stepCommand } from './followup.ts';
import { formatAnswer, formatFull, leavesOut, offeredAnswer, sourceLine, steps } from './format.ts';
import { citizenReply, officerQuestionReply } from './replies.ts';
import type { Rephraser } from './rephrase.ts';
import { sourceOf } from './source.ts';
import { guideButton, topicButtons, topicLabel } from './topics.ts';

/** Under a card whose reply left part of it out (see leavesOut). */
const WHOLE_BUTTON: Button = { label: '📄 Xem đầy đủ', data: 'card:full' };
/** Under a how-to that can be walked step by step (see walkable). */
const WALK_BUTTON: Button = { label: 'Từng bước ▶', data: 'step:next' };

/**
 * The entries a reply offers as buttons and the question they were offered for (chat data
 * `offered`): one tapped is shown for that question. Chat data is stored JSON: read back checked.
 */
const OFFERED = z.object({ ids: z.array(z.string()), question: z.string() });

function offering(guides: readonly Guide[], question: string): z.infer<typeof OFFERED> {
  return { ids: guides.map((g) => g.id), question };
}

/** A how-to of more than one step: offered step by step. */
const walkable = (g: Guide) => g.kind === 'guide' && steps(g).length > 1;

export interface GuideSkillDeps {
  engine: AnswerEngine;
  db: Db;
  rephraser?: Rephraser | null;
}

/** Citizen guidance: questions, the topic menu, guide buttons and step-by-step walking. */
export function createGuideSkillFrom(deps: GuideSkillDeps): Skill {
  const { engine, db } = deps;
  const all = engine.guides();

  function menu(): Reply {
    return {
      intent: 'help',
      text: 'Bạn muốn tìm hiểu chủ đề nào? Chọn bên dưới hoặc gõ câu hỏi của bạn.',
      buttons: topicButtons(all),
    };
  }

  function topicList(topic: string): Reply {
    const guides = all.filter((g) => g.topic === topic);
    if (guides.length === 0) return { ...menu(), text: 'Chủ đề này chưa có hướng dẫn. Bạn chọn chủ đề khác nhé.' };
    return {
      intent: 'guide',
      text: `Các hướng dẫn về "${topicLabel(topic)}". Chọn một mục để xem:`,
      buttons: [...guides.map((g) => [guideButton(g)]), [{ label: '◀ Danh mục chủ đề', data: 'menu' }]],
    };
  }

  /** `more`: entries of asks the reply left for later (leftOverNote lists them): a choice each, first. */
  function answered(
    g: Guide,
    text: string,
    ctx: TurnContext,
    question: string,
    sources = [sourceOf(g)],
    more: readonly Guide[] = [],
  ): Reply {
    ctx.updateChat({
      lastTopic: g.topic,
      lastGuideId: g.id,
      mode: 'normal',
      step: 0,
      data: { ...ctx.chat.data, lastQuestion: question, shownGuideId: g.id, offered: offering(more, question) },
    });
    // Step by step only for a how-to answered alone: a card's points or a multi-answer are read at once.
    const walk = sources.length === 1 && walkable(g);
    // A card answered alone whose reply cut or left out part of it: the whole entry on request.
    const whole = g.kind !== 'guide' && sources.length === 1 && leavesOut(g, text);
    return {
      intent: 'guide',
      text,
      sources,
      buttons: [
        ...more.map((m) => [guideButton(m)]),
        feedbackRow(g.id),
        ...(walk ? [[WALK_BUTTON]] : []),
        ...(whole ? [[WHOLE_BUTTON]] : []),
      ],
    };
  }

  /**
   * A redirect or a best guess shows an entry too, cut to a screen, without making it the chat's
   * guide (follow-ups and step walking stay with the last sure answer): remembered apart, with the
   * 📄 button where the reply left part of it out.
   */
  function offerWhole(reply: Reply, g: Guide, ctx: TurnContext): Reply {
    ctx.updateChat({ data: { ...ctx.chat.data, shownGuideId: g.id } });
    const shown = typeof reply.meta?.answer === 'string' ? reply.meta.answer : reply.text;
    return leavesOut(g, shown) ? { ...reply, buttons: [...(reply.buttons ?? []), [WHOLE_BUTTON]] } : reply;
  }

  /** The whole last entry shown ("xem đầy đủ", the 📄 button): every point whole, every source with its date. */
  function whole(ctx: TurnContext): Reply {
    const shown = ctx.chat.data.shownGuideId;
    const id = typeof shown === 'string' ? shown : ctx.chat.lastGuideId;
    const g = id ? engine.guide(id) : undefined;
    if (!g) {
      return {
        intent: 'guide',
        text: 'Bạn muốn xem đầy đủ bài hướng dẫn nào? Hãy gõ câu hỏi trước, ví dụ "lệ phí đăng ký tạm trú", rồi gõ "xem đầy đủ" để đọc hết bài trả lời.',
        buttons: topicButtons(all),
      };
    }
    ctx.updateChat({ mode: 'normal', step: 0 });
    // Step walking follows the chat's guide (a best guess shown whole is not it).
    const walk = g.id === ctx.chat.lastGuideId && walkable(g);
    return {
      intent: 'guide',
      text: formatFull(g),
      sources: [sourceOf(g)],
      buttons: [feedbackRow(g.id), ...(walk ? [[WALK_BUTTON]] : [])],
    };
  }

  function walk(cmd: StepCommand, ctx: TurnContext): Reply {
    if (cmd === 'all') return whole(ctx);
    const g = ctx.chat.lastGuideId ? engine.guide(ctx.chat.lastGuideId) : undefined;
    if (!g) {
      return {
        intent: 'guide',
        text: 'Bạn muốn xem hướng dẫn về việc gì? Hãy gõ câu hỏi, ví dụ "nộp hồ sơ trực tuyến", rồi gõ "bước tiếp" để đi từng bước.',
        buttons: topicButtons(all),
      };
    }
    const list = steps(g);
    const inSteps = ctx.chat.mode === 'steps';
    let i = cmd === 'next' ? (inSteps ? ctx.chat.step + 1 : 0) : inSteps ? ctx.chat.step - 1 : 0;
    if (i >= list.length) {
      ctx.updateChat({ mode: 'normal', step: 0 });
      return {
        intent: 'guide',
        text: `Bạn đã xem hết ${list.length} bước của "${g.title}". Nếu còn vướng, bạn cứ hỏi tiếp hoặc gọi tổng đài hỗ trợ.\n\n${sourceLine(g)}`,
        sources: [sourceOf(g)],
        buttons: [feedbackRow(g.id), [{ label: '📋 Danh mục chủ đề', data: 'menu' }]],
      };
    }
    i = Math.max(0, i);
    ctx.updateChat({ mode: 'steps', step: i, lastGuideId: g.id, lastTopic: g.topic });
    const nav: Button[] = [];
    if (i > 0) nav.push({ label: '◀ Bước trước', data: 'step:prev' });
    if (i < list.length - 1) nav.push({ label: 'Bước tiếp ▶', data: 'step:next' });
    return {
      intent: 'guide',
      text: `${g.title}\n\nBước ${i + 1}/${list.length}: ${list[i]}\n\n${sourceLine(g)}`,
      sources: [sourceOf(g)],
      buttons: [...(nav.length ? [nav] : []), feedbackRow(g.id)],
    };
  }

  async function ask(text: string, ctx: TurnContext, message: IncomingMessage): Promise<Reply> {
    let result = await engine.answer(text);
    let query = text;
    const subject = followUpSubject(text);
    const previous = typeof ctx.chat.data.lastQuestion === 'string' ? ctx.chat.data.lastQuestion : null;
    if (subject && previous && ctx.chat.lastTopic) {
      // "còn mức 2 thì sao?": the new subject, in the context of the previous question's topic.
      const alt = await engine.answer(subject, {
        preferTopic: ctx.chat.lastTopic,
        context: previous,
        avoidGuide: ctx.chat.lastGuideId,
      });
      if (alt.confident) {
        result = alt;
        query = `${subject} | ${previous}`;
      }
    }
    if (result.outcome === 'redirect' && result.guide) {
      // Not ours: say where to go. Logged too, so the team sees which neighbouring needs come up.
      await logUnanswered(message, text, result, ctx.log);
      ctx.log.debug({ redirect: result.guide.id, confidence: result.confidence }, 'redirect');
      return offerWhole(citizenReply(result, all), result.guide, ctx);
    }
    if (!result.confident || !result.guide) {
      await logUnanswered(message, text, result, ctx.log);
      // The menu's entries (and a guess's): one tapped answers this question.
      ctx.updateChat({ data: { ...ctx.chat.data, offered: offering(result.suggestions, text) } });
      const reply = citizenReply(result, all);
      return result.outcome === 'hedged' && result.guide ? offerWhole(reply, result.guide, ctx) : reply;
    }
    let body = result.text;
    // The LLM rewords one entry from its chunks; several answers stay extractive, and so does an
    // answer that says what it left out (the rewording would drop that).
    if (deps.rephraser && result.sources.length === 1 && !result.leftOver) {
      const chunks = result.ranked.find((h) => h.guide.id === result.guide!.id)?.chunks ?? [];
      body = (await deps.rephraser.rephrase(text, result.guide, chunks, result.text)).text;
    }
    const more = [...(result.leftOver?.more ?? []), ...(result.nearby ? [result.nearby] : [])];
    const reply = answered(result.guide, body, ctx, text, result.sources, more);
    ctx.log.debug({ guide: result.guide.id, confidence: result.confidence, query }, 'guide answer');
    return reply;
  }

  async function logUnanswered(message: IncomingMessage, text: string, result: GuideAnswer, log: TurnContext['log']): Promise<void> {
    const best = result.ranked[0];
    // For guide writers only: with the database down, the citizen still gets the answer.
    await db
      .insertInto('unanswered_questions')
      .values({
        channel: message.channel,
        chat_id: message.chatId,
        text,
        best_guide: best?.guide.id ?? null,
        best_score: Number.isFinite(result.confidence) ? result.confidence : null,
      })
      .execute()
      .catch((err: unknown) => {
        log.warn({ err }, 'unanswered question not logged');
      });
  }

  return {
    async handle(message, ctx) {
      const data = message.callbackData;
      if (data) {
        if (data === 'menu') return menu();
        if (data.startsWith('topic:')) return topicList(data.slice('topic:'.length));
        if (data.startsWith('guide:')) {
          const g = engine.guide(data.slice('guide:'.length));
          if (!g) return { ...menu(), text: 'Hướng dẫn này không còn nữa. Bạn chọn chủ đề khác hoặc gõ câu hỏi nhé.' };
          // Offered for a question (under an answer, in a "not sure" menu): shown for it, its points
          // on it first; picked from a topic list: as it stands.
          const offered = OFFERED.safeParse(ctx.chat.data.offered);
          if (offered.success && offered.data.ids.includes(g.id))
            return answered(g, offeredAnswer(g, offered.data.question), ctx, offered.data.question);
          return answered(g, formatAnswer({ guide: g }), ctx, g.title);
        }
        if (data === 'step:next' || data === 'step:prev' || data === 'step:all') return walk(data.slice(5) as StepCommand, ctx);
        if (data === WHOLE_BUTTON.data) return whole(ctx);
        return { ...menu(), text: 'Lựa chọn này đã cũ. Bạn chọn lại chủ đề hoặc gõ câu hỏi nhé.' };
      }
      const text = message.text.trim();
      if (!text) return menu();
      const cmd = stepCommand(text);
      if (cmd) return walk(cmd, ctx);
      if (!ctx.officer && looksLikeOfficerQuestion(fold(text))) return officerQuestionReply();
      return ask(text, ctx, message);
    },
  };
}

/**
 * Guides are the fallback: every message no other skill took, buttons included (the topic menu,
 * guide and step buttons are read by the skill itself), and `/start` (greeting and topic menu).
 * All from memory, so they still answer with the database down.
 */
export function guideRoutes(guides: Skill): Composer {
  return new Composer()
    .command('start', withoutDatabase, async (message, ctx) => {
      ctx.updateChat({ mode: 'normal', step: 0, data: {} });
      const menu = await guides.handle({ ...message, text: '', callbackData: 'menu' }, ctx);
      return { ...menu, intent: 'help', text: `${GREETING}\n\n${menu.text}`.trim() };
    })
    .otherwise(withoutDatabase, guides);
}
