import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { GuideAnswer } from './engine.ts';

/** One line of an eval file (`../shared/eval/*.jsonl`, test/fixtures/questions-*.jsonl). */
const row = z.object({
  q: z.string().min(1),
  id: z.string().nullable().optional(),
  topic: z.string().min(1),
  must_mention: z.array(z.string()).default([]),
});
export type EvalQuestion = z.infer<typeof row>;

export class EvalFileError extends Error {}

export function readEvalFile(file: string): EvalQuestion[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new EvalFileError(`${file}: không đọc được tệp / cannot read file (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  const out: EvalQuestion[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new EvalFileError(`${file}:${i + 1}: dòng không phải JSON / line is not JSON`);
    }
    const parsed = row.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new EvalFileError(
        `${file}:${i + 1}: trường "${issue.path.join('.') || '?'}" không hợp lệ / invalid field: ${issue.message}`,
      );
    }
    out.push(parsed.data);
  });
  if (out.length === 0) throw new EvalFileError(`${file}: tệp không có câu hỏi nào / no questions`);
  return out;
}

export interface EvalMetrics {
  questions: number;
  inScope: number;
  outOfScope: number;
  'hit@1': number;
  'hit@3': number;
  'mrr@10': number;
  mustMentionRecall: number;
  /** Out-of-scope questions answered with the "not sure" reply. */
  outOfScopeAccuracy: number;
  /** In-scope questions answered (not sent to the "not sure" reply). */
  inScopeAnswered: number;
  p50Ms: number;
  p95Ms: number;
}

export interface EvalCase {
  q: EvalQuestion;
  answer: Pick<GuideAnswer, 'confident' | 'text'> & { rankedIds: string[]; rankedTopics: string[] };
  ms: number;
}

export function quantile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * A question hits when the expected guide (by `id`, or by `topic` when the file gives none) is
 * ranked; must-mention terms are looked for, case-insensitively, in the answer text only when
 * the bot actually answered.
 */
export function scoreCases(cases: EvalCase[]): EvalMetrics {
  let inScope = 0;
  let oos = 0;
  let h1 = 0;
  let h3 = 0;
  let mrr = 0;
  let mentions = 0;
  let mentioned = 0;
  let oosOk = 0;
  let answered = 0;
  for (const { q, answer } of cases) {
    if (q.topic === 'out_of_scope') {
      oos++;
      if (!answer.confident) oosOk++;
      continue;
    }
    inScope++;
    if (answer.confident) answered++;
    const keys = q.id ? answer.rankedIds : answer.rankedTopics;
    const want = q.id ?? q.topic;
    const rank = keys.slice(0, 10).indexOf(want);
    if (rank === 0) h1++;
    if (rank >= 0 && rank < 3) h3++;
    if (rank >= 0) mrr += 1 / (rank + 1);
    const text = answer.confident ? answer.text.toLowerCase() : '';
    for (const m of q.must_mention) {
      mentions++;
      if (text.includes(m.toLowerCase())) mentioned++;
    }
  }
  const ms = cases.map((c) => c.ms).sort((a, b) => a - b);
  return {
    questions: cases.length,
    inScope,
    outOfScope: oos,
    'hit@1': round(h1 / (inScope || 1)),
    'hit@3': round(h3 / (inScope || 1)),
    'mrr@10': round(mrr / (inScope || 1)),
    mustMentionRecall: round(mentioned / (mentions || 1)),
    outOfScopeAccuracy: round(oosOk / (oos || 1)),
    inScopeAnswered: round(answered / (inScope || 1)),
    p50Ms: round(quantile(ms, 0.5), 3),
    p95Ms: round(quantile(ms, 0.95), 3),
  };
}

export function toCase(q: EvalQuestion, a: GuideAnswer, ms: number): EvalCase {
  return {
    q,
    answer: {
      // A best guess answers (with our entry's text), however plainly it says it is unsure: it is
      // no decline of an out-of-scope question.
      confident: a.confident || a.outcome === 'hedged',
      text: a.text,
      rankedIds: a.ranked.map((h) => h.guide.id),
      rankedTopics: a.ranked.map((h) => h.guide.topic),
    },
    ms,
  };
}
