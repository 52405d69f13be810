import { Batcher, PER_MESSAGE_BATCH_MS } from '../store/batcher.ts';
import type { Sql } from '../store/sql.ts';
import type { ChatState } from './skill.ts';
import { storableJson } from './storable.ts';
import type { Channel } from './types.ts';

const EMPTY: ChatState = { lastTopic: null, lastGuideId: null, mode: 'normal', step: 0, data: {} };

interface Key {
  channel: Channel;
  chatId: string;
}

interface Row {
  i: string | number;
  last_topic: string | null;
  last_guide_id: string | null;
  mode: string;
  step: number;
  state: Record<string, unknown> | null;
}

export interface ChatStoreOptions {
  /**
   * Keep the last N chats' state in memory, written through on every save. Only for a database
   * this process has to itself (the embedded one, locked per process): with replicas sharing a
   * PostgreSQL server, another replica may answer the same chat's next message.
   */
  cacheChats?: number;
}

/**
 * Per-chat conversation state in the `chats` table. Every message loads and saves it, so both go
 * through batchers: the chats in flight together cost one statement each way.
 */
export class ChatStore {
  private readonly loads: Batcher<Key, ChatState>;
  private readonly saves: Batcher<Key & { chat: ChatState }, undefined>;
  /** Most recently used last (Map keeps insertion order). */
  private readonly cache = new Map<string, ChatState>();
  private readonly cacheChats: number;

  constructor(
    private readonly sql: Sql,
    opts: ChatStoreOptions = {},
  ) {
    this.cacheChats = opts.cacheChats ?? 0;
    this.loads = new Batcher((keys) => this.select(keys), { minIntervalMs: PER_MESSAGE_BATCH_MS });
    this.saves = new Batcher((items) => this.upsert(items), { minIntervalMs: PER_MESSAGE_BATCH_MS });
  }

  async load(channel: Channel, chatId: string): Promise<ChatState> {
    const key = `${channel}\u0000${chatId}`;
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      // A copy: the turn mutates what it gets, and only a successful save may change the cache.
      return structuredClone(cached);
    }
    const chat = await this.loads.push({ channel, chatId });
    this.remember(key, chat);
    return chat;
  }

  async save(channel: Channel, chatId: string, chat: ChatState): Promise<void> {
    await this.saves.push({ channel, chatId, chat });
    this.remember(`${channel}\u0000${chatId}`, chat);
  }

  private remember(key: string, chat: ChatState): void {
    if (this.cacheChats <= 0) return;
    this.cache.delete(key);
    this.cache.set(key, structuredClone(chat));
    if (this.cache.size > this.cacheChats) this.cache.delete(this.cache.keys().next().value!);
  }

  private async select(keys: Key[]): Promise<ChatState[]> {
    const rows = await this.sql.query<Row>(
      `SELECT k.i, c.last_topic, c.last_guide_id, c.mode, c.step, c.state
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(channel, chat_id, i)
       JOIN chats c ON c.channel = k.channel AND c.chat_id = k.chat_id`,
      [keys.map((k) => k.channel), keys.map((k) => k.chatId)],
    );
    const found = new Map(rows.map((r) => [Number(r.i) - 1, r]));
    return keys.map((_, i) => {
      const row = found.get(i);
      if (!row) return { ...EMPTY, data: {} };
      return {
        lastTopic: row.last_topic,
        lastGuideId: row.last_guide_id,
        mode: row.mode,
        step: row.step,
        data: row.state ?? {},
      };
    });
  }

  private async upsert(items: (Key & { chat: ChatState })[]): Promise<undefined[]> {
    // One row per chat: PostgreSQL refuses to update the same row twice in one statement.
    const last = new Map(items.map((it) => [`${it.channel}\u0000${it.chatId}`, it]));
    const rows = [...last.values()];
    await this.sql.query(
      `INSERT INTO chats (channel, chat_id, last_topic, last_guide_id, mode, step, state, updated_at)
       SELECT channel, chat_id, last_topic, last_guide_id, mode, step, state::jsonb, now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[])
         AS t(channel, chat_id, last_topic, last_guide_id, mode, step, state)
       ON CONFLICT (channel, chat_id) DO UPDATE SET
         last_topic = excluded.last_topic, last_guide_id = excluded.last_guide_id, mode = excluded.mode,
         step = excluded.step, state = excluded.state, updated_at = excluded.updated_at`,
      [
        rows.map((r) => r.channel),
        rows.map((r) => r.chatId),
        rows.map((r) => r.chat.lastTopic),
        rows.map((r) => r.chat.lastGuideId),
        rows.map((r) => r.chat.mode),
        rows.map((r) => r.chat.step),
        rows.map((r) => JSON.stringify(r.chat.data, storableJson)),
      ],
    );
    return items.map(() => undefined);
  }
}
