/**
 * Where the points a failing reply misses are in the knowledge: for each real in-scope message
 * whose reply fails its rubric, the first of — the answering entry's text makes every `must` point
 * (the reply did not show them), an entry among the first three or five ranked does (retrieval put
 * another first), some other entry does, or no single entry does (the knowledge lacks it) — by how
 * the reply failed (real-eval's failKind). Says which lever could move a split: what a reply shows,
 * ranking, retrieval, or knowledge (issue 12: on the held-out split, 14 / 30 / 15 / 3 of 62).
 *
 * Usage: npx tsx bench/where-points.ts [dev|heldout] [--unleak SHARE] [--ids]
 * Held-out prints counts only, as the bench does; `--ids` lists the dev messages by class.
 */
import { fileURLToPath } from 'node:url';
import { GuideEngine } from '../src/answer/engine.ts';
import { KNOWLEDGE_DIR } from '../src/answer/index.ts';
import { failKind, hasPhrase, readRealSet, rubricPass } from '../src/answer/real-eval.ts';
import { citizenReply } from '../src/answer/replies.ts';
import { HashedFeatureEmbeddings } from '../src/retrieval/embeddings.ts';
import { type Guide, loadGuides } from '../src/retrieval/guides.ts';
import { KnowledgeIndex } from '../src/retrieval/knowledge-index.ts';
import { fold } from '../src/text/fold.ts';
import { unleakAliases } from './unleak.ts';

const args = process.argv.slice(2);
const split = args[0] === 'heldout' ? 'heldout' : 'dev';
const ids = args.includes('--ids') && split === 'dev';
const unleakAt = args.indexOf('--unleak');
const messages = readRealSet(fileURLToPath(new URL('../eval/real', import.meta.url))).messages.filter(
  (m) => m.split === split && m.scope === 'in',
);
const guides = loadGuides(process.env.KDIR ?? KNOWLEDGE_DIR);
if (unleakAt >= 0) unleakAliases(guides, messages.map((m) => m.text), Number(args[unleakAt + 1]));
const engine = new GuideEngine(await KnowledgeIndex.build(guides, new HashedFeatureEmbeddings()));

/** An entry's whole text, folded as the rubric reads replies. */
const whole = new Map(guides.map((g) => [g.id, fold([g.title, ...g.sections.map((s) => `${s.heading} ${s.body}`)].join('\n'))]));

type Where = 'answering entry' | 'first three' | 'first five' | 'another entry' | 'no entry';
const counts: Record<string, Partial<Record<Where, number>>> = {};
const listed: Partial<Record<Where, string[]>> = {};
for (const m of messages) {
  const a = await engine.answer(m.text);
  const reply = citizenReply(a, guides);
  if (rubricPass(m, reply)) continue;
  const makesAll = (g: Guide) => m.must.every((alts) => alts.some((x) => hasPhrase(whole.get(g.id)!, x)));
  const ranked = a.ranked.map((h) => h.guide);
  const where: Where =
    a.guide && makesAll(a.guide)
      ? 'answering entry'
      : ranked.slice(0, 3).some(makesAll)
        ? 'first three'
        : ranked.slice(0, 5).some(makesAll)
          ? 'first five'
          : guides.some(makesAll)
            ? 'another entry'
            : 'no entry';
  const kind = failKind(m, reply);
  counts[kind] ??= {};
  counts[kind][where] = (counts[kind][where] ?? 0) + 1;
  if (ids) listed[where] = [...(listed[where] ?? []), m.id];
}
const total = (where: Where) => Object.values(counts).reduce((n, c) => n + (c[where] ?? 0), 0);
const all: Where[] = ['answering entry', 'first three', 'first five', 'another entry', 'no entry'];
process.stdout.write(
  `${JSON.stringify({ split, inScope: messages.length, failing: all.reduce((n, w) => n + total(w), 0), where: Object.fromEntries(all.map((w) => [w, total(w)])), byFailure: counts })}\n`,
);
if (ids) for (const w of all) process.stdout.write(`${w}: ${(listed[w] ?? []).join(' ')}\n`);
