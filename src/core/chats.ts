import { sql } from 'kysely';
import { Batcher, PER_MESSAGE_BATCH_MS } from '../store/batcher.ts';
import type { Db } from '../store/db.ts';
import type { ChatState } from './skill.ts';
import { storableJson } from './storable.ts';
import type { Channel } from './types.ts';

const EMPTY: ChatState = { lastTopic: null, lastGuideId: null, mode: 'normal', step: 0, data: {} };

interface Key {
  channel: Channel;
  chatId: string;
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
    private readonly db: Db,
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
    // The batch's keys as a table; `i` is each key's place (int8: a string from pg, a number from PGlite).
    const k = sql<{ channel: string; chat_id: string; i: string | number }>`unnest(${keys.map((k) => k.channel)}::text[], ${keys.map(
      (k) => k.chatId,
    )}::text[]) WITH ORDINALITY`.as<'k'>(sql`k(channel, chat_id, i)`);
    const rows = await this.db
      .selectFrom(k)
      .innerJoin('chats as c', (j) => j.onRef('c.channel', '=', 'k.channel').onRef('c.chat_id', '=', 'k.chat_id'))
      .select(['k.i', 'c.last_topic', 'c.last_guide_id', 'c.mode', 'c.step', 'c.state'])
      .execute();
    const found = new Map(rows.map((r) => [Number(r.i) - 1, r]));
    return keys.map((_, i) => {
      const row = found.get(i);
      if (!row) return { ...EMPTY, data: {} };
      return {
        lastTopic: row.last_topic,
        lastGuideId: row.last_guide_id,
        mode: row.mode,
        step: row.step,
        // Written only by `upsert` below, from a ChatState's data object.
        data: (row.state as ChatState['data'] | null) ?? {},
      };
    });
  }

  private async upsert(items: (Key & { chat: ChatState })[]): Promise<undefined[]> {
    // One row per chat: PostgreSQL refuses to update the same row twice in one statement.
    const last = new Map(items.map((it) => [`${it.channel}\u0000${it.chatId}`, it]));
    const rows = [...last.values()];
    // One statement for the whole batch: the rows as parallel arrays, unnested into a table.
    const t = sql<{
      channel: string;
      chat_id: string;
      last_topic: string | null;
      last_guide_id: string | null;
      mode: string;
      step: number;
      state: string;
    }>`unnest(${rows.map((r) => r.channel)}::text[], ${rows.map((r) => r.chatId)}::text[], ${rows.map((r) => r.chat.lastTopic)}::text[],
      ${rows.map((r) => r.chat.lastGuideId)}::text[], ${rows.map((r) => r.chat.mode)}::text[], ${rows.map((r) => r.chat.step)}::int[],
      ${rows.map((r) => JSON.stringify(r.chat.data, storableJson))}::text[])`.as<'t'>(
      sql`t(channel, chat_id, last_topic, last_guide_id, mode, step, state)`,
    );
    await this.db
      .insertInto('chats')
      .columns(['channel', 'chat_id', 'last_topic', 'last_guide_id', 'mode', 'step', 'state', 'updated_at'])
      .expression((eb) =>
        eb
          .selectFrom(t)
          .select(['t.channel', 't.chat_id', 't.last_topic', 't.last_guide_id', 't.mode', 't.step'])
          .select([sql<unknown>`t.state::jsonb`.as('state'), sql<Date>`now()`.as('updated_at')]),
      )
      .onConflict((oc) =>
        oc.columns(['channel', 'chat_id']).doUpdateSet((eb) => ({
          last_topic: eb.ref('excluded.last_topic'),
          last_guide_id: eb.ref('excluded.last_guide_id'),
          mode: eb.ref('excluded.mode'),
          step: eb.ref('excluded.step'),
          state: eb.ref('excluded.state'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
    return items.map(() => undefined);
  }
}
