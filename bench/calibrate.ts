/**
 * Fits the "no good answer" model (src/retrieval/confidence.ts) on our own labelled questions —
 * test/fixtures/questions-extra.jsonl by default, never the dev or held-out sets — and prints the
 * weights and threshold as JSON to paste into CONFIDENCE. Usage: npm run calibrate [-- FILE…]
 */
import { fileURLToPath } from 'node:url';
import { KNOWLEDGE_DIR } from '../src/answer/index.ts';
import { readEvalFile } from '../src/answer/evaluate.ts';
import {
  type ConfidenceFeatures,
  type ConfidenceModel,
  confidence,
  confidenceFeatures,
  FEATURES as keys,
} from '../src/retrieval/confidence.ts';
import { HashedFeatureEmbeddings } from '../src/retrieval/embeddings.ts';
import { loadGuides } from '../src/retrieval/guides.ts';
import { KnowledgeIndex } from '../src/retrieval/knowledge-index.ts';

const files = process.argv.slice(2);
if (files.length === 0) files.push(fileURLToPath(new URL('../test/fixtures/questions-extra.jsonl', import.meta.url)));

const index = await KnowledgeIndex.build(loadGuides(KNOWLEDGE_DIR), new HashedFeatureEmbeddings());
const rows: { f: ConfidenceFeatures; y: number }[] = [];
for (const file of files) {
  for (const q of readEvalFile(file)) {
    const r = await index.search(q.q);
    rows.push({ f: confidenceFeatures(r.hits[0], r), y: q.topic === 'out_of_scope' ? 0 : 1 });
  }
}

type Weights = Record<'bias' | (typeof keys)[number], number>;
const zeros = (): Weights => Object.fromEntries(['bias', ...keys].map((k) => [k, 0])) as Weights;
const w = zeros();
// Plain logistic regression, batch gradient descent with a little L2 (the set is small).
const lr = 0.5;
const l2 = Number(process.env.L2 ?? 0.01);
for (let it = 0; it < Number(process.env.ITERS ?? 20_000); it++) {
  const g = zeros();
  for (const { f, y } of rows) {
    const err = confidence(f, { ...w, threshold: 0.5 }) - y;
    g.bias += err;
    for (const k of keys) g[k] += err * f[k];
  }
  w.bias -= (lr * g.bias) / rows.length;
  for (const k of keys) w[k] -= lr * (g[k] / rows.length + l2 * w[k]);
}

// The threshold: the one that answers the most in-scope questions while turning away enough
// out-of-scope ones (ties: the stricter) — an unanswered in-scope question costs
// the user as much as a wrong guide, and every answer is a real guide, never an invented one.
// 0.85, not the 0.90, because a quarter of this set's out-of-scope questions are
// deliberate near misses ("quên mật khẩu gmail", "đổi số điện thoại đăng ký zalo") that real
// traffic has far fewer of.
const OOS_TARGET = 0.85;
const round = (x: number) => Math.round(x * 1000) / 1000;
let best = { threshold: 0.5, inKept: -1, oosRejected: 0 };
const table: { threshold: number; inScopeAnswered: number; outOfScopeRejected: number }[] = [];
for (let t = 0.2; t <= 0.9 + 1e-9; t += 0.05) {
  const th = Math.round(t * 100) / 100;
  const model: ConfidenceModel = { ...w, threshold: th };
  const ins = rows.filter((r) => r.y === 1);
  const oos = rows.filter((r) => r.y === 0);
  const inKept = ins.filter((r) => confidence(r.f, model) >= th).length / ins.length;
  const oosRejected = oos.filter((r) => confidence(r.f, model) < th).length / oos.length;
  if (oosRejected < OOS_TARGET) continue;
  table.push({ threshold: th, inScopeAnswered: round(inKept), outOfScopeRejected: round(oosRejected) });
  if (inKept > best.inKept + 1e-9 || (Math.abs(inKept - best.inKept) < 1e-9 && oosRejected >= best.oosRejected)) {
    best = { threshold: th, inKept, oosRejected };
  }
}
process.stdout.write(
  `${JSON.stringify(
    {
      questions: rows.length,
      outOfScope: rows.filter((r) => r.y === 0).length,
      model: Object.fromEntries([...Object.entries(w).map(([k, v]) => [k, round(v)]), ['threshold', best.threshold]]),
      onCalibrationSet: { inScopeAnswered: round(best.inKept), outOfScopeRejected: round(best.oosRejected) },
      thresholds: table,
    },
    null,
    2,
  )}\n`,
);
