import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { fold } from '../text/fold.ts';
import { quantile } from './evaluate.ts';
import { STANDING_ADVICE } from './advice.ts';

/** One real citizen message with its rubric (eval/real/README.md). */
const row = z.object({
  id: z.string().min(1),
  text: z.string().min(1),
  source: z.string().optional(),
  scope: z.enum(['in', 'off']),
  topic: z.string().optional(),
  must: z.array(z.array(z.string())).default([]),
  // Some collectors wrote must_not like must (a list of alternatives): any phrase in it fails.
  must_not: z
    .array(z.union([z.string(), z.array(z.string())]))
    .default([])
    .transform((x) => x.flat()),
  expect: z.enum(['answer', 'redirect', 'decline']),
  split: z.enum(['dev', 'heldout']).optional(),
});
export type RealMessage = z.infer<typeof row> & { split: 'dev' | 'heldout'; file: string };

/**
 * The split rule of eval/real/split.mjs (40 % held out by the id's hash), applied to lines that
 * arrived before the script ran; a line that carries `split` keeps it (a test checks they agree).
 */
export function splitOf(id: string): 'dev' | 'heldout' {
  return createHash('sha1').update(id).digest()[0]! < 102 ? 'heldout' : 'dev';
}

/** Every `*.jsonl` under `dir`; a line that is not JSON or lacks a field is skipped and named. */
export function readRealSet(dir: string): { messages: RealMessage[]; skipped: string[] } {
  const messages: RealMessage[] = [];
  const skipped: string[] = [];
  let files: string[] = [];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort();
  } catch {
    return { messages, skipped };
  }
  for (const f of files) {
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!line.trim()) return;
        try {
          const p = row.safeParse(JSON.parse(line));
          if (!p.success) throw new Error(p.error.issues[0]!.message);
          messages.push({ ...p.data, split: p.data.split ?? splitOf(p.data.id), file: f });
        } catch (err) {
          skipped.push(`${f}:${i + 1}: ${err instanceof Error ? err.message : String(err)}`);
        }
      });
  }
  return { messages, skipped };
}

/** Message ids listed one a line (blank lines ignored): a set kept aside for a fresh, untuned check. */
export function readIdList(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);
}

export interface RealReply {
  intent: string;
  text: string;
  /** `unsure: true` marks the "not sure what you mean" reply (src/answer/replies.ts). */
  meta?: Record<string, unknown>;
  /** What the entry offered as a button under the answer shows when tapped (GuideAnswer.nearby). */
  oneTap?: string;
}

/** Does folded `text` contain a rubric phrase (folded here)? */
export function hasPhrase(text: string, phrase: string): boolean {
  const p = fold(phrase);
  return p.length > 0 && text.includes(p);
}

/** The folded text a rubric's `must` points are looked for in (see rubricPass). */
export function creditedText(m: Pick<RealMessage, 'expect'>, reply: RealReply): string {
  // A best guess said as one (meta.hedged) answers: an off-topic message it answers was not turned
  // away; in scope it passes only when the entry's own text (meta.answer) makes every point, not
  // the standing advice around it. A redirect line likewise: the place to go must be named by the
  // reply itself, not by the hotline advice a not-sure menu ends with (offc-007/008, scam victims,
  // passed on its "Công an cấp xã" for VNeID).
  if (reply.meta?.hedged === true && typeof reply.meta.answer === 'string') return fold(reply.meta.answer);
  if (m.expect === 'redirect') return fold(STANDING_ADVICE.reduce((t, advice) => t.replaceAll(advice, ' '), reply.text));
  return fold(reply.text);
}

/**
 * The rubric: on folded text, every `must` point has one alternative in the reply and no
 * `must_not` phrase occurs. Off-topic messages must also be turned away (intent out_of_scope:
 * a decline or a redirect), never answered with one of our guides. A message we should answer is
 * never answered by "not sure what you mean": that reply's standing advice (Công an cấp xã, bộ
 * phận một cửa, the hotlines) matched rubric points of 12 in-scope development lines the bot had
 * not understood (read by hand, 2026-12-01).
 */
export function rubricPass(m: Pick<RealMessage, 'must' | 'must_not' | 'expect'>, reply: RealReply): boolean {
  const text = fold(reply.text);
  const hedged = reply.meta?.hedged === true;
  const said = creditedText(m, reply);
  if (m.expect !== 'answer' && reply.intent !== 'out_of_scope') return false;
  // A decline is a plain "not ours" or a redirect. A menu of our own entries ("có phải bạn muốn
  // hỏi … ?") turns the writer away only in name: it proposes services unrelated to the need
  // (offd-034, enforcement seizing a house, got "chủ hộ mất, đổi chủ hộ" first). Counted as turned
  // away still (RealMetrics.offTopicTurnedAway), but not as the reply the line expects.
  const offered = reply.meta?.offered;
  if (m.expect === 'decline' && Array.isArray(offered) && offered.length > 0) return false;
  if (m.expect === 'answer' && reply.meta?.unsure === true && !hedged) return false;
  if (m.expect === 'answer' && reply.intent === 'out_of_scope' && m.must.length === 0) return false;
  return m.must.every((alts) => alts.some((a) => hasPhrase(said, a))) && !m.must_not.some((p) => hasPhrase(text, p));
}

export interface RealCase {
  m: RealMessage;
  reply: RealReply;
  ms: number;
}

export interface RealMetrics {
  messages: number;
  inScope: number;
  /** In-scope messages whose reply passes the rubric. */
  inScopePass: number;
  offTopic: number;
  /** Off-topic messages declined or redirected (intent out_of_scope). */
  offTopicTurnedAway: number;
  /** Off-topic messages whose reply passes the rubric (redirects must name the place to go). */
  offTopicPass: number;
  /** In-scope rubric pass rate by message length in characters. */
  byLength: Record<'<=100' | '101-250' | '>250', { n: number; pass: number }>;
  /**
   * What the failing replies were, counted (never which messages): a split's score says how much
   * fails, this says which lever could move it — the knowledge (an answer that misses the points),
   * the confidence cut (a "not sure" menu, a best guess) or the boundary (a decline, one of our
   * entries answering a need that is not ours).
   */
  failedAs: { inScope: Record<FailKind, number>; offTopic: Record<FailKind, number> };
  /**
   * In-scope messages whose reply fails but whose one-tap entry (RealReply.oneTap) passes: the
   * writer gets the answer with one tap on the button under the wrong one. Apart from the pass
   * rate, which counts the reply alone.
   */
  oneTap: number;
  p50Ms: number;
  p95Ms: number;
}

export type FailKind = 'answered' | 'hedged' | 'unsure' | 'turnedAway' | 'mustNot';

/** How a reply that fails its rubric failed (see RealMetrics.failedAs). */
export function failKind(m: RealMessage, reply: RealReply): FailKind {
  const text = fold(reply.text);
  if (m.must_not.some((p) => hasPhrase(text, p))) return 'mustNot';
  if (reply.meta?.hedged === true) return 'hedged';
  if (reply.meta?.unsure === true) return 'unsure';
  return reply.intent === 'out_of_scope' ? 'turnedAway' : 'answered';
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
const rate = (a: number, b: number) => (b === 0 ? 0 : r4(a / b));

export function lengthBucket(text: string): '<=100' | '101-250' | '>250' {
  return text.length <= 100 ? '<=100' : text.length <= 250 ? '101-250' : '>250';
}

export function scoreReal(cases: RealCase[], times: number[] = cases.map((c) => c.ms)): RealMetrics {
  const ins = cases.filter((c) => c.m.scope === 'in');
  const off = cases.filter((c) => c.m.scope === 'off');
  // Each reply's rubric read once: the rates, the lengths and the failure counts all use it.
  const passed = new Set(cases.filter((c) => rubricPass(c.m, c.reply)));
  const pass = (c: RealCase) => passed.has(c);
  const byLength = { '<=100': { n: 0, pass: 0 }, '101-250': { n: 0, pass: 0 }, '>250': { n: 0, pass: 0 } };
  const counts = { '<=100': [0, 0], '101-250': [0, 0], '>250': [0, 0] } as Record<keyof typeof byLength, [number, number]>;
  for (const c of ins) {
    const b = counts[lengthBucket(c.m.text)];
    b[0]++;
    if (pass(c)) b[1]++;
  }
  for (const k of Object.keys(byLength) as (keyof typeof byLength)[])
    byLength[k] = { n: counts[k][0], pass: rate(counts[k][1], counts[k][0]) };
  const failedAs = (of: RealCase[]) => {
    const n: Record<FailKind, number> = { answered: 0, hedged: 0, unsure: 0, turnedAway: 0, mustNot: 0 };
    for (const c of of) if (!pass(c)) n[failKind(c.m, c.reply)]++;
    return n;
  };
  const sorted = [...times].sort((a, b) => a - b);
  return {
    messages: cases.length,
    inScope: ins.length,
    inScopePass: rate(ins.filter(pass).length, ins.length),
    offTopic: off.length,
    offTopicTurnedAway: rate(off.filter((c) => c.reply.intent === 'out_of_scope').length, off.length),
    offTopicPass: rate(off.filter(pass).length, off.length),
    byLength,
    failedAs: { inScope: failedAs(ins), offTopic: failedAs(off) },
    oneTap: ins.filter((c) => !pass(c) && c.reply.oneTap !== undefined && rubricPass(c.m, { intent: 'guide', text: c.reply.oneTap })).length,
    p50Ms: Math.round(quantile(sorted, 0.5) * 1000) / 1000,
    p95Ms: Math.round(quantile(sorted, 0.95) * 1000) / 1000,
  };
}
