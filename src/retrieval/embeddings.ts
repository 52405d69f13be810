import { Embeddings } from '@langchain/core/embeddings';
import { foldedSyllables } from '../text/analyze.ts';
import { bigrams as pairsOf, charNgrams } from '../text/syllables.ts';
import { STOPWORDS } from '../text/stopwords.ts';

/** An embedder the index can name in its manifest: vectors from different ones never mix. */
export interface NamedEmbeddings extends Embeddings {
  readonly id: string;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The default, fully offline embedder: hashed features of the folded text — syllables, syllable
 * bigrams and character trigrams (so "kich haot" still lands near "kich hoat") — with sublinear
 * counts and signed hashing, L2-normalised. Deterministic, no weights, microseconds per text.
 */
export class HashedFeatureEmbeddings extends Embeddings implements NamedEmbeddings {
  readonly id: string;

  constructor(readonly dimensions = 1024) {
    super({});
    this.id = `hashed-features-v1-d${dimensions}`;
  }

  embedSync(text: string): number[] {
    const folded = foldedSyllables(text);
    const bigrams = pairsOf(folded);
    const counts = new Map<string, { w: number; n: number }>();
    const add = (f: string, w: number) => {
      const c = counts.get(f);
      if (c) c.n++;
      else counts.set(f, { w, n: 1 });
    };
    for (const t of folded) add(`w:${t}`, STOPWORDS.has(t) ? 0.25 : 1);
    for (const b of bigrams) add(`b:${b}`, 1.2);
    for (const g of charNgrams(
      folded.filter((t) => !STOPWORDS.has(t)),
      3,
    ))
      add(`c:${g}`, 0.35);
    const v = new Float64Array(this.dimensions);
    for (const [f, { w, n }] of counts) {
      const h = fnv1a(f);
      const sign = h & 0x80000000 ? -1 : 1;
      v[h % this.dimensions]! += sign * w * (1 + Math.log(n));
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    const out = new Array<number>(this.dimensions);
    for (let i = 0; i < out.length; i++) out[i] = v[i]! / norm;
    return out;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((d) => this.embedSync(d));
  }

  async embedQuery(document: string): Promise<number[]> {
    return this.embedSync(document);
  }
}
