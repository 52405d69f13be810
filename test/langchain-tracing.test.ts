import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { awaitAllCallbacks } from '@langchain/core/callbacks/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWLEDGE_DIR } from '../src/answer/index.ts';
import { disableLangChainTracing, TRACING_VARIABLES } from '../src/langchain-tracing.ts';
import { HashedFeatureEmbeddings } from '../src/retrieval/embeddings.ts';
import { loadGuides } from '../src/retrieval/guides.ts';
import { KnowledgeIndex } from '../src/retrieval/knowledge-index.ts';
import { KnowledgeRetriever } from '../src/retrieval/retriever.ts';

// A LangSmith stand-in on loopback: every request it gets is a citizen's message that left the bot.
describe('LangChain tracing', () => {
  let server: Server;
  const received: string[] = [];
  let retriever: KnowledgeRetriever;
  const saved = { ...process.env };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(`${req.method} ${req.url} ${body}`);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    process.env.LANGSMITH_ENDPOINT = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env.LANGSMITH_API_KEY = 'test-key';
    const index = await KnowledgeIndex.build(loadGuides(KNOWLEDGE_DIR), new HashedFeatureEmbeddings());
    retriever = new KnowledgeRetriever(index, { limit: 3 });
  });
  afterAll(async () => {
    for (const name of [...TRACING_VARIABLES, 'LANGSMITH_ENDPOINT', 'LANGSMITH_API_KEY']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    await new Promise((r) => server.close(r));
  });

  async function ask(text: string): Promise<number> {
    const before = received.length;
    await retriever.invoke(text);
    await awaitAllCallbacks();
    // The tracer's client batches in the background; give it time to send.
    await new Promise((r) => setTimeout(r, 1500));
    return received.length - before;
  }

  it('would send the retrieval query to LangSmith when an operator exports LANGSMITH_TRACING=true', async () => {
    process.env.LANGSMITH_TRACING = 'true';
    expect(await ask('quên mật khẩu vneid số điện thoại 0912345678')).toBeGreaterThan(0);
    expect(received.join('\n')).toContain('vneid');
  });

  it('sends nothing once switched off, and says which variables had turned it on', async () => {
    process.env.LANGSMITH_TRACING = 'true';
    process.env.LANGCHAIN_TRACING_V2 = 'true';
    expect(disableLangChainTracing()).toEqual(['LANGCHAIN_TRACING_V2', 'LANGSMITH_TRACING']);
    expect(process.env.LANGSMITH_TRACING).toBe('false');
    expect(await ask('quên mật khẩu vneid')).toBe(0);
    expect(disableLangChainTracing()).toEqual([]);
  });
});
