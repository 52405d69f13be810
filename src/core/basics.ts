import { Composer, withoutDatabase } from './composer.ts';
import * as M from './messages.ts';

const HELLO = new Set(['xin chao', 'chao', 'chao ban', 'hello', 'hi', 'alo', 'chao bot', 'chao em', 'xin chao ban']);
const THANKS = new Set(['cam on', 'cam on ban', 'thanks', 'thank you', 'cam on nhieu', 'ok cam on', 'tks', 'thank', 'camon']);
const HELP = new Set(['help', 'tro giup', 'huong dan su dung']);
const CANCEL = new Set(['huy', 'thoi']);

/** Help, cancel and small talk: fixed replies that need neither the database nor the guides. */
export function basics(): Composer {
  return new Composer()
    .command(['help', 'trogiup'], withoutDatabase, async () => ({ intent: 'help', text: M.HELP }))
    .text((t) => HELP.has(t.folded), withoutDatabase, async () => ({ intent: 'help', text: M.HELP }))
    .command(['huy', 'cancel'], withoutDatabase, async (_m, ctx) => cancel(ctx))
    .text((t) => CANCEL.has(t.folded), withoutDatabase, async (_m, ctx) => cancel(ctx))
    .text((t) => HELLO.has(t.folded), withoutDatabase, async () => ({ intent: 'smalltalk', text: M.SMALLTALK_HELLO }))
    .text((t) => THANKS.has(t.folded), withoutDatabase, async () => ({ intent: 'smalltalk', text: M.SMALLTALK_THANKS }));
}

function cancel(ctx: { updateChat(p: { mode: string; step: number; data: Record<string, unknown> }): void }) {
  ctx.updateChat({ mode: 'normal', step: 0, data: {} });
  return { intent: 'help' as const, text: M.CANCELLED };
}
