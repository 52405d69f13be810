import { beforeAll, describe, expect, it } from 'vitest';
import { GuideEngine, namedNeed } from '../src/answer/engine.ts';
import { KNOWLEDGE_DIR } from '../src/answer/index.ts';
import { HashedFeatureEmbeddings } from '../src/retrieval/embeddings.ts';
import { loadGuides } from '../src/retrieval/guides.ts';
import { type GuideHit, KnowledgeIndex } from '../src/retrieval/knowledge-index.ts';

// Issue 12 part 3: "where a redirect entry fits, the bot redirects instead of declining". A story
// no entry is sure of, whose specific words a neighbouring need's redirect shares as much as our
// best entry does, is sent there rather than told "not sure". The hits are the real index's for a
// bill story of our own; only their order and scores are set, to put each case of the rule.
let index: KnowledgeIndex;
let engine: GuideEngine;
let card: GuideHit;
let redirect: GuideHit;
let other: GuideHit;
beforeAll(async () => {
  index = await KnowledgeIndex.build(loadGuides(KNOWLEDGE_DIR), new HashedFeatureEmbeddings());
  engine = new GuideEngine(index);
  const { hits } = await index.search('tiền điện tháng này tăng gấp đôi, hợp đồng mua bán điện có sai không', { limit: 10 });
  card = hits.find((h) => h.guide.id === 'service-hop-dong-mua-ban-dien-thay-doi')!;
  redirect = hits.find((h) => h.guide.id === 'redirect-electricity-water')!;
  other = hits.find((h) => h.guide.kind !== 'redirect' && h !== card)!;
});

const at = (h: GuideHit, score: number, distinctive: number): GuideHit => ({ ...h, score, distinctive });

describe('a neighbouring need named as specifically as our best entry', () => {
  it('the real search finds the card and the redirect sharing their rarest pair', () => {
    expect(card).toBeDefined();
    expect(redirect).toBeDefined();
    expect(redirect.distinctive).toBeGreaterThanOrEqual(0.7);
  });

  it('is where the message goes, ranked second or sixth, when no entry above shares a rarer pair', () => {
    expect(namedNeed([at(card, 1, 0.88), at(redirect, 0.9, 0.88)])?.id).toBe('redirect-electricity-water');
    const sixth = [at(card, 1, 0.81), ...[0.96, 0.96, 0.96, 0.86].map((s) => at(other, s, 0.5)), at(redirect, 0.84, 0.81)];
    expect(namedNeed(sixth)?.id).toBe('redirect-electricity-water');
  });

  it('is not, when an entry above shares a rarer pair, the redirect scores far below, or its pair is common', () => {
    expect(namedNeed([at(card, 1, 0.95), at(redirect, 0.9, 0.88)])).toBeUndefined();
    expect(namedNeed([at(card, 1, 0.88), at(redirect, 0.7, 0.88)])).toBeUndefined();
    expect(namedNeed([at(card, 1, 0.5), at(redirect, 0.9, 0.6)])).toBeUndefined();
  });

  it('leaves a message with no such redirect to the plain "not sure" (our own out-of-scope question)', async () => {
    const a = await engine.answer('cách chăm sóc hoa lan');
    expect(a.outcome).toBe('unsure');
  });
});
