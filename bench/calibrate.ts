/**
 * Fits the "no good answer" model (src/retrieval/confidence.ts) and prints the weights and
 * threshold as JSON to paste into CONFIDENCE. Usage: npm run calibrate [-- FILE…]
 *
 * `--unleak SHARE` fits with the aliases that repeat the dev lines dropped (bench/unleak.ts).
 * `--skip-ids FILE` leaves out the real messages whose ids FILE lists (one a line): fresh lines kept
 * aside for an untuned check (bench/real-dev.ts --ids-file FILE); `--not-files REGEX` the real
 * files whose names match (new files being collected: bench/real-dev.ts --files REGEX scores them).
 *
 * Two kinds of labelled messages, never held-out ones:
 * - our own questions (test/fixtures/questions-extra.jsonl by default, or the files given):
 *   in scope → 1, out of scope → 0;
 * - the development part of the real messages (eval/real/*.jsonl, `split: "dev"`): in scope → 1;
 *   off topic → 0, unless the best entry is a redirect whose text passes the message's rubric —
 *   so the cut learns scope on messages as people write them (long stories, several questions,
 *   other agencies' apps), not only on our clean one-line questions.
 */
import { fileURLToPath } from 'node:url';
import { GuideEngine } from '../src/answer/engine.ts';
import { readEvalFile } from '../src/answer/evaluate.ts';
import { formatAnswer } from '../src/answer/format.ts';
import { KNOWLEDGE_DIR } from '../src/answer/index.ts';
import { readIdList, readRealSet, rubricPass } from '../src/answer/real-eval.ts';
import { citizenReply } from '../src/answer/replies.ts';
import {
  CONFIDENCE,
  type ConfidenceFeatures,
  type ConfidenceModel,
  confidence,
  FEATURES as keys,
} from '../src/retrieval/confidence.ts';
import { HashedFeatureEmbeddings } from '../src/retrieval/embeddings.ts';
import { loadGuides } from '../src/retrieval/guides.ts';
import { KnowledgeIndex } from '../src/retrieval/knowledge-index.ts';
import { unleakAliases } from './unleak.ts';

const argv = process.argv.slice(2);
const skipAt = argv.indexOf('--skip-ids');
const skip = new Set(skipAt >= 0 ? readIdList(argv[skipAt + 1]!) : []);
const notFilesAt = argv.indexOf('--not-files');
const notFiles = notFilesAt >= 0 ? new RegExp(argv[notFilesAt + 1]!) : null;
const unleakAt = argv.indexOf('--unleak');
const unleak = unleakAt >= 0 ? Number(argv[unleakAt + 1]) : null;
const files = argv.filter((_a, i) => ![skipAt, skipAt + 1, notFilesAt, notFilesAt + 1, unleakAt, unleakAt + 1].includes(i));
if (files.length === 0) files.push(fileURLToPath(new URL('../test/fixtures/questions-extra.jsonl', import.meta.url)));
const realDir = fileURLToPath(new URL('../eval/real', import.meta.url));

// KDIR: another knowledge folder (a frozen copy), while others edit knowledge/ in the same tree.
const knowledgeDir = process.env.KDIR ?? KNOWLEDGE_DIR;
const real = readRealSet(realDir).messages.filter((x) => x.split === 'dev' && !skip.has(x.id) && !notFiles?.test(x.file));
const loaded = loadGuides(knowledgeDir);
// --unleak SHARE: fit and cut with the aliases that repeat the real dev messages dropped (see
// bench/unleak.ts). With them, dev messages find their aliases and score sure where an unseen
// message would not; the cut learnt there is the cut for messages nobody tuned on.
if (unleak !== null) process.stderr.write(`unleak ${unleak}: ${unleakAliases(loaded, real.map((m) => m.text), unleak)} aliases dropped\n`);
const engine = new GuideEngine(await KnowledgeIndex.build(loaded, new HashedFeatureEmbeddings()));
type Row = { f: ConfidenceFeatures; y: number; real: boolean; scope: 'in' | 'off' };
const rows: Row[] = [];
for (const file of files) {
  for (const q of readEvalFile(file)) {
    const { features } = await engine.assess(q.q);
    const inScope = q.topic !== 'out_of_scope';
    rows.push({ f: features, y: inScope ? 1 : 0, real: false, scope: inScope ? 'in' : 'off' });
  }
}
for (const m of real) {
  const { features, guide } = await engine.assess(m.text);
  const intent = guide?.kind === 'redirect' ? 'out_of_scope' : 'guide';
  const redirects = guide !== null && intent === 'out_of_scope' && rubricPass(m, { intent, text: formatAnswer({ guide }) });
  rows.push({ f: features, y: m.scope === 'in' || redirects ? 1 : 0, real: true, scope: m.scope });
}

type Weights = Record<'bias' | (typeof keys)[number], number>;
const zeros = (): Weights => Object.fromEntries(['bias', ...keys].map((k) => [k, 0])) as Weights;
const w = zeros();
// Plain logistic regression, batch gradient descent with a little L2 (the sets are small).
// Real messages weigh as much in total as our own questions: they are what the bot meets.
const nReal = rows.filter((r) => r.real).length;
const nOwn = rows.length - nReal;
// OFF_WEIGHT > 1 weighs the messages that must not be answered (off topic, our out-of-scope
// questions) that much more: a confident wrong guide costs more than a "not sure".
const offWeight = Number(process.env.OFF_WEIGHT ?? 1);
const weight = (r: Row) => (r.real && nReal > 0 ? nOwn / nReal : 1) * (r.y === 0 ? offWeight : 1);
const lr = 0.5;
const l2 = Number(process.env.L2 ?? 0.01);
const total = rows.reduce((s, r) => s + weight(r), 0);
for (let it = 0; it < Number(process.env.ITERS ?? 20_000); it++) {
  const g = zeros();
  for (const r of rows) {
    const err = (confidence(r.f, { ...w, threshold: 0.5 }) - r.y) * weight(r);
    g.bias += err;
    for (const k of keys) g[k] += err * r.f[k];
  }
  w.bias -= (lr * g.bias) / total;
  for (const k of keys) w[k] -= lr * (g[k] / total + l2 * w[k]);
}

// The threshold, chosen on what citizens would be told: each candidate cut runs the engine itself
// (its outside-field margin, redirects, other agencies' apps and several-question rules included)
// over our own questions and the real development messages, scored by their rubrics. The cut that
// passes most real development messages, in scope and off topic alike, while our own in-scope
// questions stay answered (≥ OWN_IN_MIN) and our own out-of-scope ones turned away (≥ OOS_TARGET),
// wins. The model in use (CONFIDENCE) is scored the same way beside it, so a refit is pasted only
// when it does better. (Before, the cut was judged on the model's score alone, which none of the
// candidate cuts could meet once the knowledge grew: every refit fell back to 0.5.)
const OOS_TARGET = 0.9;
const OWN_IN_MIN = 0.97;
const round = (x: number) => Math.round(x * 1000) / 1000;
const index = engine.index;
const own = files.flatMap((f) => readEvalFile(f));
const guides = [...index.guides.values()];
async function outcomes(model: ConfidenceModel) {
  const e = new GuideEngine(index, model);
  const ownIn = own.filter((q) => q.topic !== 'out_of_scope');
  const ownOff = own.filter((q) => q.topic === 'out_of_scope');
  let kept = 0;
  let rejected = 0;
  // A best guess (outcome hedged) answers: it does not turn an out-of-scope question away, and
  // our own in-scope questions count as kept only when answered surely.
  for (const q of ownIn) if ((await e.answer(q.q)).outcome === 'answer') kept++;
  for (const q of ownOff) if (!['answer', 'hedged'].includes((await e.answer(q.q)).outcome)) rejected++;
  const pass = { in: 0, off: 0 };
  let turned = 0;
  for (const m of real) {
    const reply = citizenReply(await e.answer(m.text), guides);
    if (rubricPass(m, reply)) pass[m.scope]++;
    if (m.scope === 'off' && reply.intent === 'out_of_scope') turned++;
  }
  const nIn = real.filter((m) => m.scope === 'in').length || 1;
  const nOff = real.filter((m) => m.scope === 'off').length || 1;
  return {
    threshold: model.threshold,
    hedge: model.hedge ?? null,
    ownInKept: round(kept / (ownIn.length || 1)),
    ownOosRejected: round(rejected / (ownOff.length || 1)),
    realInPass: round(pass.in / nIn),
    realOffPass: round(pass.off / nOff),
    realOffTurnedAway: round(turned / nOff),
    realPassed: pass.in + pass.off,
  };
}
// The cuts are scored with the hedge floor in use (a guess stays below the cut), then the floor
// is chosen for the winning model below.
const fitted = { ...w, threshold: 0.5, hedge: CONFIDENCE.hedge } as ConfidenceModel;
const table: Awaited<ReturnType<typeof outcomes>>[] = [];
for (let t = 0.4; t <= 0.8 + 1e-9; t += 0.025) table.push(await outcomes({ ...fitted, threshold: Math.round(t * 1000) / 1000 }));
const inUse = await outcomes(CONFIDENCE);
// A refit is worth pasting only if it keeps what the model in use achieves on our own questions
// and on the real off-topic messages (turning a confident wrong guide into more in-scope passes is
// not a trade to make silently), and passes more real development messages in all.
const TOLERANCE = 0.005;
const ok = (r: (typeof table)[number]) =>
  r.ownOosRejected >= Math.max(OOS_TARGET, inUse.ownOosRejected - TOLERANCE) &&
  r.ownInKept >= Math.max(OWN_IN_MIN, inUse.ownInKept - TOLERANCE) &&
  r.realOffPass >= inUse.realOffPass - TOLERANCE;
const best = table.filter(ok).sort((a, b) => b.realPassed - a.realPassed || b.ownInKept - a.ownInKept)[0];

// The hedge floor (see ConfidenceModel.hedge): from no guess at all, floors from REDIRECT_MIN (0.25,
// below which not even a redirect is trusted) up to the cut. A floor is worth having only if real
// off-topic messages are turned away and our own out-of-scope questions rejected as often as with no
// guess; of those, the one passing most real development messages, the lowest on a tie (the guards
// that name our field do the separating; the floor only keeps a guess from being a wild one).
const chosen: ConfidenceModel = best ? { ...fitted, threshold: best.threshold } : CONFIDENCE;
const noGuess = await outcomes({ ...chosen, hedge: undefined });
const hedges = [noGuess];
for (let h = 0.25; h < chosen.threshold - 1e-9; h += 0.05) hedges.push(await outcomes({ ...chosen, hedge: round(h) }));
const hedgeOk = (r: (typeof hedges)[number]) =>
  r.realOffTurnedAway >= noGuess.realOffTurnedAway &&
  r.ownOosRejected >= noGuess.ownOosRejected &&
  r.realOffPass >= noGuess.realOffPass;
const hedge = hedges.filter(hedgeOk).sort((a, b) => b.realPassed - a.realPassed || (a.hedge ?? 1) - (b.hedge ?? 1))[0]!;
process.stdout.write(
  `${JSON.stringify(
    {
      questions: nOwn,
      realDev: nReal,
      realDevRight: rows.filter((r) => r.real && r.y === 1).length,
      model: Object.fromEntries([
        ...Object.entries(w).map(([k, v]) => [k, round(v)]),
        ['threshold', best?.threshold ?? null],
        ['hedge', hedge.hedge],
      ]),
      // The hedge floor was chosen for the refit when one is better, else for the model in use.
      hedgeFor: best ? 'refit' : 'inUse',
      refit: best ?? 'no cut keeps the own sets and the real off-topic figure of the model in use',
      inUse,
      better: best ? best.realPassed > inUse.realPassed : false,
      thresholds: table,
      hedges,
    },
    null,
    2,
  )}\n`,
);
