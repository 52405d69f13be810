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

export class Bm25 {
  private readonly avgLength: number;
  private readonly n: number;
  private readonly idfCache = new Map<string, number>();

  private constructor(private readonly data: Bm25Json) {
    this.n = data.docLengths.length;
    this.avgLength = this.n === 0 ? 1 : data.docLengths.reduce((a, b) => a + b, 0) / this.n || 1;
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
    return term in this.data.postings;
  }

  docFrequency(term: string): number {
    return this.data.postings[term]?.length ?? 0;
  }

  terms(): string[] {
    return Object.keys(this.data.postings);
  }

  /** Unknown terms get the IDF of a term seen in half a document: rare, so it weighs. */
  idf(term: string): number {
    let v = this.idfCache.get(term);
    if (v === undefined) {
      const df = this.data.postings[term]?.length ?? 0.5;
      v = Math.log(1 + (this.n - df + 0.5) / (df + 0.5));
      this.idfCache.set(term, v);
    }
    return v;
  }

  /** Scores every document containing at least one query term. */
  score(query: readonly string[], into: Float64Array, weight = 1): void {
    const { k1, b, docLengths, postings } = this.data;
    for (const term of new Set(query)) {
      const list = postings[term];
      if (!list) continue;
      const idf = this.idf(term);
      for (const [doc, tf] of list) {
        const norm = k1 * (1 - b + (b * docLengths[doc]!) / this.avgLength);
        into[doc]! += (weight * idf * (tf * (k1 + 1))) / (tf + norm);
      }
    }
  }
}
