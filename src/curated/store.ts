import { maskPersonalData } from '../core/personal-data.ts';
import { storable } from '../core/storable.ts';
import type { Db } from '../store/db.ts';
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

/** An entry row as `CuratedEntry` names it. */
const COLUMNS = [
  'id',
  'key',
  'kind',
  'text',
  'guide_id as guideId',
  'reply',
  'source_url as sourceUrl',
  'created_by as createdBy',
  'created_at as createdAt',
  'updated_by as updatedBy',
  'updated_at as updatedAt',
] as const;

const toEntry = <R extends { kind: string }>(r: R): R & { kind: CuratedKind } => ({ ...r, kind: r.kind as CuratedKind });

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

/** Who changed an entry, when, and what it holds after (before, for a delete): in the change's transaction. */
async function recordChange(tx: Db, row: CuratedEntry, action: CuratedChange['action'], by: string): Promise<void> {
  await tx
    .insertInto('curated_changes')
    .values({ entry_id: row.id, key: row.key, action, actor: by, snapshot: JSON.stringify(snapshot(row)) })
    .execute();
}

/** Curated entries in PostgreSQL; every write also records who, when and what in curated_changes. */
export class CuratedStore {
  constructor(private readonly db: Db) {}

  async list(filter: { kind?: CuratedKind } = {}): Promise<CuratedEntry[]> {
    let query = this.db.selectFrom('curated_entries').select(COLUMNS).orderBy('kind', 'asc').orderBy('key', 'asc');
    if (filter.kind) query = query.where('kind', '=', filter.kind);
    return (await query.execute()).map(toEntry);
  }

  async get(id: number): Promise<CuratedEntry | null> {
    const r = await this.db.selectFrom('curated_entries').select(COLUMNS).where('id', '=', id).executeTakeFirst();
    return r ? toEntry(r) : null;
  }

  /** The id of the latest change: replicas compare it to know when to reload. */
  async version(): Promise<number> {
    const r = await this.db
      .selectFrom('curated_changes')
      .select((eb) => eb.fn.max('id').as('max'))
      .executeTakeFirstOrThrow();
    return r.max ?? 0;
  }

  async create(entry: ReturnType<typeof checkEntry>, by: string): Promise<CuratedEntry> {
    return this.db.transaction().execute(async (tx) => {
      const taken = async (key: string) => !!(await tx.selectFrom('curated_entries').select('id').where('key', '=', key).executeTakeFirst());
      let key = entry.key ?? keyFor(entry.kind, entry.text);
      if (entry.key === undefined) {
        // A text whose key is taken gets "-2", "-3"…
        for (let n = 2; await taken(key); n++) key = `${keyFor(entry.kind, entry.text)}-${n}`;
      } else if (await taken(key)) {
        throw new CuratedInputError(`Mã "${key}" đã có.`);
      }
      const row = toEntry(
        await tx
          .insertInto('curated_entries')
          .values({
            key,
            kind: entry.kind,
            text: entry.text,
            guide_id: entry.guideId,
            reply: entry.reply,
            source_url: entry.sourceUrl,
            created_by: by,
            updated_by: by,
            updated_at: new Date(),
          })
          .returning(COLUMNS)
          .executeTakeFirstOrThrow(),
      );
      await recordChange(tx, row, 'create', by);
      return row;
    });
  }

  async update(id: number, entry: ReturnType<typeof checkEntry>, by: string): Promise<CuratedEntry> {
    return this.db.transaction().execute(async (tx) => {
      const updated = await tx
        .updateTable('curated_entries')
        .set({
          kind: entry.kind,
          text: entry.text,
          guide_id: entry.guideId,
          reply: entry.reply,
          source_url: entry.sourceUrl,
          updated_by: by,
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .returning(COLUMNS)
        .executeTakeFirst();
      if (!updated) throw new CuratedNotFoundError(`Không có mục ${id}.`);
      const row = toEntry(updated);
      await recordChange(tx, row, 'update', by);
      return row;
    });
  }

  async remove(id: number, by: string): Promise<CuratedEntry> {
    return this.db.transaction().execute(async (tx) => {
      const found = await tx.deleteFrom('curated_entries').where('id', '=', id).returning(COLUMNS).executeTakeFirst();
      if (!found) throw new CuratedNotFoundError(`Không có mục ${id}.`);
      const row = toEntry(found);
      await recordChange(tx, row, 'delete', by);
      return row;
    });
  }

  async history(filter: { key?: string; limit?: number } = {}): Promise<CuratedChange[]> {
    let query = this.db
      .selectFrom('curated_changes')
      .select(['id', 'entry_id as entryId', 'key', 'action', 'actor', 'at', 'snapshot'])
      .orderBy('id', 'desc')
      .limit(filter.limit ?? 100);
    if (filter.key) query = query.where('key', '=', filter.key);
    return (await query.execute()).map((r) => ({ ...r, action: r.action as CuratedChange['action'] }));
  }
}
