/**
 * What the console uses of the support tickets and curated answers (issue 15 parts 1–2, built
 * beside it: /work/notes/support-api.md). Structural, so the console builds whether or not the
 * app carries them; their pages and actions appear when it does.
 */
export type TicketStatus = 'open' | 'answered' | 'closed';

export interface TicketView {
  id: number;
  channel: string;
  question: string;
  botAnswer: string | null;
  guideId: string | null;
  status: TicketStatus;
  answer: string | null;
  answeredAt: Date | null;
  notifiedAt: Date | null;
  createdAt: Date;
}

export interface SupportLike {
  list(filter?: { status?: TicketStatus | TicketStatus[]; limit?: number }): Promise<TicketView[]>;
  counts(): Promise<Record<TicketStatus, number>>;
  answer(id: number, text: string, by: string): Promise<{ delivered: boolean }>;
  close(id: number, by: string): Promise<unknown>;
}

export type CuratedKind = 'example' | 'answer' | 'out_of_scope';

export interface CuratedView {
  id: number;
  kind: CuratedKind;
  text: string;
  guideId: string | null;
  reply: string | null;
  sourceUrl: string | null;
  updatedBy: string;
  updatedAt: Date;
}

export interface CuratedLike {
  list(filter?: { kind?: CuratedKind }): Promise<CuratedView[]>;
  addExample(input: { text: string; guideId: string; by: string }): Promise<unknown>;
  addAnswer(input: { text: string; reply: string; sourceUrl: string; by: string }): Promise<unknown>;
  markOutOfScope(input: { text: string; reply: string; by: string }): Promise<unknown>;
  remove(id: number, by: string): Promise<void>;
}

/** The services when the app has them (`app.support`, `app.curated`). */
export function servicesOf(app: object): { support?: SupportLike; curated?: CuratedLike } {
  const a = app as { support?: SupportLike; curated?: CuratedLike };
  return { ...(a.support ? { support: a.support } : {}), ...(a.curated ? { curated: a.curated } : {}) };
}
