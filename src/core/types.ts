/** The only shapes the channel adapters see. No channel library types cross this line. */

export type Channel = 'telegram' | 'zalo' | 'cli' | 'test';

export interface IncomingMessage {
  channel: Channel;
  chatId: string;
  userId: string;
  displayName?: string;
  /** What the user typed. Empty when the update carries only a button press. */
  text: string;
  /** Data of an inline button the user pressed (Telegram); Zalo users answer numbered choices by digit. */
  callbackData?: string;
  /** Group chats: only answered when the bot is addressed. */
  isGroup?: boolean;
  /** Fixes the clock (tests, `ask --now`). */
  now?: Date;
  /** The text of the bot's own message this one replies to (Telegram "Reply"), when it is one. */
  replyTo?: string;
  /**
   * The text before personal data was masked. Set by the core only in a support staff chat, whose
   * answers to citizens carry office phone numbers the masking would hide.
   */
  original?: string;
}

export interface Button {
  /** Shown to the user (Vietnamese). */
  label: string;
  /** Sent back as `callbackData` when pressed. */
  data: string;
}

export interface Source {
  id: string;
  title: string;
  topic: string;
  url: string;
}

export interface ReplyImage {
  png: Uint8Array;
  /** File-system-safe name, e.g. `bieu-do-online_rate.png`. */
  filename: string;
  caption?: string;
}

export type Intent =
  | 'guide'
  | 'officer'
  | 'enroll'
  | 'help'
  | 'smalltalk'
  | 'out_of_scope'
  | 'feedback'
  | 'clarify'
  /** A citizen's dossier status ("tra cứu hồ sơ <mã>"). */
  | 'dossier_status';

/** An officer figure, as `ask --json` prints it (DESIGN.md § Command line). */
export interface Figure {
  metric: string;
  unit: string;
  period: { from: string; to: string; label: string };
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  target: { op: string; threshold: number; source: string; met: boolean | null } | null;
}

export interface Reply {
  intent: Intent;
  text: string;
  /** Rows of buttons; adapters without buttons render them as numbered choices. */
  buttons?: Button[][];
  image?: ReplyImage;
  sources?: Source[];
  figure?: Figure;
  /** Extra lines the adapter may send after `text` (e.g. long answers already split). */
  meta?: Record<string, unknown>;
  /**
   * Set when the reply says the bot could not answer (an error, the database unreachable), so the
   * channels count it; ordinary answers leave it out.
   */
  failure?: 'error' | 'database';
}

export interface Core {
  handle(message: IncomingMessage): Promise<Reply>;
}
