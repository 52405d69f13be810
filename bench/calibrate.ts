/**
 * Fits the "no good answer" model (src/retrieval/confidence.ts) on our own labelled questions —
 * test/fixtures/questions-extra.jsonl by default, never the dev or held-out sets — and prints the
 * weights and threshold as JSON to paste into CONFIDENCE. Usage: npm run calibrate [-- FILE…]
 */
import { fileURLToPath } from 'node:url';
import { KNOWLEDGE_DIR } from '../src/answer/index.ts';
import { readEvalFile } from '../src/answer/evaluate.ts';
import { type ConfidenceFeatures, type ConfidenceModel, confidence, confidenceFeatures } from '../src/retrieval/confidence.ts';
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

const keys = ['coverage', 'bigramCoverage', 'cosine', 'logLexical', 'contentWords'] as const;
const w = { bias: 0, coverage: 0, bigramCoverage: 0, cosine: 0, logLexical: 0, contentWords: 0 };
// Plain logistic regression, batch gradient descent with a little L2 (the set is small).
const lr = 0.5;
const l2 = 0.01;
for (let it = 0; it < 20_000; it++) {
  const g = { bias: 0, coverage: 0, bigramCoverage: 0, cosine: 0, logLexical: 0, contentWords: 0 };
  for (const { f, y } of rows) {
    const err = confidence(f, { ...w, threshold: 0.5 }) - y;
    g.bias += err;
    for (const k of keys) g[k] += err * f[k];
  }
  w.bias -= (lr * g.bias) / rows.length;
  for (const k of keys) w[k] -= lr * (g[k] / rows.length + l2 * w[k]);
}

let best = { threshold: 0.5, balanced: 0, inKept: 0, oosRejected: 0 };
for (let t = 0.2; t <= 0.85 + 1e-9; t += 0.05) {
  const th = Math.round(t * 100) / 100;
  const model: ConfidenceModel = { ...w, threshold: th };
  const ins = rows.filter((r) => r.y === 1);
  const oos = rows.filter((r) => r.y === 0);
  const inKept = ins.filter((r) => confidence(r.f, model) >= th).length / ins.length;
  const oosRejected = oos.filter((r) => confidence(r.f, model) < th).length / oos.length;
  const balanced = (inKept + oosRejected) / 2;
  if (balanced > best.balanced + 1e-9) best = { threshold: th, balanced, inKept, oosRejected };
}
const round = (x: number) => Math.round(x * 1000) / 1000;
process.stdout.write(
  `${JSON.stringify(
    {
      questions: rows.length,
      outOfScope: rows.filter((r) => r.y === 0).length,
      model: Object.fromEntries([...Object.entries(w).map(([k, v]) => [k, round(v)]), ['threshold', best.threshold]]),
      onCalibrationSet: { inScopeAnswered: round(best.inKept), outOfScopeRejected: round(best.oosRejected) },
    },
    null,
    2,
  )}\n`,
);
