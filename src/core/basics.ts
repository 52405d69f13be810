import { Composer, withoutDatabase } from './composer.ts';
import * as M from './messages.ts';

const HELLO = new Set(['xin chao', 'chao', 'chao ban', 'hello', 'hi', 'alo', 'chao bot', 'chao em', 'xin chao ban']);
const THANKS = new Set(['cam on', 'cam on ban', 'thanks', 'thank you', 'cam on nhieu', 'ok cam on', 'tks', 'thank', 'camon']);
const HELP = new Set(['help', 'tro giup', 'huong dan su dung']);
const CANCEL = new Set(['huy', 'thoi']);
// A call for help that names no need ("giúp em với ạ", "cho hỏi chút", "ai tư vấn giúp"): retrieval
// found no entry and said "ngoài phạm vi" to someone who had not yet said what the need was
// (citizen review, 2026-12-01). Only these words, one of them asking, at most 8 of them.
const CALL_WORDS = new Set(
  ('giup gium dum do voi em toi minh chau con bac anh chi co chu ong ba cho hoi chut xiu ti ty ai khong ko k ' +
    'nhe nha oi a ad admin ban bot di mot cai viec nay xin can duoc dc vay the la lam on vui long tu van ho tro ' +
    'help me please').split(' '),
);
const ASKING = /\b(giup|gium|dum|hoi|tu van|ho tro|help)\b/;

/** Only a call for help, no need named yet (folded text). */
export function callsForHelpOnly(folded: string): boolean {
  const words = folded.split(/[^a-z0-9]+/).filter(Boolean);
  return words.length > 0 && words.length <= 8 && words.every((w) => CALL_WORDS.has(w)) && ASKING.test(words.join(' '));
}

/** Help, cancel and small talk: fixed replies that need neither the database nor the guides. */
export function basics(): Composer {
  return new Composer()
    .command(['help', 'trogiup'], withoutDatabase, async () => ({ intent: 'help', text: M.HELP }))
    .text((t) => HELP.has(t.folded), withoutDatabase, async () => ({ intent: 'help', text: M.HELP }))
    .command(['huy', 'cancel'], withoutDatabase, async (_m, ctx) => cancel(ctx))
    .text((t) => CANCEL.has(t.folded), withoutDatabase, async (_m, ctx) => cancel(ctx))
    .text((t) => HELLO.has(t.folded), withoutDatabase, async () => ({ intent: 'smalltalk', text: M.SMALLTALK_HELLO }))
    .text((t) => THANKS.has(t.folded), withoutDatabase, async () => ({ intent: 'smalltalk', text: M.SMALLTALK_THANKS }))
    .text((t) => callsForHelpOnly(t.folded), withoutDatabase, async () => ({ intent: 'smalltalk', text: M.SMALLTALK_ASK_WHAT }));
}

function cancel(ctx: { updateChat(p: { mode: string; step: number; data: Record<string, unknown> }): void }) {
  ctx.updateChat({ mode: 'normal', step: 0, data: {} });
  return { intent: 'help' as const, text: M.CANCELLED };
}
