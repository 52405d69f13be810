/**
 * Okapi BM25 over pre-tokenised documents. Hand-rolled rather than MiniSearch because the
 * three forms of a chunk (original, folded, bigrams) are separate token streams with their own
 * weights and statistics, and the "is this covered?" check needs the IDF table directly.
 */
export interface Bm25Json {
  k1: number;
  b: number;
  docLengths: number[];
  /** term → [docIndex, termFrequency][] */
  postings: Record<string, [number, number][]>;
}

/** A term's postings as scoring reads them: documents, and each one's BM25 numerator and denominator. */
interface Compiled {
  docs: Int32Array;
  /** tf·(k1 + 1) */
  num: Float64Array;
  /** tf + k1·(1 − b + b·length/avgLength) */
  den: Float64Array;
}

export class Bm25 {
  private readonly avgLength: number;
  private readonly n: number;
  private readonly idfCache = new Map<string, number>();
  /**
   * The postings compiled once per term, at first use: scoring ran over [doc, tf] pairs and
   * recomputed each document's length norm for every query term (11 % of answering a real message).
   */
  private readonly compiled = new Map<string, Compiled>();
  /** Each document's length norm, k1·(1 − b + b·length/avgLength). */
  private readonly norms: Float64Array;
  /** The postings by term: `in` on the JSON object cost more than the scoring (typo correction asks often). */
  private readonly lists: Map<string, [number, number][]>;

  private constructor(private readonly data: Bm25Json) {
    this.n = data.docLengths.length;
    this.avgLength = this.n === 0 ? 1 : data.docLengths.reduce((a, b) => a + b, 0) / this.n || 1;
    const { k1, b } = data;
    this.lists = new Map(Object.entries(data.postings));
    this.norms = Float64Array.from(data.docLengths, (len) => k1 * (1 - b + (b * len) / this.avgLength));
  }

  static build(docs: readonly (readonly string[])[], k1 = 1.2, b = 0.5): Bm25 {
    const postings: Record<string, [number, number][]> = Object.create(null);
    docs.forEach((tokens, i) => {
      const tf = new Map<string, number>();
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, f] of tf) {
        const list = postings[t];
        if (list) list.push([i, f]);
        else postings[t] = [[i, f]];
      }
    });
    return new Bm25({ k1, b, docLengths: docs.map((d) => d.length), postings });
  }

  static fromJSON(json: Bm25Json): Bm25 {
    const postings: Record<string, [number, number][]> = Object.create(null);
    Object.assign(postings, json.postings);
    return new Bm25({ ...json, postings });
  }

  toJSON(): Bm25Json {
    return this.data;
  }

  has(term: string): boolean {
    return this.lists.has(term);
  }

  docFrequency(term: string): number {
    return this.lists.get(term)?.length ?? 0;
  }

  terms(): string[] {
    return Object.keys(this.data.postings);
  }

  /** Unknown terms get the IDF of a term seen in half a document: rare, so it weighs. */
  idf(term: string): number {
    let v = this.idfCache.get(term);
    if (v === undefined) {
      const df = this.lists.get(term)?.length ?? 0.5;
      v = Math.log(1 + (this.n - df + 0.5) / (df + 0.5));
      this.idfCache.set(term, v);
    }
    return v;
  }

  private postingsOf(term: string): Compiled | undefined {
    let c = this.compiled.get(term);
    if (c) return c;
    const list = this.lists.get(term);
    if (!list) return undefined;
    const k1 = this.data.k1;
    c = { docs: new Int32Array(list.length), num: new Float64Array(list.length), den: new Float64Array(list.length) };
    list.forEach(([doc, tf], j) => {
      c!.docs[j] = doc;
      c!.num[j] = tf * (k1 + 1);
      c!.den[j] = tf + this.norms[doc]!;
    });
    this.compiled.set(term, c);
    return c;
  }

  /** Scores every document containing at least one query term. */
  score(query: readonly string[], into: Float64Array, weight = 1): void {
    for (const term of new Set(query)) {
      const c = this.postingsOf(term);
      if (!c) continue;
      const w = weight * this.idf(term);
      const { docs, num, den } = c;
      for (let j = 0; j < docs.length; j++) into[docs[j]!]! += (w * num[j]!) / den[j]!;
    }
  }
}
