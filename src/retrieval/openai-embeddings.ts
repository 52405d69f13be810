import { Embeddings } from '@langchain/core/embeddings';
import type { NamedEmbeddings } from './embeddings.ts';

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

/** Any OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, Ollama, vLLM, LM Studio…). */
export class OpenAICompatibleEmbeddings extends Embeddings implements NamedEmbeddings {
  readonly id: string;
  private readonly url: string;

  constructor(private readonly opts: OpenAICompatibleEmbeddingsOptions) {
    super({ maxRetries: opts.maxRetries ?? 2 });
    this.url = `${opts.baseUrl.replace(/\/+$/, '')}/embeddings`;
    this.id = `openai-compatible:${opts.model}`;
  }

  private async post(input: string[]): Promise<number[][]> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.opts.apiKey) headers.authorization = `Bearer ${this.opts.apiKey}`;
    const res = await fetch(this.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ model: this.opts.model, input }),
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
    });
    if (!res.ok) throw new EmbeddingsHttpError(`${this.url}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
    const body = (await res.json()) as { data?: { index?: number; embedding?: unknown }[] };
    const data = body.data;
    if (!Array.isArray(data) || data.length !== input.length) {
      throw new EmbeddingsHttpError(
        `${this.url}: expected ${input.length} embeddings, got ${Array.isArray(data) ? data.length : 'none'}`,
      );
    }
    const out: number[][] = new Array(input.length);
    data.forEach((d, i) => {
      if (!Array.isArray(d.embedding) || !d.embedding.every((x) => typeof x === 'number')) {
        throw new EmbeddingsHttpError(`${this.url}: item ${i} has no numeric "embedding"`);
      }
      out[d.index ?? i] = d.embedding as number[];
    });
    return out;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    const size = this.opts.batchSize ?? 64;
    const out: number[][] = [];
    for (let i = 0; i < documents.length; i += size) {
      const batch = documents.slice(i, i + size);
      out.push(...(await this.caller.call(() => this.post(batch))));
    }
    return out;
  }

  async embedQuery(document: string): Promise<number[]> {
    const [v] = await this.caller.call(() => this.post([document]));
    return v!;
  }
}
