/**
 * The real development messages one by one (never the held-out ones): for each, pass or fail by
 * its rubric, the outcome, the entry chosen, the confidence and, for a failure, the rubric points
 * the reply misses. For tuning on `dev` only. Usage: npx tsx bench/real-dev.ts [--all] [--id ID…]
 * [--files REGEX] [--not-files REGEX] [--ids-file FILE] [--unleak SHARE] [--typed plain|chat|chat-plain|iy]
 * (KDIR=folder reads the entries from another knowledge folder, e.g. a `git archive` of a commit.
 * --files '-3\.jsonl$' scores only the newest files: run it before tuning on them, for a fresh figure.)
 * --unleak SHARE drops, before indexing, every alias that repeats a run of the scored messages'
 * syllables at least SHARE of its own length (4 syllables, 2 content words at least): aliases
 * were written from dev lines, so dev passes on its own wording (0.88) where unseen messages do
 * not (0.53). Scored without them, a dev half behaves more like messages nobody tuned on.
 * --typed rewrites each message as people also type it: `plain` without diacritics, `chat` with
 * the chat abbreviations (ko, dc, đk, sđt, hs, j, ntn, bn, tl), `iy` in the other i/y spelling and
 * tone placement (ký → kí, hòa → hoà), `chat-plain` both chat and plain. The rubric is the same: the answer must not depend on it.)
 */
import { fileURLToPath } from 'node:url';
import { GuideEngine } from '../src/answer/engine.ts';
import { KNOWLEDGE_DIR } from '../src/answer/index.ts';
import { creditedText, type FailKind, failKind, hasPhrase, readIdList, readRealSet, rubricPass } from '../src/answer/real-eval.ts';
import { offeredAnswer } from '../src/answer/format.ts';
import { citizenReply } from '../src/answer/replies.ts';
import { HashedFeatureEmbeddings } from '../src/retrieval/embeddings.ts';
import { loadGuides } from '../src/retrieval/guides.ts';
import { KnowledgeIndex } from '../src/retrieval/knowledge-index.ts';
import { fold } from '../src/text/fold.ts';
import { unleakAliases } from './unleak.ts';

/** Ways people type the same message (see --typed). */
const TYPED: Record<'plain' | 'chat' | 'chat-plain' | 'iy', (t: string) => string> = {
  plain: (t: string) => t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D'),
  chat: (t: string) =>
    [
      [/không/gi, 'ko'],
      [/được/gi, 'dc'],
      [/đăng ký|đăng kí/gi, 'đk'],
      [/số điện thoại/gi, 'sđt'],
      [/hồ sơ/gi, 'hs'],
      [/\bgì\b/gi, 'j'],
      [/như thế nào/gi, 'ntn'],
      [/bao nhiêu/gi, 'bn'],
      [/trả lời/gi, 'tl'],
      [/tài khoản/gi, 'tk'],
      [/mật khẩu/gi, 'mk'],
    ].reduce((s, [re, to]) => s.replace(re as RegExp, to as string), t),
  // Both, as on Zalo: "toi ko dang nhap dc vneid".
  'chat-plain': (t: string) => TYPED.plain(TYPED.chat(t)),
  iy: (t: string) =>
    t
      .normalize('NFC')
      .replace(/(?<!\p{L})([klmstKLMST])([yýỳỷỹỵ])(?!\p{L})/gu, (_, c: string, y: string) => c + 'iíìỉĩị'['yýỳỷỹỵ'.indexOf(y)]!)
      // The mark moves to the second vowel of an open oa, oe, uy: hòa → hoà, khỏe → khoẻ, thủy → thuỷ.
      .replace(/(?<![qQ])([òóỏõọ][ae]|[ùúủũụ]y)(?!\p{L})/gu, (_, vw: string) => {
        const [v, w] = [vw[0]!, vw[1]!];
        const [base, mark] = [v.normalize('NFD')[0]!, v.normalize('NFD').slice(1)];
        return base + (w + mark).normalize('NFC');
      }),
};

const args = process.argv.slice(2);
const all = args.includes('--all');
const ids = args.flatMap((a, i) => (args[i - 1] === '--id' ? [a] : []));
const flag = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? new RegExp(args[at + 1]!) : null;
};
const onlyFiles = flag('--files');
const idsFile = args.indexOf('--ids-file');
if (idsFile >= 0) ids.push(...readIdList(args[idsFile + 1]!));
// A list of ids scores those lines as a set (counts only), not one by one with texts.
const listed = idsFile >= 0;
const notFiles = flag('--not-files');
const unleakAt = args.indexOf('--unleak');
const unleak = unleakAt >= 0 ? Number(args[unleakAt + 1]) : null;
const dev = readRealSet(fileURLToPath(new URL('../eval/real', import.meta.url))).messages.filter(
  (m) => m.split === 'dev' && (!onlyFiles || onlyFiles.test(m.file)) && !notFiles?.test(m.file),
);
const guides = loadGuides(process.env.KDIR ?? KNOWLEDGE_DIR);
if (unleak !== null) {
  const scored = dev.filter((m) => ids.length === 0 || ids.includes(m.id)).map((m) => m.text);
  process.stdout.write(`unleak ${unleak}: ${unleakAliases(guides, scored, unleak)} aliases dropped\n`);
}
const engine = new GuideEngine(await KnowledgeIndex.build(guides, new HashedFeatureEmbeddings()));
let turned = 0;
const passed = new Set<string>();
// Failing in-scope replies whose button entry (GuideAnswer.nearby) passes: fixed by one tap.
let oneTap = 0;
const failedAs = { in: {} as Partial<Record<FailKind, number>>, off: {} as Partial<Record<FailKind, number>> };
const typedAt = args.indexOf('--typed');
const retype = typedAt >= 0 ? TYPED[args[typedAt + 1] as keyof typeof TYPED] : (t: string) => t;
if (!retype) throw new Error(`--typed: one of ${Object.keys(TYPED).join(', ')}`);
for (const m of dev) {
  if (ids.length > 0 && !ids.includes(m.id)) continue;
  const a = await engine.answer(retype(m.text));
  const reply = citizenReply(a, guides);
  const ok = rubricPass(m, reply);
  if (ok) passed.add(m.id);
  else {
    const k = failKind(m, reply);
    failedAs[m.scope][k] = (failedAs[m.scope][k] ?? 0) + 1;
    if (m.scope === 'in' && a.nearby && rubricPass(m, { intent: 'guide', text: offeredAnswer(a.nearby, retype(m.text)) })) oneTap++;
  }
  if (m.scope === 'off' && reply.intent === 'out_of_scope') turned++;
  if (listed || (ok && !all && ids.length === 0)) continue;
  // What the rubric credits: a guess's entry, a redirect line's reply without the standing advice.
  const said = creditedText(m, reply);
  const missing = m.must.filter((alts) => !alts.some((x) => hasPhrase(said, x)));
  const text = fold(reply.text);
  const bad = m.must_not.filter((p) => hasPhrase(text, p));
  process.stdout.write(
    `${ok ? 'PASS' : 'FAIL'} ${m.id} [${m.scope}/${m.expect}] ${a.outcome} ${a.guide?.id ?? '-'} conf=${a.confidence.toFixed(3)} top=${a.ranked
      .slice(0, 3)
      .map((h) => h.guide.id)
      .join(',')}\n`,
  );
  if (!ok)
    process.stdout.write(`   missing: ${JSON.stringify(missing)}${bad.length ? ` must_not: ${JSON.stringify(bad)}` : ''}\n`);
  if (ids.length > 0) process.stdout.write(`   TEXT: ${retype(m.text)}\n   REPLY: ${reply.text}\n`);
}
const scored = dev.filter((m) => ids.length === 0 || ids.includes(m.id));
const by = (scope: 'in' | 'off') => {
  const of = scored.filter((m) => m.scope === scope);
  return `${of.filter((m) => passed.has(m.id)).length}/${of.length}`;
};
process.stdout.write(
  `dev ${scored.length} lines, pass ${passed.size} (in scope ${by('in')}, off topic ${by('off')}; off turned away ${turned}/${scored.filter((m) => m.scope === 'off').length})\n`,
);
// On stderr: stdout's last line stays the totals, which notes and helpers read with `tail -1`.
process.stderr.write(
  `failed as: in scope ${JSON.stringify(failedAs.in)}, off topic ${JSON.stringify(failedAs.off)}; in scope fixed by one tap ${oneTap}\n`,
);
