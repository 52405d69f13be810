import { ChatOpenAI } from '@langchain/openai';
import { openAIEndpoint } from '../openai-endpoint.ts';

export interface OpenAICompatibleChatOptions {
  /** e.g. `http://127.0.0.1:11434/v1` (Ollama) — `/chat/completions` is appended. */
  baseUrl: string;
  model: string;
  apiKey?: string | undefined;
  temperature?: number;
}

/** Any OpenAI-compatible `/v1/chat/completions` endpoint, as @langchain/openai's chat model. */
export function createChatModel(opts: OpenAICompatibleChatOptions): ChatOpenAI {
  return new ChatOpenAI({
    model: opts.model,
    ...openAIEndpoint(opts.baseUrl, opts.apiKey),
    temperature: opts.temperature ?? 0.2,
    // The rephraser has a deadline and the extractive answer ready: a retry would only be late.
    maxRetries: 0,
    // Never the streaming path, even for a callback handler that prefers it: its usage estimate
    // counts tokens with tiktoken, whose encodings LangChain fetches from tiktoken.pages.dev.
    streaming: false,
  });
}
