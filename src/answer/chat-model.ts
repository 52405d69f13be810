import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { type BaseChatModelParams, SimpleChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';

export interface OpenAICompatibleChatOptions extends BaseChatModelParams {
  /** e.g. `http://127.0.0.1:11434/v1` (Ollama) — `/chat/completions` is appended. */
  baseUrl: string;
  model: string;
  apiKey?: string | undefined;
  temperature?: number;
}

export class ChatHttpError extends Error {}

function role(m: BaseMessage): 'system' | 'user' | 'assistant' {
  const t = m.getType();
  return t === 'system' ? 'system' : t === 'ai' ? 'assistant' : 'user';
}

/** Any OpenAI-compatible `/v1/chat/completions` endpoint, as a LangChain chat model. */
export class OpenAICompatibleChatModel extends SimpleChatModel {
  private readonly url: string;

  constructor(private readonly opts: OpenAICompatibleChatOptions) {
    super({ maxRetries: 0, ...opts });
    this.url = `${opts.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  }

  _llmType(): string {
    return 'openai-compatible';
  }

  async _call(messages: BaseMessage[], options: this['ParsedCallOptions'], _run?: CallbackManagerForLLMRun): Promise<string> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.opts.apiKey) headers.authorization = `Bearer ${this.opts.apiKey}`;
    const res = await fetch(this.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        model: this.opts.model,
        temperature: this.opts.temperature ?? 0.2,
        messages: messages.map((m) => ({
          role: role(m),
          content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content),
        })),
      }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (!res.ok) throw new ChatHttpError(`${this.url}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
    const body = (await res.json()) as { choices?: { message?: { content?: unknown } }[] };
    const content = body.choices?.[0]?.message?.content;
    if (typeof content !== 'string') throw new ChatHttpError(`${this.url}: response has no choices[0].message.content`);
    return content;
  }
}
