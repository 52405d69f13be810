import type { Logger } from '../log.ts';
import { looksLikeFollowUp } from '../indicators/detect.ts';
import { fold, nfc } from '../text/fold.ts';
import type { ChatStore } from './chats.ts';
import * as M from './messages.ts';
import { needsPrivateChat, PRIVATE_ONLY } from './private-chat.ts';
import { route } from './router.ts';
import { storableMessage } from './storable.ts';
import { isDatabaseUnavailable } from '../store/unavailable.ts';
import { answerableWithoutDatabase, freshChat } from './degraded.ts';
import { maskPersonalData } from './personal-data.ts';
import type { ChatState, OfficerIdentity, Skill, TurnContext } from './skill.ts';
import type { SupportSkill } from '../support/skill.ts';
import type { Core, IncomingMessage, Reply } from './types.ts';

export const MAX_QUESTION_CHARS = 1000;
/** How many recently answered guides a chat remembers for feedback buttons. */
const ANSWERED_KEPT = 10;

export interface OfficerDirectory {
  /** The enrolled, non-revoked officer behind a channel account, or null. */
  identify(channel: string, userId: string): Promise<OfficerIdentity | null>;
}

export interface CoreDeps {
  chats: ChatStore;
  officers: OfficerDirectory;
  log: Logger;
  /** Citizen guidance: retrieval over knowledge/ (also the answer for non-officers' figure questions). */
  guides: Skill;
  /** Officer figures; only reached by enrolled officers. */
  figures: Skill;
  /** `/dangky CODE` and `đăng ký CODE`. */
  enroll: Skill;
  /** `/baocao bat|tat`. */
  reports: Skill;
  /** 👍/👎 under answers. */
  feedback: Skill;
  /** "Tra cứu hồ sơ <mã>": one dossier's status, for anyone (without it, such messages go to guides). */
  dossierStatus?: Skill;
  /** Handing a question to a person, and the support staff chats (src/support/). */
  support?: SupportSkill;
  clock?: () => Date;
}

/**
 * The one entry point every channel calls. Channel-free: adapters translate their updates into
 * an IncomingMessage and send the Reply back.
 */
export function createCore(deps: CoreDeps): Core {
  const clock = deps.clock ?? (() => new Date());

  async function dispatch(message: IncomingMessage, ctx: TurnContext, dbDown: boolean): Promise<Reply> {
    const data = message.callbackData;
    const r = data ? null : route(message.text);
    // The one privacy guard: officer matters are answered only in a private chat.
    if (needsPrivateChat(message, r, ctx.officer !== null)) return { intent: 'help', text: PRIVATE_ONLY };
    // Staff chats and requests for a person are support's; it needs the database.
    if (deps.support?.wants(message, ctx)) return dbDown ? { intent: 'help', text: M.DB_BUSY, failure: 'database' } : deps.support.handle(message, ctx);
    // Database unreachable: guides need none of it, everything else waits (whether the sender is an
    // officer is not even known).
    if (dbDown && !answerableWithoutDatabase(data, r)) return { intent: 'help', text: M.DB_BUSY, failure: 'database' };
    if (data?.startsWith('fb:')) return deps.feedback.handle(message, ctx);
    // A pressed clarification choice of a figure question; only officers ever see those buttons.
    if (data?.startsWith('fig:') && ctx.officer) return deps.figures.handle(message, ctx);
    if (data || !r) return deps.guides.handle(message, ctx);

    switch (r.kind) {
      case 'start':
        ctx.updateChat({ mode: 'normal', step: 0, data: {} });
        return deps.guides.handle({ ...message, text: '', callbackData: 'menu' }, ctx).then((menu) => ({
          ...menu,
          intent: 'help',
          text: `${M.GREETING}\n\n${menu.text}`.trim(),
        }));
      case 'help':
        return { intent: 'help', text: M.HELP };
      case 'cancel':
        ctx.updateChat({ mode: 'normal', step: 0, data: {} });
        return { intent: 'help', text: M.CANCELLED };
      case 'enroll':
        return deps.enroll.handle({ ...message, text: r.code }, ctx);
      case 'report_toggle':
        return deps.reports.handle(message, ctx);
      case 'smalltalk':
        return { intent: 'smalltalk', text: r.what === 'hello' ? M.SMALLTALK_HELLO : M.SMALLTALK_THANKS };
      case 'officer':
        // Figures only for enrolled officers; everyone else gets public guidance.
        return ctx.officer ? deps.figures.handle(message, ctx) : deps.guides.handle(message, ctx);
      case 'dossier_status':
        return deps.dossierStatus ? deps.dossierStatus.handle(message, ctx) : deps.guides.handle(message, ctx);
      case 'guide':
        // An officer's short follow-up to a figure ("còn tháng trước thì sao", "phòng dược thì sao").
        if (ctx.officer && !message.isGroup && looksLikeFollowUp(fold(message.text), ctx.chat.data))
          return deps.figures.handle(message, ctx);
        return deps.guides.handle(message, ctx);
    }
  }

  return {
    async handle(received: IncomingMessage): Promise<Reply> {
      // Before anything is stored or logged: text the database can hold, whatever was sent.
      const incoming = storableMessage(received);
      const now = incoming.now ?? clock();
      // Skills see the question with ID, phone and e-mail masked: none is needed for an answer, and
      // whatever a skill keeps (chat state, unanswered questions, feedback, logs) is then clean.
      let text = maskPersonalData(nfc(incoming.text).trim());
      let truncatedNote = '';
      if (text.length > MAX_QUESTION_CHARS) {
        text = text.slice(0, MAX_QUESTION_CHARS);
        // Never leave half of a surrogate pair (an emoji) at the cut.
        if (/[\uD800-\uDBFF]$/.test(text)) text = text.slice(0, -1);
        truncatedNote = `\n\n(Tin nhắn dài quá ${MAX_QUESTION_CHARS} ký tự nên tôi chỉ đọc phần đầu. Bạn có thể hỏi ngắn gọn hơn.)`;
      }
      const log = deps.log.child({ channel: incoming.channel, chat: incoming.chatId });
      try {
        // Both are batched with other chats' messages: asked together, they go in the same turn. With
        // the database unreachable the chat starts fresh and nobody counts as an officer.
        let dbDown = false;
        const unreachable = <T>(fallback: () => T) => (err: unknown) => {
          if (!isDatabaseUnavailable(err)) throw err;
          dbDown = true;
          return fallback();
        };
        const [chat, officer] = await Promise.all([
          deps.chats.load(incoming.channel, incoming.chatId).catch(unreachable(freshChat)),
          deps.officers.identify(incoming.channel, incoming.userId).catch(unreachable(() => null)),
        ]);
        if (dbDown) log.warn('database unreachable: answering without chat state or officer lookup');
        let callbackData = incoming.callbackData;
        // Channels without buttons show numbered choices; a bare digit picks one.
        const choices = chat.data.choices as string[] | undefined;
        if (!callbackData && choices && /^\d{1,2}$/.test(text)) {
          const picked = choices[Number(text) - 1];
          if (picked) callbackData = picked;
        }
        const message: IncomingMessage = { ...incoming, text, now };
        if (callbackData) message.callbackData = callbackData;
        else delete message.callbackData;
        if (deps.support?.isStaffChat(incoming)) message.original = nfc(incoming.text).trim();
        else delete message.original;

        let changed = false;
        const ctx: TurnContext = {
          now,
          chat,
          updateChat(patch: Partial<ChatState>) {
            Object.assign(chat, patch);
            changed = true;
          },
          officer,
          log,
        };
        const answer = await dispatch(message, ctx, dbDown);
        const reply = deps.support ? deps.support.after(message, answer, ctx) : answer;
        // Guides answered in this chat: 👍/👎 is taken only for one of them (feedback-skill.ts).
        const answered = reply.intent === 'guide' ? (reply.sources ?? []).map((s) => s.id) : [];
        if (answered.length > 0) {
          const before = Array.isArray(chat.data.answeredGuides) ? (chat.data.answeredGuides as string[]) : [];
          chat.data = { ...chat.data, answeredGuides: [...new Set([...answered, ...before])].slice(0, ANSWERED_KEPT) };
          changed = true;
        }
        const flat = reply.buttons?.flat().map((b) => b.data) ?? [];
        if (flat.length > 0 || choices) {
          chat.data = { ...chat.data, choices: flat.length > 0 ? flat : undefined };
          changed = true;
        }
        // The answer is ready: a failed save costs the next message its context, not this answer.
        // A chat loaded as fresh is not saved, or it would overwrite the real state.
        if (changed && !dbDown) {
          await deps.chats.save(incoming.channel, incoming.chatId, chat).catch((err: unknown) => {
            log.warn({ err }, 'chat state not saved');
          });
        }
        return truncatedNote ? { ...reply, text: reply.text + truncatedNote } : reply;
      } catch (err) {
        if (isDatabaseUnavailable(err)) {
          log.warn({ err }, 'database unreachable');
          return { intent: 'help', text: M.DB_BUSY, failure: 'database' };
        }
        log.error({ err }, 'handle failed');
        return { intent: 'out_of_scope', text: M.ERROR_REPLY, failure: 'error' };
      }
    },
  };
}
