import type { Reply } from '../core/types.ts';
import { maskPersonalData } from '../core/personal-data.ts';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import { describeOpening, type OfficeHours } from './hours.ts';
import { type Ticket, TicketStore, type TicketStatus } from './store.ts';

/** A chat somewhere: the citizen's, or a staff chat. */
export interface ChatAddress {
  channel: string;
  chatId: string;
}

/** Sends outside a turn (to a staff chat, or a staff answer to the citizen). Throws when it could not. */
export interface Messenger {
  send(to: ChatAddress, reply: Reply): Promise<void>;
}

export interface SupportSettings {
  /** SUPPORT_CHAT_TELEGRAM / SUPPORT_CHAT_ZALO. */
  staffChats: ChatAddress[];
  hours: OfficeHours;
  remindMinutes: number;
}

const CHANNEL_NAME: Record<string, string> = { telegram: 'Telegram', zalo: 'Zalo', cli: 'dòng lệnh', test: 'thử nghiệm' };
const SHORT = 400;

const shorten = (s: string, n = SHORT) => (s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s);

/** How staff answer in a chat of this channel: Telegram replies thread, Zalo's do not. */
function howToAnswer(channel: string, id: number): string {
  return channel === 'telegram'
    ? `Trả lời: bấm "Trả lời" (Reply) vào tin này rồi gõ nội dung. Đóng không trả lời: trả lời tin này bằng /dong.`
    : `Trả lời: gõ "#${id} nội dung trả lời". Đóng không trả lời: "#${id} /dong".`;
}

export function staffNotice(t: Ticket, staffChannel: string): string {
  return [
    `🙋 Yêu cầu hỗ trợ #${t.id} (người dân nhắn qua ${CHANNEL_NAME[t.channel] ?? t.channel})`,
    `Câu hỏi: ${shorten(t.question)}`,
    `Trợ lý đã trả lời: ${t.botAnswer ? shorten(t.botAnswer, 300) : '(chưa có)'}`,
    '',
    howToAnswer(staffChannel, t.id),
  ].join('\n');
}

export const staffAnswerText = (t: Pick<Ticket, 'id'>, answer: string) =>
  `Cán bộ hỗ trợ trả lời: ${answer}\n\n(Yêu cầu #${t.id}. Cần hỏi thêm, bạn cứ nhắn tiếp hoặc gõ "gặp cán bộ".)`;

/**
 * Handing citizens' questions to people: tickets, the staff chats, answers relayed back, office
 * hours and reminders. The console (issue 15 part 3) calls list/get/counts/answer/close.
 */
export class SupportService {
  readonly store: TicketStore;
  private messenger: Messenger | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    db: Db,
    readonly settings: SupportSettings,
    private readonly log: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.store = new TicketStore(db);
  }

  /** Staff chats are served by the support skill only: never answered as citizens. */
  isStaffChat(channel: string, chatId: string): boolean {
    return this.settings.staffChats.some((c) => c.channel === channel && c.chatId === chatId);
  }

  /**
   * Channels are up: sends go out from now on, and every `everyMs` open tickets no staff chat got
   * yet are sent again and long waits reminded of. Returns the stop function.
   */
  attach(messenger: Messenger, everyMs = 60_000): () => void {
    this.messenger = messenger;
    const tick = () => void this.tick(this.clock()).catch((err: unknown) => this.log.warn({ err }, 'support reminders failed'));
    this.timer = setInterval(tick, everyMs);
    this.timer.unref();
    tick();
    return () => this.detach();
  }

  detach(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.messenger = null;
  }

  list(filter?: { status?: TicketStatus | TicketStatus[]; limit?: number; offset?: number }): Promise<Ticket[]> {
    return this.store.list(filter);
  }

  get(id: number): Promise<Ticket | null> {
    return this.store.get(id);
  }

  counts(): Promise<Record<TicketStatus, number>> {
    return this.store.counts();
  }

  /** Sends a ticket to every staff chat; true when at least one received it (then `notifiedAt` is set). */
  async notify(t: Ticket, now = this.clock()): Promise<boolean> {
    if (!this.messenger || this.settings.staffChats.length === 0) return false;
    let reached = false;
    for (const chat of this.settings.staffChats) {
      try {
        await this.messenger.send(chat, { intent: 'help', text: staffNotice(t, chat.channel) });
        reached = true;
      } catch (err) {
        this.log.warn({ err, ticket: t.id, staffChannel: chat.channel }, 'staff chat unreachable; the ticket waits in the console');
      }
    }
    if (reached) await this.store.notified(t.id, now);
    return reached;
  }

  /**
   * Staff's answer (staff chat or console): stored masked, delivered to the citizen's own chat as
   * from "Cán bộ hỗ trợ", never with the staff account. `delivered` is false when the citizen's
   * channel could not be reached (the answer is kept; the console shows it).
   */
  async answer(id: number, text: string, by: string): Promise<{ ticket: Ticket; delivered: boolean }> {
    const clean = text.trim();
    if (!clean) throw new Error('Nội dung trả lời trống.');
    const ticket = await this.store.answered(id, maskPersonalData(clean), by, this.clock());
    let delivered = false;
    if (this.messenger) {
      try {
        await this.messenger.send({ channel: ticket.channel, chatId: ticket.chatId }, { intent: 'help', text: staffAnswerText(ticket, clean) });
        delivered = true;
      } catch (err) {
        this.log.warn({ err, ticket: id }, 'staff answer not delivered to the citizen');
      }
    }
    return { ticket, delivered };
  }

  close(id: number, by: string): Promise<Ticket> {
    return this.store.close(id, by, this.clock());
  }

  /** "ngoài giờ làm việc, cán bộ sẽ trả lời vào …" when closed now; null within office hours. */
  afterHoursNote(now: Date): string | null {
    if (this.settings.hours.isOpen(now)) return null;
    return `Hiện đang ngoài giờ làm việc, cán bộ sẽ trả lời vào ${describeOpening(this.settings.hours.nextOpening(now), now)}.`;
  }

  /** Sends again what no staff chat got, then reminds of tickets waiting too long (within office hours). */
  async tick(now: Date): Promise<{ resent: number; reminded: number }> {
    if (!this.messenger || this.settings.staffChats.length === 0) return { resent: 0, reminded: 0 };
    let resent = 0;
    for (const t of await this.store.unnotified()) if (await this.notify(t, now)) resent++;
    if (!this.settings.hours.isOpen(now)) return { resent, reminded: 0 };
    const cutoff = new Date(now.getTime() - this.settings.remindMinutes * 60_000);
    const due = await this.store.claimReminders(cutoff, now);
    if (due.length === 0) return { resent, reminded: 0 };
    for (const chat of this.settings.staffChats) {
      const lines = due.map((t) => {
        const waited = Math.round((now.getTime() - t.createdAt.getTime()) / 60_000);
        return `#${t.id} (${CHANNEL_NAME[t.channel] ?? t.channel}, chờ ${waited} phút): ${shorten(t.question, 120)}`;
      });
      const text = `⏰ Có ${due.length} yêu cầu chờ quá ${this.settings.remindMinutes} phút chưa được trả lời:\n${lines.join('\n')}\n\n${
        chat.channel === 'telegram' ? 'Trả lời: bấm "Trả lời" (Reply) vào tin yêu cầu hoặc tin này (khi chỉ có một yêu cầu), hoặc gõ "#số nội dung".' : 'Trả lời: gõ "#số nội dung".'
      }`;
      await this.messenger
        .send(chat, { intent: 'help', text })
        .catch((err: unknown) => this.log.warn({ err, staffChannel: chat.channel }, 'reminder not delivered'));
    }
    return { resent, reminded: due.length };
  }
}
