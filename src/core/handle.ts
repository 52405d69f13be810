import type { Logger } from '../log.ts';
import { nfc } from '../text/fold.ts';
import type { ChatStore } from './chats.ts';
import type { Composer } from './composer.ts';
import * as M from './messages.ts';
import { storableMessage } from './storable.ts';
import { isDatabaseUnavailable } from '../store/unavailable.ts';
import { freshChat } from './degraded.ts';
import { maskPersonalData } from './personal-data.ts';
import type { ChatState, OfficerIdentity, TurnContext } from './skill.ts';
import type { Core, IncomingMessage, Reply } from './types.ts';

/**
 * How much of a message is read. Real letters to reader columns run 1,000–1,450 characters (7 of
 * the 384 real dev lines pass 1,000; f9-001, a man over sixty telling how he lost his birth
 * certificate, asked his question at the end): 1,000 cut their questions off. At 2,000 (what one
 * Zalo message holds) an answer still takes about 20 ms (bench: 18–26 ms at 2,000–4,000).
 */
export const MAX_QUESTION_CHARS = 2000;
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
  /** The skills, composed in priority order by the app (app.ts `assembleApp`); guides last. */
  skills: Composer;
  clock?: () => Date;
}

/**
 * The one entry point every channel calls. Channel-free: adapters translate their updates into
 * an IncomingMessage and send the Reply back.
 */
export function createCore(deps: CoreDeps): Core {
  const clock = deps.clock ?? (() => new Date());

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
        truncatedNote = `\n\n(Tin nhắn dài hơn ${MAX_QUESTION_CHARS} ký tự nên tôi chỉ đọc phần đầu. Nếu câu hỏi của bạn ở phần sau, bạn gửi riêng câu hỏi đó giúp tôi.)`;
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
        if (deps.skills.wantsOriginal(incoming)) message.original = nfc(incoming.text).trim();
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
        const reply = await deps.skills.run(message, ctx, dbDown);
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
