/**
 * The real development messages one by one (never the held-out ones): for each, pass or fail by
 * its rubric, the outcome, the entry chosen, the confidence and, for a failure, the rubric points
 * the reply misses. For tuning on `dev` only. Usage: npx tsx bench/real-dev.ts [--all] [--id ID…]
 * [--files REGEX] [--not-files REGEX] [--ids-file FILE]
 * (KDIR=folder reads the entries from another knowledge folder, e.g. a `git archive` of a commit.
 * --files '-3\.jsonl$' scores only the newest files: run it before tuning on them, for a fresh figure.)
 */
import { fileURLToPath } from 'node:url';
import { GuideEngine } from '../src/answer/engine.ts';
import { KNOWLEDGE_DIR } from '../src/answer/index.ts';
import { creditedText, hasPhrase, readIdList, readRealSet, rubricPass } from '../src/answer/real-eval.ts';
import { citizenReply } from '../src/answer/replies.ts';
import { HashedFeatureEmbeddings } from '../src/retrieval/embeddings.ts';
import { loadGuides } from '../src/retrieval/guides.ts';
import { KnowledgeIndex } from '../src/retrieval/knowledge-index.ts';
import { fold } from '../src/text/fold.ts';

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
const guides = loadGuides(process.env.KDIR ?? KNOWLEDGE_DIR);
const engine = new GuideEngine(await KnowledgeIndex.build(guides, new HashedFeatureEmbeddings()));
const dev = readRealSet(fileURLToPath(new URL('../eval/real', import.meta.url))).messages.filter(
  (m) => m.split === 'dev' && (!onlyFiles || onlyFiles.test(m.file)) && !notFiles?.test(m.file),
);
let turned = 0;
const passed = new Set<string>();
for (const m of dev) {
  if (ids.length > 0 && !ids.includes(m.id)) continue;
  const a = await engine.answer(m.text);
  const reply = citizenReply(a, guides);
  const ok = rubricPass(m, reply);
  if (ok) passed.add(m.id);
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
  if (ids.length > 0) process.stdout.write(`   TEXT: ${m.text}\n   REPLY: ${reply.text}\n`);
}
const scored = dev.filter((m) => ids.length === 0 || ids.includes(m.id));
const by = (scope: 'in' | 'off') => {
  const of = scored.filter((m) => m.scope === scope);
  return `${of.filter((m) => passed.has(m.id)).length}/${of.length}`;
};
process.stdout.write(
  `dev ${scored.length} lines, pass ${passed.size} (in scope ${by('in')}, off topic ${by('off')}; off turned away ${turned}/${scored.filter((m) => m.scope === 'off').length})\n`,
);
