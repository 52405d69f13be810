import { Batcher } from '../store/batcher.ts';
import type { Sql } from '../store/sql.ts';
import type { ChatState } from './skill.ts';
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

/**
 * Per-chat conversation state in the `chats` table. Every message loads and saves it, so both go
 * through batchers: the chats in flight together cost one statement each way. Nothing is cached
 * in memory — replicas sharing a PostgreSQL server always see each other's latest state.
 */
export class ChatStore {
  private readonly loads: Batcher<Key, ChatState>;
  private readonly saves: Batcher<Key & { chat: ChatState }, undefined>;

  constructor(private readonly sql: Sql) {
    this.loads = new Batcher((keys) => this.select(keys));
    this.saves = new Batcher((items) => this.upsert(items));
  }

  load(channel: Channel, chatId: string): Promise<ChatState> {
    return this.loads.push({ channel, chatId });
  }

  save(channel: Channel, chatId: string, chat: ChatState): Promise<void> {
    return this.saves.push({ channel, chatId, chat });
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
        rows.map((r) => JSON.stringify(r.chat.data)),
      ],
    );
    return items.map(() => undefined);
  }
}
