import axios, { type AxiosInstance, isAxiosError } from 'axios';
import type { Logger } from '../../src/log.ts';
import { backoff, certainlyNotSent, withRetry } from '../channels/retry.ts';

/** Wire shapes of the Zalo Bot API (see shared/facts/zalo-bot-api.md). Ids are strings. */
export interface ZaloUser {
  id: string;
  display_name?: string;
  is_bot?: boolean;
}

export interface ZaloMessage {
  message_id: string;
  /** Milliseconds (seconds accepted too). */
  date: number;
  text?: string;
  caption?: string;
  photo_url?: string;
  photo?: string;
  sticker?: string;
  from: ZaloUser;
  chat: { id: string; chat_type?: string };
}

export interface ZaloUpdate {
  event_name: string;
  message?: ZaloMessage;
}

export interface ZaloBotInfo {
  id: string;
  account_name: string;
  account_type?: string;
  can_join_groups?: boolean;
}

export interface ZaloWebhookInfo {
  url: string;
  updated_at?: number;
}

export interface ZaloSent {
  message_id: string;
  date: number;
}

/** An answer with `ok: false`, or an HTTP error status. `errorCode` 0 means no answer at all. */
export class ZaloApiError extends Error {
  constructor(
    readonly method: string,
    readonly errorCode: number,
    description: string,
    /** Network failures only: the request never left (connection refused, no DNS answer). */
    readonly notSent = false,
  ) {
    super(`Zalo ${method}: ${errorCode || 'network'} ${description}`);
  }

  /** Network failures, 5xx and 429 may pass; 4xx will not. */
  get retryable(): boolean {
    return this.errorCode === 0 || this.errorCode === 429 || this.errorCode >= 500;
  }

  /**
   * Sending again cannot make a second copy: the request never arrived, or the server said it
   * did not take it (429, 5xx). A timeout or a reset after sending may have been delivered.
   */
  get safeToResend(): boolean {
    return this.errorCode === 0 ? this.notSent : this.retryable;
  }
}

export const ZALO_TEXT_LIMIT = 2000;

export interface ZaloClientOptions {
  token: string;
  apiRoot?: string;
  /** Per-request timeout for everything except getUpdates. */
  timeoutMs?: number;
  /** Attempts per call (first included) for network errors, 429 and 5xx. */
  attempts?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  log?: Logger;
}

/** A small typed client: `POST {root}/bot{TOKEN}/{method}` with a JSON body, `{ ok, result }` back. */
export class ZaloClient {
  private readonly http: AxiosInstance;
  private readonly attempts: number;
  private readonly delay: (retry: number) => number;

  constructor(private readonly opts: ZaloClientOptions) {
    const root = (opts.apiRoot ?? 'https://bot-api.zaloplatforms.com').replace(/\/+$/, '');
    this.http = axios.create({
      baseURL: `${root}/bot${opts.token}/`,
      timeout: opts.timeoutMs ?? 15_000,
      headers: { 'content-type': 'application/json' },
      // The envelope says whether a call worked, whatever the HTTP status.
      validateStatus: () => true,
    });
    this.attempts = opts.attempts ?? 4;
    this.delay = backoff(opts.backoffBaseMs ?? 500, opts.backoffCapMs ?? 8000);
  }

  /** One call, no retries. */
  async call<T>(method: string, body: Record<string, unknown> = {}, extra: { timeoutMs?: number; signal?: AbortSignal } = {}) {
    let res: { status: number; data: unknown };
    try {
      res = await this.http.post(method, body, {
        ...(extra.timeoutMs !== undefined ? { timeout: extra.timeoutMs } : {}),
        ...(extra.signal ? { signal: extra.signal } : {}),
      });
    } catch (err) {
      const what = isAxiosError(err) ? (err.code ?? err.message) : String(err);
      throw new ZaloApiError(method, 0, what, certainlyNotSent(err));
    }
    const env = res.data as { ok?: boolean; result?: T; error_code?: number; description?: string } | null;
    if (env && typeof env === 'object' && env.ok === true) return env.result as T;
    const code = (env && typeof env === 'object' && Number(env.error_code)) || (res.status >= 400 ? res.status : 500);
    const description = (env && typeof env === 'object' && env.description) || `HTTP ${res.status}`;
    throw new ZaloApiError(method, code, String(description));
  }

  /**
   * A call retried with backoff on network errors, 429 and 5xx; never on other 4xx. A call that
   * creates something (a message) is retried only where it cannot have arrived: a timed-out
   * sendMessage that Zalo did deliver would otherwise reach the user twice.
   */
  async request<T>(method: string, body: Record<string, unknown> = {}, opts: { creates?: boolean } = {}): Promise<T> {
    return withRetry(() => this.call<T>(method, body), {
      attempts: this.attempts,
      delayMs: (n) => this.delay(n),
      retryable: (err) => err instanceof ZaloApiError && (opts.creates ? err.safeToResend : err.retryable),
      onRetry: (err, n, ms) =>
        this.opts.log?.warn({ method, retry: n, delayMs: ms, err: String(err) }, 'Zalo call failed; retrying'),
    });
  }

  getMe() {
    return this.request<ZaloBotInfo>('getMe');
  }

  /**
   * One long poll. Resolves to the update, or null when Zalo answers 408 (nothing new). The
   * request is abandoned at timeout + 5 s in case the server never answers.
   */
  async getUpdates(timeoutSeconds: number, signal?: AbortSignal): Promise<ZaloUpdate | null> {
    try {
      const result = await this.call<ZaloUpdate | ZaloUpdate[] | null>(
        'getUpdates',
        { timeout: String(timeoutSeconds) },
        { timeoutMs: (timeoutSeconds + 5) * 1000, ...(signal ? { signal } : {}) },
      );
      // The API returns one object; tolerate an array should that change.
      if (Array.isArray(result)) return result[0] ?? null;
      return result ?? null;
    } catch (err) {
      if (err instanceof ZaloApiError && err.errorCode === 408) return null;
      throw err;
    }
  }

  setWebhook(url: string, secretToken: string) {
    return this.request<ZaloWebhookInfo>('setWebhook', { url, secret_token: secretToken });
  }

  /** Removes the webhook; "none set" (400/404) is not an error here. */
  async deleteWebhook(): Promise<void> {
    try {
      await this.request('deleteWebhook');
    } catch (err) {
      if (err instanceof ZaloApiError && (err.errorCode === 404 || err.errorCode === 400)) return;
      throw err;
    }
  }

  getWebhookInfo() {
    return this.request<ZaloWebhookInfo | null>('getWebhookInfo');
  }

  sendMessage(chatId: string, text: string) {
    return this.request<ZaloSent>('sendMessage', { chat_id: chatId, text }, { creates: true });
  }

  sendPhoto(chatId: string, photoUrl: string, caption?: string) {
    return this.request<ZaloSent>(
      'sendPhoto',
      { chat_id: chatId, photo: photoUrl, ...(caption ? { caption } : {}) },
      { creates: true },
    );
  }

  async sendChatAction(chatId: string, action: 'typing' = 'typing'): Promise<void> {
    await this.call('sendChatAction', { chat_id: chatId, action });
  }
}
