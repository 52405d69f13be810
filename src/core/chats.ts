import type { PrismaClient } from '../store/db.ts';
import type { Channel } from './types.ts';
import type { ChatState } from './skill.ts';

const EMPTY: ChatState = { lastTopic: null, lastGuideId: null, mode: 'normal', step: 0, data: {} };

/** Loads and saves per-chat conversation state in the `chats` table. */
export class ChatStore {
  constructor(private readonly prisma: PrismaClient) {}

  async load(channel: Channel, chatId: string): Promise<ChatState> {
    const row = await this.prisma.chat.findUnique({ where: { channel_chatId: { channel, chatId } } });
    if (!row) return { ...EMPTY, data: {} };
    return {
      lastTopic: row.lastTopic,
      lastGuideId: row.lastGuideId,
      mode: row.mode,
      step: row.step,
      data: (row.state as Record<string, unknown> | null) ?? {},
    };
  }

  async save(channel: Channel, chatId: string, chat: ChatState): Promise<void> {
    const fields = {
      lastTopic: chat.lastTopic,
      lastGuideId: chat.lastGuideId,
      mode: chat.mode,
      step: chat.step,
      state: chat.data as object,
    };
    await this.prisma.chat.upsert({
      where: { channel_chatId: { channel, chatId } },
      create: { channel, chatId, ...fields },
      update: fields,
    });
  }
}
