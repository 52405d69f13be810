import { maskPersonalData } from '../core/personal-data.ts';
import { storable } from '../core/storable.ts';
import type { PrismaClient } from '../store/db.ts';
import { fold, nfc } from '../text/fold.ts';

export const CURATED_KINDS = ['example', 'answer', 'out_of_scope'] as const;
export type CuratedKind = (typeof CURATED_KINDS)[number];

export interface CuratedEntry {
  id: number;
  /** Stable name the files under knowledge/curated/ use; import matches on it. */
  key: string;
  kind: CuratedKind;
  /** The citizen message (masked): an example of `guideId`, or the question the entry answers. */
  text: string;
  guideId: string | null;
  /** answer: the curated answer; out_of_scope: the redirect text. */
  reply: string | null;
  sourceUrl: string | null;
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
}

export interface CuratedChange {
  id: number;
  entryId: number;
  key: string;
  action: 'create' | 'update' | 'delete';
  actor: string;
  at: Date;
  snapshot: unknown;
}

/** What an editor gives; validated by `checkEntry`. */
export interface CuratedInput {
  key?: string;
  kind: CuratedKind;
  text: string;
  guideId?: string | null;
  reply?: string | null;
  sourceUrl?: string | null;
}

/** A refused change; the message is Vietnamese, for the editor. */
export class CuratedInputError extends Error {}
export class CuratedNotFoundError extends Error {}

const KEY = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** Telegram button data is at most 64 bytes and carries "fb:down:curated:<key>". */
export const MAX_KEY = 40;
const MAX_TEXT = 1000;
const MAX_REPLY = 3000;

function clean(text: string | null | undefined): string {
  return nfc(storable(text ?? '')).trim();
}

/** A key from the text: "le-phi-lam-ho-chieu-bao-nhieu". */
export function keyFor(kind: CuratedKind, text: string): string {
  const prefix = kind === 'example' ? 'vd' : kind === 'answer' ? 'tl' : 'nps';
  const slug = fold(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${prefix}-${slug}`.slice(0, MAX_KEY - 4).replace(/-+$/, '');
}

/**
 * The entry as it will be stored, or a CuratedInputError naming what is wrong. `knownGuide`
 * says whether an example's guide exists (an example of nothing would retrieve nothing).
 */
export function checkEntry(input: CuratedInput, knownGuide: (id: string) => boolean): Required<Omit<CuratedInput, 'key'>> & { key: string | undefined } {
  if (!CURATED_KINDS.includes(input.kind)) throw new CuratedInputError(`Loại "${String(input.kind)}" không hợp lệ (example, answer, out_of_scope).`);
  // Masked like every stored message: an editor copies what a citizen wrote.
  const text = maskPersonalData(clean(input.text));
  if (fold(text).replace(/[^a-z0-9]/g, '').length < 3) throw new CuratedInputError('Câu hỏi mẫu quá ngắn.');
  if (text.length > MAX_TEXT) throw new CuratedInputError(`Câu hỏi mẫu dài quá ${MAX_TEXT} ký tự.`);
  const reply = clean(input.reply) || null;
  const sourceUrl = clean(input.sourceUrl) || null;
  const guideId = clean(input.guideId) || null;
  if (input.key !== undefined && !KEY.test(input.key))
    throw new CuratedInputError(`Mã "${input.key}" không hợp lệ: chữ thường không dấu, số và "-", tối đa ${MAX_KEY} ký tự.`);
  switch (input.kind) {
    case 'example':
      if (!guideId || !knownGuide(guideId)) throw new CuratedInputError(`Không có hướng dẫn mã "${guideId ?? ''}".`);
      return { key: input.key, kind: 'example', text, guideId, reply: null, sourceUrl: null };
    case 'answer': {
      if (!reply) throw new CuratedInputError('Câu trả lời biên soạn không được để trống.');
      if (reply.length > MAX_REPLY) throw new CuratedInputError(`Câu trả lời dài quá ${MAX_REPLY} ký tự.`);
      if (!sourceUrl || !isHttpUrl(sourceUrl))
        throw new CuratedInputError('Câu trả lời biên soạn cần đường dẫn nguồn chính thức (http:// hoặc https://).');
      return { key: input.key, kind: 'answer', text, guideId: null, reply, sourceUrl };
    }
    case 'out_of_scope':
      if (!reply) throw new CuratedInputError('Cần nội dung hướng dẫn người dân đến nơi phù hợp.');
      if (reply.length > MAX_REPLY) throw new CuratedInputError(`Nội dung dài quá ${MAX_REPLY} ký tự.`);
      if (sourceUrl && !isHttpUrl(sourceUrl)) throw new CuratedInputError('Đường dẫn nguồn phải bắt đầu bằng http:// hoặc https://.');
      return { key: input.key, kind: 'out_of_scope', text, guideId: null, reply, sourceUrl };
  }
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

type Row = Awaited<ReturnType<PrismaClient['curatedEntry']['findFirstOrThrow']>>;

function toEntry(r: Row): CuratedEntry {
  return { ...r, kind: r.kind as CuratedKind };
}

function snapshot(e: CuratedEntry): Record<string, string | null> {
  return {
    key: e.key,
    kind: e.kind,
    text: e.text,
    guideId: e.guideId,
    reply: e.reply,
    sourceUrl: e.sourceUrl,
    updatedBy: e.updatedBy,
    updatedAt: e.updatedAt.toISOString(),
  };
}

/** Curated entries in PostgreSQL; every write also records who, when and what in curated_changes. */
export class CuratedStore {
  constructor(private readonly prisma: PrismaClient) {}

  async list(filter: { kind?: CuratedKind } = {}): Promise<CuratedEntry[]> {
    const rows = await this.prisma.curatedEntry.findMany({
      where: filter.kind ? { kind: filter.kind } : {},
      orderBy: [{ kind: 'asc' }, { key: 'asc' }],
    });
    return rows.map(toEntry);
  }

  async get(id: number): Promise<CuratedEntry | null> {
    const r = await this.prisma.curatedEntry.findUnique({ where: { id } });
    return r ? toEntry(r) : null;
  }

  async byKey(key: string): Promise<CuratedEntry | null> {
    const r = await this.prisma.curatedEntry.findUnique({ where: { key } });
    return r ? toEntry(r) : null;
  }

  /** The id of the latest change: replicas compare it to know when to reload. */
  async version(): Promise<number> {
    const r = await this.prisma.curatedChange.aggregate({ _max: { id: true } });
    return r._max.id ?? 0;
  }

  async create(entry: ReturnType<typeof checkEntry>, by: string): Promise<CuratedEntry> {
    return this.prisma.$transaction(async (tx) => {
      let key = entry.key ?? keyFor(entry.kind, entry.text);
      if (entry.key === undefined) {
        // A text whose key is taken gets "-2", "-3"…
        for (let n = 2; await tx.curatedEntry.findUnique({ where: { key } }); n++) key = `${keyFor(entry.kind, entry.text)}-${n}`;
      } else if (await tx.curatedEntry.findUnique({ where: { key } })) {
        throw new CuratedInputError(`Mã "${key}" đã có.`);
      }
      const row = toEntry(
        await tx.curatedEntry.create({
          data: {
            key,
            kind: entry.kind,
            text: entry.text,
            guideId: entry.guideId,
            reply: entry.reply,
            sourceUrl: entry.sourceUrl,
            createdBy: by,
            updatedBy: by,
          },
        }),
      );
      await tx.curatedChange.create({ data: { entryId: row.id, key, action: 'create', actor: by, snapshot: snapshot(row) } });
      return row;
    });
  }

  async update(id: number, entry: ReturnType<typeof checkEntry>, by: string): Promise<CuratedEntry> {
    return this.prisma.$transaction(async (tx) => {
      const found = await tx.curatedEntry.findUnique({ where: { id } });
      if (!found) throw new CuratedNotFoundError(`Không có mục ${id}.`);
      const row = toEntry(
        await tx.curatedEntry.update({
          where: { id },
          data: {
            kind: entry.kind,
            text: entry.text,
            guideId: entry.guideId,
            reply: entry.reply,
            sourceUrl: entry.sourceUrl,
            updatedBy: by,
          },
        }),
      );
      await tx.curatedChange.create({ data: { entryId: id, key: row.key, action: 'update', actor: by, snapshot: snapshot(row) } });
      return row;
    });
  }

  async remove(id: number, by: string): Promise<CuratedEntry> {
    return this.prisma.$transaction(async (tx) => {
      const found = await tx.curatedEntry.findUnique({ where: { id } });
      if (!found) throw new CuratedNotFoundError(`Không có mục ${id}.`);
      await tx.curatedEntry.delete({ where: { id } });
      const row = toEntry(found);
      await tx.curatedChange.create({ data: { entryId: id, key: row.key, action: 'delete', actor: by, snapshot: snapshot(row) } });
      return row;
    });
  }

  async history(filter: { key?: string; limit?: number } = {}): Promise<CuratedChange[]> {
    const rows = await this.prisma.curatedChange.findMany({
      where: filter.key ? { key: filter.key } : {},
      orderBy: { id: 'desc' },
      take: filter.limit ?? 100,
    });
    return rows.map((r) => ({ ...r, action: r.action as CuratedChange['action'] }));
  }
}
