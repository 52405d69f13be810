import { Composer, needsDatabase } from '../core/composer.ts';
import { isThumbsDown } from '../core/feedback-skill.ts';
import { NATIONAL_HOTLINE } from '../core/messages.ts';
import type { Skill, TurnContext } from '../core/skill.ts';
import type { Button, IncomingMessage, Reply } from '../core/types.ts';
import { fold } from '../text/fold.ts';
import type { SupportService } from './service.ts';
import { TicketClosedError, TicketNotFoundError } from './store.ts';
import { asksForPerson } from './triggers.ts';

/** Button data of "talk to a person" (under "not sure" replies and under 👎). */
export const ASK_PERSON = 'support:ask';
export const ASK_PERSON_BUTTON: Button = { label: '🙋 Gặp cán bộ hỗ trợ', data: ASK_PERSON };
/** Chat mode while the bot waits for the question to hand over. */
const WAITING = 'support_question';
/** A question older than this is not taken for the one the citizen wants a person for. */
const RECENT_MS = 60 * 60_000;
const KEPT_ANSWER = 1500;
const PUBLIC = new Set<string>(['guide', 'out_of_scope', 'clarify']);

interface Exchange {
  q: string;
  a: string;
  g: string | null;
  at: string;
}

/** Support's triggers, its turn, and what it adds to every other reply. */
export interface SupportSkill extends Skill {
  /** A request for a person: the button, or words asking for one ("cho tôi gặp cán bộ"). */
  asked(message: IncomingMessage): boolean;
  /**
   * The question awaited after the bot asked for it, within the hour. Commands, greetings, help,
   * cancel and enrolment are taken by their skills first (supportRoutes().awaited comes after them).
   */
  awaits(message: IncomingMessage, ctx: TurnContext): boolean;
  isStaffChat(message: Pick<IncomingMessage, 'channel' | 'chatId'>): boolean;
  /** After any other skill answered: remembers the exchange and offers the button where the bot could not help. */
  after(message: IncomingMessage, reply: Reply, ctx: TurnContext): Reply;
}

const STAFF_HELP =
  'Đây là nhóm hỗ trợ của Trợ lý DVC: tin nhắn ở đây không được trả lời như câu hỏi của người dân.\n' +
  '• Trả lời một yêu cầu: trả lời (Reply) vào tin yêu cầu, hoặc gõ "#số nội dung", ví dụ "#12 Anh/chị mang CCCD đến bộ phận một cửa…".\n' +
  '• Đóng yêu cầu không cần trả lời: "#số /dong".\n' +
  '• Xem yêu cầu đang chờ: "/phieu".';

const isClose = (s: string) => ['/dong', 'dong', '/close', 'dong yeu cau', 'dong phieu'].includes(fold(s).replace(/[.!]+$/, ''));

const support = (text: string): Reply => ({ intent: 'help', text, meta: { support: true } });

export function createSupportSkill(service: SupportService): SupportSkill {
  const isStaffChat = (m: Pick<IncomingMessage, 'channel' | 'chatId'>) => service.isStaffChat(m.channel, m.chatId);

  async function pending(): Promise<Reply> {
    const open = await service.list({ status: 'open', limit: 10 });
    if (open.length === 0) return support('Không có yêu cầu nào đang chờ.');
    const lines = open.map((t) => `#${t.id}: ${t.question.length > 100 ? `${t.question.slice(0, 99)}…` : t.question}`);
    return support(`Yêu cầu đang chờ trả lời (mới nhất trước):\n${lines.join('\n')}`);
  }

  /** A staff member wrote in a staff chat: an answer, a close, the list, or anything else (usage). */
  async function staff(message: IncomingMessage): Promise<Reply> {
    const raw = (message.original ?? message.text).trim();
    if (/^\/phieu(?:@\w+)?$/i.test(raw) || fold(raw) === 'ds') return pending();
    let id: number | null = null;
    let body = raw;
    const typed = /^#(\d{1,9})\b[\s:.,–-]*([\s\S]*)$/.exec(raw);
    if (typed) {
      id = Number(typed[1]);
      body = typed[2]!.trim();
    } else if (message.replyTo) {
      const ids = [...new Set([...message.replyTo.matchAll(/#(\d{1,9})\b/g)].map((m) => Number(m[1])))];
      if (ids.length === 1) id = ids[0]!;
      else if (ids.length > 1) return support('Tin này nhắc nhiều yêu cầu: hãy gõ "#số nội dung" để chọn yêu cầu cần trả lời.');
    }
    if (id === null) return support(STAFF_HELP);
    const by = `${message.channel}:${message.userId}`;
    try {
      if (isClose(body)) {
        await service.close(id, by);
        return support(`Đã đóng yêu cầu #${id}.`);
      }
      if (!body) return support(`Nội dung trả lời cho yêu cầu #${id} đang trống. Gõ "#${id} nội dung trả lời".`);
      const { delivered } = await service.answer(id, body, by);
      return support(
        delivered
          ? `✅ Đã gửi câu trả lời tới người dân (yêu cầu #${id}).`
          : `⚠️ Đã lưu câu trả lời cho yêu cầu #${id} nhưng chưa gửi được tới người dân (kênh của họ đang không gửi được). Câu trả lời vẫn xem được trong trang quản trị.`,
      );
    } catch (err) {
      if (err instanceof TicketNotFoundError || err instanceof TicketClosedError) return support(err.message);
      throw err;
    }
  }

  /** Opens (or finds) the chat's ticket for `question` and tells the citizen what happens next. */
  async function handOver(message: IncomingMessage, ctx: TurnContext, question: string, answer: string | null, guideId: string | null): Promise<Reply> {
    ctx.updateChat({ mode: 'normal', step: 0 });
    const { ticket, created } = await service.store.open({
      channel: message.channel,
      chatId: message.chatId,
      userId: message.userId,
      question,
      botAnswer: answer ? answer.slice(0, KEPT_ANSWER) : null,
      guideId,
      now: ctx.now,
    });
    const later = service.afterHoursNote(ctx.now);
    if (!created) {
      return support(
        `Yêu cầu #${ticket.id} của bạn đã được chuyển tới cán bộ hỗ trợ và đang chờ trả lời. Cán bộ sẽ trả lời ngay trong cuộc trò chuyện này.${later ? `\n\n${later}` : ''}`,
      );
    }
    ctx.log.info({ ticket: ticket.id }, 'support ticket opened');
    // Not awaited: the citizen's reply does not wait on the staff chat. Whatever is not delivered
    // is sent again by the reminder loop and waits in the console meanwhile.
    void service.notify(ticket, ctx.now).catch((err: unknown) => ctx.log.warn({ err, ticket: ticket.id }, 'ticket not sent to staff'));
    return support(
      `Đã chuyển câu hỏi của bạn tới cán bộ hỗ trợ (yêu cầu #${ticket.id}). Cán bộ sẽ trả lời ngay trong cuộc trò chuyện này, bạn không cần gửi lại.\n\n` +
        (later ? `${later} ` : '') +
        `Cần gấp, bạn có thể gọi ${NATIONAL_HOTLINE}.`,
    );
  }

  /** The awaited question, within the hour after the bot asked for it. */
  function awaited(message: IncomingMessage, ctx: TurnContext): boolean {
    const text = message.text.trim();
    if (ctx.chat.mode !== WAITING || message.callbackData || !text) return false;
    const asked = Date.parse(String(ctx.chat.data.supportAskedAt ?? ''));
    return ctx.now.getTime() - asked <= RECENT_MS;
  }

  function lastExchange(ctx: TurnContext): Exchange | null {
    const e = ctx.chat.data.lastExchange as Exchange | undefined;
    if (!e || typeof e.q !== 'string') return null;
    return ctx.now.getTime() - Date.parse(e.at) <= RECENT_MS ? e : null;
  }

  return {
    isStaffChat,

    asked(message) {
      return message.callbackData ? message.callbackData === ASK_PERSON : asksForPerson(message.text);
    },

    awaits: awaited,

    async handle(message, ctx) {
      if (isStaffChat(message)) return staff(message);
      const text = message.text.trim();
      if (awaited(message, ctx) && !asksForPerson(text)) {
        const e = lastExchange(ctx);
        return handOver(message, ctx, text, e?.a || null, e?.g ?? null);
      }
      const open = await service.store.openFor(message.channel, message.chatId);
      const e = lastExchange(ctx);
      if (open || e) return handOver(message, ctx, e?.q ?? open!.question, e?.a || null, e?.g ?? null);
      ctx.updateChat({ mode: WAITING, step: 0, data: { ...ctx.chat.data, supportAskedAt: ctx.now.toISOString() } });
      return support('Bạn cần cán bộ hỗ trợ việc gì? Hãy gõ câu hỏi của bạn trong một tin nhắn, tôi sẽ chuyển tới cán bộ.');
    },

    after(message, reply, ctx) {
      if (isStaffChat(message) || reply.meta?.support) return reply;
      const text = message.text.trim();
      const g = reply.sources?.[0]?.id ?? null;
      if (text && !message.callbackData && !reply.failure && reply.intent !== 'smalltalk' && reply.intent !== 'help') {
        // Only public guidance goes to the staff chat: never an officer's unit figures or a dossier's status.
        const a = PUBLIC.has(reply.intent) ? reply.text.slice(0, KEPT_ANSWER) : '';
        const exchange: Exchange = { q: text, a, g: a ? g : null, at: ctx.now.toISOString() };
        ctx.updateChat({ data: { ...ctx.chat.data, lastExchange: exchange } });
      } else if (message.callbackData && reply.intent === 'guide' && lastExchange(ctx)) {
        const e = lastExchange(ctx)!;
        ctx.updateChat({ data: { ...ctx.chat.data, lastExchange: { ...e, a: reply.text.slice(0, KEPT_ANSWER), g, at: ctx.now.toISOString() } } });
      }
      const unsure = reply.meta?.unsure === true;
      const disliked = isThumbsDown(message.callbackData) && reply.intent === 'feedback';
      if (!unsure && !disliked) return reply;
      return { ...reply, buttons: [...(reply.buttons ?? []), [ASK_PERSON_BUTTON]] };
    },
  };
}

/**
 * Support's two places in the composition. `staff`, before every other skill: a staff chat is
 * support's alone, a request for a person goes to one whatever else it says; it also adds the
 * "talk to a person" button to replies and keeps staff chats' text unmasked. `awaited`, after
 * commands, greetings, help, cancel and enrolment: the question the bot asked for.
 */
export function supportRoutes(skill: SupportSkill): { staff: Composer; awaited: Composer } {
  return {
    staff: new Composer()
      .on((t) => skill.isStaffChat(t.message) || skill.asked(t.message), needsDatabase, skill)
      .after(skill.after)
      .keepOriginal(skill.isStaffChat),
    awaited: new Composer().text((t) => skill.awaits(t.message, t.ctx), needsDatabase, skill),
  };
}
