import { existsSync, readdirSync } from 'node:fs';
import { Document } from '@langchain/core/documents';
import { BaseRetriever } from '@langchain/core/retrievers';
import { beforeAll, describe, expect, it } from 'vitest';
import { GuideEngine } from '../src/answer/engine.ts';
import { readEvalFile } from '../src/answer/evaluate.ts';
import { KNOWLEDGE_DIR } from '../src/answer/index.ts';
import { readRealSet } from '../src/answer/real-eval.ts';
import { HashedFeatureEmbeddings } from '../src/retrieval/embeddings.ts';
import { loadGuides } from '../src/retrieval/guides.ts';
import { KnowledgeIndex, type SearchOptions } from '../src/retrieval/knowledge-index.ts';
import { KnowledgeRetriever, toSearchResult } from '../src/retrieval/retriever.ts';

const dir = (p: string) => new URL(p, import.meta.url).pathname;

/** Every question the benches score: the shared dev/eval sets (when present), our own sets, the real messages. */
function allQuestions(): string[] {
  const shared = dir('../../shared/eval/');
  const fixtures = dir('./fixtures/');
  const sets = [
    ...(existsSync(shared) ? readdirSync(shared).map((f) => shared + f) : []),
    ...readdirSync(fixtures).map((f) => fixtures + f),
  ].filter((f) => /\/(dev|eval|heldout|questions-[^/]*)\.jsonl$/.test(f));
  return [
    ...sets.flatMap((f) => readEvalFile(f).map((q) => q.q)),
    ...readRealSet(dir('../eval/real')).messages.map((m) => m.text),
  ];
}

describe('the knowledge index as a LangChain retriever', () => {
  let index: KnowledgeIndex;
  const questions = allQuestions();
  beforeAll(async () => {
    index = await KnowledgeIndex.build(loadGuides(KNOWLEDGE_DIR), new HashedFeatureEmbeddings());
  });

  it('is a BaseRetriever returning one Document per guide, best first, scores and sections in metadata', async () => {
    const retriever = new KnowledgeRetriever(index, { limit: 5 });
    expect(retriever).toBeInstanceOf(BaseRetriever);
    const docs = await retriever.invoke('bị trừ tiền 2 lần mà hồ sơ vẫn báo chưa thanh toán');
    expect(docs).toHaveLength(5);
    expect(docs[0]).toBeInstanceOf(Document);
    const top = docs[0]!.metadata;
    expect(top).toMatchObject({ guideId: 'payment-deducted-unpaid', rank: 1, topic: 'pay_online' });
    expect(top.source).toMatch(/^https:\/\//);
    expect(top.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The text is the guide's best-matching section, which the metadata names.
    expect(docs[0]!.pageContent).toBe(top.chunks[0]!.chunk.pageContent);
    expect(top.kind).toBe(top.chunks[0]!.chunk.metadata.kind);
    expect(docs.map((d) => d.metadata.score)).toEqual(docs.map((d) => d.metadata.score).sort((a, b) => b - a));
    expect(top.coverage).toBeGreaterThan(0.5);
    expect(top.question.contentTokens).toContain('thanh');
    expect(docs[1]!.metadata.question).toBe(top.question);
  });

  const optionSets: [string, SearchOptions][] = [
    ['no options', { limit: 10 }],
    [
      'follow-up and background',
      {
        limit: 10,
        preferTopic: 'vneid',
        context: 'quên mật khẩu VNeID',
        avoidGuide: 'vneid-forgot-password',
        background: 'tôi ở quê',
      },
    ],
  ];
  it.each(optionSets)(
    'ranks every benched question exactly as the direct index search does (%s)',
    async (_name, opts) => {
      expect(questions.length).toBeGreaterThan(700);
      let compared = 0;
      for (const q of questions) {
        const direct = await index.search(q, opts);
        const docs = await new KnowledgeRetriever(index, opts).invoke(q);
        expect(
          docs.map((d) => [d.metadata.guideId, d.metadata.score]),
          q,
        ).toEqual(direct.hits.map((h) => [h.guide.id, h.score]));
        // Everything the confidence model and the answer engine read, bit for bit, the same guide objects.
        const back = toSearchResult(docs, index.guides);
        if (direct.hits.length > 0) expect(back, q).toEqual(direct);
        back?.hits.forEach((h, i) => {
          expect(h.guide).toBe(direct.hits[i]!.guide);
        });
        compared++;
      }
      expect(compared).toBe(questions.length);
    },
    120_000,
  );

  it('a message without a word the index knows gives no documents, and the engine still reads it', async () => {
    for (const q of ['😀😀', '???', '']) {
      expect(await new KnowledgeRetriever(index).invoke(q)).toEqual([]);
      expect((await index.search(q)).hits).toEqual([]);
    }
    const a = await new GuideEngine(index).answer('😀😀');
    expect(a.outcome).toBe('unsure');
    expect(a.search.tokens).toEqual([]);
  });
});
