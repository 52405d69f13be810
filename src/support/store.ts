import type { PrismaClient } from '../store/db.ts';

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

type Row = Awaited<ReturnType<PrismaClient['supportTicket']['findFirstOrThrow']>>;
const toTicket = ({ openKey: _k, ...r }: Row): Ticket => ({ ...r, status: r.status as TicketStatus });
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
  constructor(private readonly prisma: PrismaClient) {}

  async get(id: number): Promise<Ticket | null> {
    const r = await this.prisma.supportTicket.findUnique({ where: { id } });
    return r ? toTicket(r) : null;
  }

  async openFor(channel: string, chatId: string): Promise<Ticket | null> {
    const r = await this.prisma.supportTicket.findUnique({ where: { openKey: openKey(channel, chatId) } });
    return r ? toTicket(r) : null;
  }

  /** Newest first. */
  async list(filter: { status?: TicketStatus | TicketStatus[]; limit?: number; offset?: number } = {}): Promise<Ticket[]> {
    const status = filter.status === undefined ? undefined : Array.isArray(filter.status) ? filter.status : [filter.status];
    const rows = await this.prisma.supportTicket.findMany({
      where: status ? { status: { in: status } } : {},
      orderBy: { id: 'desc' },
      take: filter.limit ?? 100,
      skip: filter.offset ?? 0,
    });
    return rows.map(toTicket);
  }

  async counts(): Promise<Record<TicketStatus, number>> {
    const groups = await this.prisma.supportTicket.groupBy({ by: ['status'], _count: { _all: true } });
    const out: Record<TicketStatus, number> = { open: 0, answered: 0, closed: 0 };
    for (const g of groups) if (g.status in out) out[g.status as TicketStatus] = g._count._all;
    return out;
  }

  /**
   * A new open ticket, or — when the chat already has one (asked twice, or two replicas at once)
   * — that one, with `created: false`. A chat's answered ticket is closed by the new request.
   */
  async open(t: NewTicket): Promise<{ ticket: Ticket; created: boolean }> {
    const key = openKey(t.channel, t.chatId);
    const existing = await this.prisma.supportTicket.findUnique({ where: { openKey: key } });
    if (existing) return { ticket: toTicket(existing), created: false };
    try {
      const row = await this.prisma.$transaction(async (tx) => {
        await tx.supportTicket.updateMany({
          where: { channel: t.channel, chatId: t.chatId, status: 'answered' },
          data: { status: 'closed', closedAt: t.now, closedBy: 'citizen:new-request' },
        });
        return tx.supportTicket.create({
          data: {
            channel: t.channel,
            chatId: t.chatId,
            userId: t.userId,
            question: t.question,
            botAnswer: t.botAnswer,
            guideId: t.guideId,
            status: 'open',
            openKey: key,
            createdAt: t.now,
          },
        });
      });
      return { ticket: toTicket(row), created: true };
    } catch (err) {
      // Unique violation: another process opened it a moment ago.
      const again = await this.prisma.supportTicket.findUnique({ where: { openKey: key } });
      if (again) return { ticket: toTicket(again), created: false };
      throw err;
    }
  }

  /** Records staff's answer: open → answered (an answered ticket may be answered again). */
  async answered(id: number, answer: string, by: string, now: Date): Promise<Ticket> {
    const found = await this.get(id);
    if (!found) throw new TicketNotFoundError(`Không có yêu cầu #${id}.`);
    if (found.status === 'closed') throw new TicketClosedError(`Yêu cầu #${id} đã đóng.`);
    const row = await this.prisma.supportTicket.update({
      where: { id },
      data: { status: 'answered', openKey: null, answer, answeredBy: by, answeredAt: now },
    });
    return toTicket(row);
  }

  async close(id: number, by: string, now: Date): Promise<Ticket> {
    const found = await this.get(id);
    if (!found) throw new TicketNotFoundError(`Không có yêu cầu #${id}.`);
    if (found.status === 'closed') return found;
    const row = await this.prisma.supportTicket.update({
      where: { id },
      data: { status: 'closed', openKey: null, closedBy: by, closedAt: now },
    });
    return toTicket(row);
  }

  async notified(id: number, now: Date): Promise<void> {
    await this.prisma.supportTicket.update({ where: { id }, data: { notifiedAt: now } });
  }

  /** Open tickets no staff chat has received yet (oldest first). */
  unnotified(limit = 20): Promise<Ticket[]> {
    return this.prisma.supportTicket
      .findMany({ where: { status: 'open', notifiedAt: null }, orderBy: { id: 'asc' }, take: limit })
      .then((rows) => rows.map(toTicket));
  }

  /**
   * Claims the open tickets waiting since before `cutoff` and not reminded since then: marked
   * reminded now, so another replica's tick does not remind of them again.
   */
  async claimReminders(cutoff: Date, now: Date): Promise<Ticket[]> {
    return this.prisma.$transaction(async (tx) => {
      const due = await tx.supportTicket.findMany({
        where: {
          status: 'open',
          createdAt: { lt: cutoff },
          OR: [{ remindedAt: null }, { remindedAt: { lt: cutoff } }],
        },
        orderBy: { id: 'asc' },
        take: 50,
      });
      if (due.length === 0) return [];
      const claimed = await tx.supportTicket.updateMany({
        where: { id: { in: due.map((d) => d.id) }, OR: [{ remindedAt: null }, { remindedAt: { lt: cutoff } }] },
        data: { remindedAt: now },
      });
      return claimed.count === due.length ? due.map(toTicket) : [];
    });
  }
}
