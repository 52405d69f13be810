import { maskPersonalData } from './personal-data.ts';

// PostgreSQL refuses U+0000 in text and jsonb, and a lone UTF-16 surrogate cannot be encoded as
// UTF-8 at all: one such character used to fail the whole batched statement it rode in, and with
// it other users' answers. Everything a message carries is cleaned before a skill sees it.

const NUL = new RegExp(String.fromCharCode(0), 'g');
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Drops NUL and replaces lone surrogates with U+FFFD; other text is returned unchanged. */
export function storable(text: string): string {
  return text.replace(NUL, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** JSON.stringify replacer for what is stored: every string value storable, personal data masked. */
export function storableJson(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? maskPersonalData(storable(value)) : value;
}

/** The message with every string it carries made storable. */
export function storableMessage<T extends { chatId: string; userId: string; text: string; displayName?: string; callbackData?: string }>(
  message: T,
): T {
  const out = { ...message, chatId: storable(message.chatId), userId: storable(message.userId), text: storable(message.text ?? '') };
  if (message.displayName !== undefined) out.displayName = storable(message.displayName);
  if (message.callbackData !== undefined) out.callbackData = storable(message.callbackData);
  return out;
}
