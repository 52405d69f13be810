import { sql } from 'kysely';
import type { Db } from '../store/db.ts';

export const TICKET_STATUSES = ['open', 'answered', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export interface Ticket {
  id: number;
  channel: string;
  chatId: string;
  userId: string | null;
  /** What the citizen asked, masked as in the logs. */
  question: string;
  /** The bot's last answer in that chat before the request. */
  botAnswer: string | null;
  guideId: string | null;
  status: TicketStatus;
  /** The last answer staff gave. */
  answer: string | null;
  /** "telegram:<id>", "zalo:<id>", "console:<account>": for the support team only. */
  answeredBy: string | null;
  answeredAt: Date | null;
  closedBy: string | null;
  closedAt: Date | null;
  /** When a staff chat received it; null while none could be reached. */
  notifiedAt: Date | null;
  remindedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export class TicketNotFoundError extends Error {}
export class TicketClosedError extends Error {}

/** A ticket row as `Ticket` names it (open_key is the store's own). */
const COLUMNS = [
  'id',
  'channel',
  'chat_id as chatId',
  'user_id as userId',
  'question',
  'bot_answer as botAnswer',
  'guide_id as guideId',
  'status',
  'answer',
  'answered_by as answeredBy',
  'answered_at as answeredAt',
  'closed_by as closedBy',
  'closed_at as closedAt',
  'notified_at as notifiedAt',
  'reminded_at as remindedAt',
  'created_at as createdAt',
  'updated_at as updatedAt',
] as const;
const toTicket = <R extends { status: string }>(r: R): R & { status: TicketStatus } => ({ ...r, status: r.status as TicketStatus });
const openKey = (channel: string, chatId: string) => `${channel}:${chatId}`;

export interface NewTicket {
  channel: string;
  chatId: string;
  userId: string | null;
  question: string;
  botAnswer: string | null;
  guideId: string | null;
  now: Date;
}

/** Tickets in PostgreSQL. At most one open ticket per chat, kept by the unique `open_key`. */
export class TicketStore {
  constructor(private readonly db: Db) {}

  async get(id: number): Promise<Ticket | null> {
    const r = await this.db.selectFrom('support_tickets').select(COLUMNS).where('id', '=', id).executeTakeFirst();
    return r ? toTicket(r) : null;
  }

  async openFor(channel: string, chatId: string): Promise<Ticket | null> {
    const r = await this.db.selectFrom('support_tickets').select(COLUMNS).where('open_key', '=', openKey(channel, chatId)).executeTakeFirst();
    return r ? toTicket(r) : null;
  }

  /** Newest first. */
  async list(filter: { status?: TicketStatus | TicketStatus[]; limit?: number; offset?: number } = {}): Promise<Ticket[]> {
    const status = filter.status === undefined ? undefined : Array.isArray(filter.status) ? filter.status : [filter.status];
    let query = this.db
      .selectFrom('support_tickets')
      .select(COLUMNS)
      .orderBy('id', 'desc')
      .limit(filter.limit ?? 100)
      .offset(filter.offset ?? 0);
    if (status) query = status.length ? query.where('status', 'in', status) : query.where(sql<boolean>`false`);
    return (await query.execute()).map(toTicket);
  }

  async counts(): Promise<Record<TicketStatus, number>> {
    const groups = await this.db
      .selectFrom('support_tickets')
      .select((eb) => ['status', eb.fn.countAll().as('n')])
      .groupBy('status')
      .execute();
    const out: Record<TicketStatus, number> = { open: 0, answered: 0, closed: 0 };
    for (const g of groups) if (g.status in out) out[g.status as TicketStatus] = Number(g.n);
    return out;
  }

  /**
   * A new open ticket, or — when the chat already has one (asked twice, or two replicas at once)
   * — that one, with `created: false`. A chat's answered ticket is closed by the new request.
   */
  async open(t: NewTicket): Promise<{ ticket: Ticket; created: boolean }> {
    const key = openKey(t.channel, t.chatId);
    const existing = await this.openFor(t.channel, t.chatId);
    if (existing) return { ticket: existing, created: false };
    try {
      const row = await this.db.transaction().execute(async (tx) => {
        await tx
          .updateTable('support_tickets')
          .set({ status: 'closed', closed_at: t.now, closed_by: 'citizen:new-request', updated_at: new Date() })
          .where('channel', '=', t.channel)
          .where('chat_id', '=', t.chatId)
          .where('status', '=', 'answered')
          .execute();
        return tx
          .insertInto('support_tickets')
          .values({
            channel: t.channel,
            chat_id: t.chatId,
            user_id: t.userId,
            question: t.question,
            bot_answer: t.botAnswer,
            guide_id: t.guideId,
            status: 'open',
            open_key: key,
            created_at: t.now,
            updated_at: new Date(),
          })
          .returning(COLUMNS)
          .executeTakeFirstOrThrow();
      });
      return { ticket: toTicket(row), created: true };
    } catch (err) {
      // Unique violation: another process opened it a moment ago.
      const again = await this.openFor(t.channel, t.chatId);
      if (again) return { ticket: again, created: false };
      throw err;
    }
  }

  /** Records staff's answer: open → answered (an answered ticket may be answered again). */
  async answered(id: number, answer: string, by: string, now: Date): Promise<Ticket> {
    const found = await this.get(id);
    if (!found) throw new TicketNotFoundError(`Không có yêu cầu #${id}.`);
    if (found.status === 'closed') throw new TicketClosedError(`Yêu cầu #${id} đã đóng.`);
    const row = await this.db
      .updateTable('support_tickets')
      .set({ status: 'answered', open_key: null, answer, answered_by: by, answered_at: now, updated_at: new Date() })
      .where('id', '=', id)
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    return toTicket(row);
  }

  async close(id: number, by: string, now: Date): Promise<Ticket> {
    const found = await this.get(id);
    if (!found) throw new TicketNotFoundError(`Không có yêu cầu #${id}.`);
    if (found.status === 'closed') return found;
    const row = await this.db
      .updateTable('support_tickets')
      .set({ status: 'closed', open_key: null, closed_by: by, closed_at: now, updated_at: new Date() })
      .where('id', '=', id)
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    return toTicket(row);
  }

  async notified(id: number, now: Date): Promise<void> {
    await this.db.updateTable('support_tickets').set({ notified_at: now, updated_at: new Date() }).where('id', '=', id).execute();
  }

  /** Open tickets no staff chat has received yet (oldest first). */
  async unnotified(limit = 20): Promise<Ticket[]> {
    const rows = await this.db
      .selectFrom('support_tickets')
      .select(COLUMNS)
      .where('status', '=', 'open')
      .where('notified_at', 'is', null)
      .orderBy('id', 'asc')
      .limit(limit)
      .execute();
    return rows.map(toTicket);
  }

  /**
   * Claims the open tickets waiting since before `cutoff` and not reminded since then: marked
   * reminded now, so another replica's tick does not remind of them again.
   */
  async claimReminders(cutoff: Date, now: Date): Promise<Ticket[]> {
    return this.db.transaction().execute(async (tx) => {
      const due = await tx
        .selectFrom('support_tickets')
        .select(COLUMNS)
        .where('status', '=', 'open')
        .where('created_at', '<', cutoff)
        .where((eb) => eb.or([eb('reminded_at', 'is', null), eb('reminded_at', '<', cutoff)]))
        .orderBy('id', 'asc')
        .limit(50)
        .execute();
      if (due.length === 0) return [];
      const claimed = await tx
        .updateTable('support_tickets')
        .set({ reminded_at: now, updated_at: new Date() })
        .where(
          'id',
          'in',
          due.map((d) => d.id),
        )
        .where((eb) => eb.or([eb('reminded_at', 'is', null), eb('reminded_at', '<', cutoff)]))
        .executeTakeFirst();
      return Number(claimed.numUpdatedRows) === due.length ? due.map(toTicket) : [];
    });
  }
}
