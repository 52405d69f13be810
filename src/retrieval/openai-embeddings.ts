import { OpenAIEmbeddings } from '@langchain/openai';
import type { NamedEmbeddings } from './embeddings.ts';
import { openAIEndpoint } from '../openai-endpoint.ts';

export interface OpenAICompatibleEmbeddingsOptions {
  /** e.g. `http://127.0.0.1:11434/v1` (Ollama) — `/embeddings` is appended. */
  baseUrl: string;
  model: string;
  apiKey?: string | undefined;
  batchSize?: number;
  timeoutMs?: number;
  /** Retries of a failed request (default 2). */
  maxRetries?: number;
}

export class EmbeddingsHttpError extends Error {}

type EmbeddingsResponse = Awaited<ReturnType<OpenAIEmbeddings['embeddingWithRetry']>>;

/** Any OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, Ollama, vLLM, LM Studio…), through @langchain/openai. */
export class OpenAICompatibleEmbeddings extends OpenAIEmbeddings implements NamedEmbeddings {
  readonly id: string;
  private readonly url: string;

  constructor(opts: OpenAICompatibleEmbeddingsOptions) {
    super({
      model: opts.model,
      ...openAIEndpoint(opts.baseUrl, opts.apiKey),
      batchSize: opts.batchSize ?? 64,
      // The texts go as they are, line breaks included (LangChain would join lines for old OpenAI models).
      stripNewLines: false,
      // Without it the OpenAI SDK asks for base64 and decodes it as float32; local servers may
      // ignore the ask, and plain JSON numbers keep every digit the server sent.
      encodingFormat: 'float',
      timeout: opts.timeoutMs ?? 30_000,
      maxRetries: opts.maxRetries ?? 2,
      // One batch at a time: a local embedding server on a small machine gains nothing from two.
      maxConcurrency: 1,
    });
    this.url = `${opts.baseUrl.replace(/\/+$/, '')}/embeddings`;
    this.id = `openai-compatible:${opts.model}`;
  }

  /** The endpoint named in errors; the vectors checked and put in input order. */
  protected override async embeddingWithRetry(request: Parameters<OpenAIEmbeddings['embeddingWithRetry']>[0]) {
    let res: EmbeddingsResponse;
    try {
      res = await super.embeddingWithRetry(request);
    } catch (err) {
      // The SDK's message starts with the status ("503 busy") or says what failed ("Request timed out.").
      const status = (err as { status?: unknown }).status;
      const why = err instanceof Error ? err.message : String(err);
      const text = typeof status === 'number' ? `HTTP ${status} ${why.replace(/^\d{3}\s*/, '')}` : why;
      throw new EmbeddingsHttpError(`${this.url}: ${text}`.slice(0, 300), { cause: err });
    }
    const expected = Array.isArray(request.input) ? request.input.length : 1;
    const data = res?.data;
    if (!Array.isArray(data) || data.length !== expected)
      throw new EmbeddingsHttpError(
        `${this.url}: expected ${expected} embeddings, got ${Array.isArray(data) ? data.length : 'none'}`,
      );
    data.forEach((d, i) => {
      if (!Array.isArray(d.embedding) || !d.embedding.every((x) => typeof x === 'number'))
        throw new EmbeddingsHttpError(`${this.url}: item ${i} has no numeric "embedding"`);
    });
    // Some servers answer out of order with explicit indexes; LangChain reads `data` in order.
    data.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    return res;
  }
}
