import type { Logger } from '../log.ts';
import type { IncomingMessage, Reply } from './types.ts';

/** Per-chat conversation state (the `chats` table), as skills see it. */
export interface ChatState {
  lastTopic: string | null;
  lastGuideId: string | null;
  /** "normal", or e.g. "steps" while walking through a guide step by step. */
  mode: string;
  step: number;
  /** Small skill-owned state (e.g. the last question, a pending clarification). */
  data: Record<string, unknown>;
}

/** The enrolled officer behind a message, if any. */
export interface OfficerIdentity {
  officerId: number;
  unitCode: string;
  unitName: string;
  displayName: string;
}

export interface TurnContext {
  now: Date;
  chat: ChatState;
  /** Merge into the chat state; saved after the turn. */
  updateChat(patch: Partial<ChatState>): void;
  officer: OfficerIdentity | null;
  log: Logger;
}

/**
 * A piece of the bot that answers one kind of message. Skills never see channel types. `C` is the
 * context its guards guarantee (officer-guard.ts: an enrolled officer).
 */
export interface Skill<C extends TurnContext = TurnContext> {
  handle(message: IncomingMessage, ctx: C): Promise<Reply>;
}
