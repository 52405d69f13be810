import { pushTo } from '../collections.ts';
import { analyze } from '../text/analyze.ts';
import { STOPWORDS } from '../text/stopwords.ts';
import type { Guide } from './guides.ts';

/**
 * Which entry do people mean when they write like this? A multinomial naive Bayes over the folded
 * words and word pairs of each entry's title and aliases (the ways people ask for it), trained when
 * the index is built — the way Rasa trains its intent classifier on example messages. BM25 reads
 * the whole entry, so a long how-to that mentions another entry's subject in passing ("Bị trừ tiền
 * nhưng hồ sơ báo chưa thanh toán: xem bài …") can outscore the entry that is about it; the
 * classifier only knows what each entry is about.
 *
 * Hand-written rather than a package: the naive Bayes packages on npm bring an English tokenizer and
 * language model (wink) or want dense feature matrices (ml-naivebayes); here the features are our own
 * folded tokens and the model is a table of counts.
 */
export class AliasClassifier {
  /** The entries by number, as `posteriors` lists them. */
  readonly ids: readonly string[];
  /** Per entry: feature → log P(feature | entry), Laplace-smoothed. */
  private readonly logLikelihood: Map<string, number>[];
  /** Per entry: log P(unseen known feature | entry). */
  private readonly logUnseen: number[];
  private readonly vocabulary = new Set<string>();
  /** Feature → the entries whose examples use it, with log P(feature | entry) − log P(unseen | entry). */
  private readonly postings = new Map<string, { entries: Int32Array; gains: Float64Array }>();

  constructor(guides: readonly Guide[], alpha = 0.5) {
    this.ids = guides.map((g) => g.id);
    const counts = guides.map((g) => {
      const c = new Map<string, number>();
      // An alias written twice, with and without diacritics, is one example, not two.
      const examples = new Set([g.title, ...g.aliases].map((e) => analyze(e).folded.join(' ')));
      for (const example of examples)
        for (const f of features(example.split(' ').filter(Boolean))) {
          c.set(f, (c.get(f) ?? 0) + 1);
          this.vocabulary.add(f);
        }
      return c;
    });
    const v = this.vocabulary.size;
    this.logLikelihood = counts.map((c) => {
      const total = [...c.values()].reduce((a, b) => a + b, 0);
      const denom = Math.log(total + alpha * v);
      return new Map([...c].map(([f, n]) => [f, Math.log(n + alpha) - denom]));
    });
    this.logUnseen = counts.map((c) => {
      const total = [...c.values()].reduce((a, b) => a + b, 0);
      return Math.log(alpha) - Math.log(total + alpha * v);
    });
    const rows = new Map<string, [number, number][]>();
    this.logLikelihood.forEach((ll, k) => {
      for (const [f, x] of ll) {
        pushTo(rows, f, [k, x - this.logUnseen[k]!]);
      }
    });
    // Typed arrays: a long message reads some hundred features, common ones used by most entries.
    for (const [f, list] of rows)
      this.postings.set(f, { entries: Int32Array.from(list, ([k]) => k), gains: Float64Array.from(list, ([, g]) => g) });
  }

  /**
   * P(entry | message) for every entry (uniform prior), from normalised folded tokens, damped by how
   * much of the message the entry's examples cover (below). Features no entry's examples use say
   * nothing about which entry is meant and are left out; a message with none gets an empty map.
   */
  posterior(tokens: readonly string[]): Map<string, number> {
    const out = new Map<string, number>();
    const p = this.posteriors(tokens);
    if (p) for (const [k, id] of this.ids.entries()) out.set(id, p[k]!);
    return out;
  }

  /** The same by entry number (`ids`), undefined for a message with no known feature: what a search reads. */
  posteriors(tokens: readonly string[]): Float64Array | undefined {
    // Each feature once: "phí … lệ phí … phí" says no more than "phí".
    const fs = features(tokens).filter((f) => this.vocabulary.has(f));
    if (fs.length === 0) return undefined;
    // Every entry starts as if it had seen none of the features; the postings add what it has.
    const logs = new Float64Array(this.logUnseen.length);
    for (let k = 0; k < logs.length; k++) logs[k] = this.logUnseen[k]! * fs.length;
    const seen = new Int32Array(this.ids.length);
    for (const f of fs) {
      const { entries, gains } = this.postings.get(f)!;
      for (let j = 0; j < entries.length; j++) {
        logs[entries[j]!]! += gains[j]!;
        seen[entries[j]!]!++;
      }
    }
    let max = Number.NEGATIVE_INFINITY;
    for (const x of logs) max = Math.max(max, x);
    const exps = logs.map((x) => Math.exp(x - max));
    let z = 0;
    for (const e of exps) z += e;
    // Naive Bayes is sure of itself: in a long story one phrase an entry's aliases share ("trên
    // mạng") gives it nearly all the mass. Scaled by the root of the share of the message's known
    // features the entry's examples contain, a story that matches an entry in one phrase counts little.
    for (let k = 0; k < exps.length; k++) exps[k] = (exps[k]! / z) * Math.sqrt(seen[k]! / fs.length);
    return exps;
  }
}

/** Content words and the word pairs around them. */
function features(tokens: readonly string[]): string[] {
  const words = tokens.filter((t) => !STOPWORDS.has(t) && !/^\d+$/.test(t));
  for (let i = 1; i < tokens.length; i++)
    if (!STOPWORDS.has(tokens[i - 1]!) || !STOPWORDS.has(tokens[i]!)) words.push(`${tokens[i - 1]}_${tokens[i]}`);
  return words;
}
