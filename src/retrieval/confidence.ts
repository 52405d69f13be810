import type { GuideHit, SearchResult } from './knowledge-index.ts';

/**
 * "Is the best guide really about this question?" — a logistic model over the top hit's
 * signals. The weights are fitted by `npm run calibrate` (bench/calibrate.ts) on our own labelled
 * questions (test/fixtures/questions-extra.jsonl: in-scope in every style plus out-of-scope,
 * including near misses such as bank loans or visas), never on the dev or held-out sets. The
 * threshold maximises balanced accuracy there. Refit after changing tokenising or ranking.
 */
export interface ConfidenceModel {
  bias: number;
  coverage: number;
  bigramCoverage: number;
  cosine: number;
  logLexical: number;
  contentWords: number;
  threshold: number;
}

export const CONFIDENCE: ConfidenceModel = {
  bias: -9.579,
  coverage: 1.519,
  bigramCoverage: 1.512,
  cosine: 1.031,
  logLexical: 2.555,
  contentWords: 0.596,
  threshold: 0.55,
};

export interface ConfidenceFeatures {
  coverage: number;
  bigramCoverage: number;
  cosine: number;
  logLexical: number;
  contentWords: number;
}

export function confidenceFeatures(hit: GuideHit | undefined, result: SearchResult): ConfidenceFeatures {
  return {
    coverage: hit?.coverage ?? 0,
    bigramCoverage: hit?.bigramCoverage ?? 0,
    cosine: hit?.cosine ?? 0,
    logLexical: Math.log1p(hit?.lexical ?? 0),
    contentWords: Math.min(result.contentTokens.length, 12) / 12,
  };
}

export function confidence(f: ConfidenceFeatures, m: ConfidenceModel = CONFIDENCE): number {
  const z =
    m.bias +
    m.coverage * f.coverage +
    m.bigramCoverage * f.bigramCoverage +
    m.cosine * f.cosine +
    m.logLexical * f.logLexical +
    m.contentWords * f.contentWords;
  return 1 / (1 + Math.exp(-z));
}
