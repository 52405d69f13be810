import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FakeApiServer, readAll, reply } from './http-fake.ts';

/**
 * A Zalo Bot API server on 127.0.0.1 that follows shared/facts/zalo-bot-api.md exactly:
 * `POST /bot{TOKEN}/{method}` (no slash after "bot"), JSON bodies, `{ ok, result | error_code,
 * description }`, getUpdates holding up to `timeout` seconds and returning ONE update (or
 * `error_code: 408`), string ids, millisecond dates, webhooks with `X-Bot-Api-Secret-Token`.
 */
export class FakeZalo extends FakeApiServer {
  readonly bot = { id: '2718281828', account_name: 'TroLyDVC', account_type: 'BASIC', can_join_groups: false };
  private readonly pending: Record<string, unknown>[] = [];
  private wake: (() => void)[] = [];
  webhook: { url: string; secret: string; updated_at: number } | null = null;
  /** Where webhook deliveries really go (the registered URL is the public https one). */
  deliverTo: string | null = null;

  constructor(readonly token = '2718281828:zalo-secret-token-xyz') {
    super();
  }

  get sent(): { chat_id: string; text: string }[] {
    return this.callsOf('sendMessage').map((c) => c.body as never);
  }

  static update(
    event_name: string,
    msg: {
      chatId: string;
      userId?: string;
      text?: string;
      chatType?: string;
      messageId?: string;
      extra?: Record<string, unknown>;
    },
  ): Record<string, unknown> {
    return {
      event_name,
      message: {
        message_id: msg.messageId ?? randomBytes(12).toString('hex'),
        date: Date.now(),
        ...(msg.text !== undefined ? { text: msg.text } : {}),
        from: { id: msg.userId ?? msg.chatId, display_name: 'Lan', is_bot: false },
        chat: { id: msg.chatId, chat_type: msg.chatType ?? 'PRIVATE' },
        ...msg.extra,
      },
    };
  }

  /** Queues an update for getUpdates, or POSTs it to the webhook when one is set (returns the status). */
  async push(update: Record<string, unknown>): Promise<number> {
    if (this.webhook) return this.deliver(update);
    this.pending.push(update);
    for (const w of this.wake.splice(0)) w();
    return 0;
  }

  async deliver(update: unknown, secret = this.webhook?.secret ?? '', contentType = 'application/json'): Promise<number> {
    const target = this.deliverTo ?? this.webhook?.url;
    if (!target) throw new Error('no webhook set');
    const res = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-bot-api-secret-token': secret },
      body: typeof update === 'string' ? update : JSON.stringify(update),
    });
    await res.arrayBuffer();
    return res.status;
  }

  protected async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const m = /^\/bot([^/]+)\/(\w+)$/.exec((req.url ?? '').split('?')[0] ?? '');
    const err = (code: number, description: string) => reply(res, code, { ok: false, error_code: code, description });
    if (!m || req.method !== 'POST') return err(404, 'Not Found');
    const [, token, method = ''] = m;
    const raw = await readAll(req);
    let body: Record<string, unknown> = {};
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      } catch {
        return err(400, 'Bad Request: invalid JSON');
      }
    }
    this.record(method, body);
    if (token !== this.token) return err(401, 'Unauthorized');
    if (this.applyFault(method, req, res)) return;
    const ok = (result: unknown) => reply(res, 200, { ok: true, result });
    switch (method) {
      case 'getMe':
        return ok(this.bot);
      case 'getUpdates':
        return this.getUpdates(body, res);
      case 'setWebhook': {
        const url = String(body.url ?? '');
        const secret = String(body.secret_token ?? '');
        if (!url.startsWith('https://')) return err(400, 'Bad Request: url must be https');
        if (secret.length < 8 || secret.length > 256) return err(400, 'Bad Request: secret_token must be 8-256 characters');
        this.webhook = { url, secret, updated_at: Date.now() };
        return ok({ url, updated_at: this.webhook.updated_at });
      }
      case 'deleteWebhook':
        if (!this.webhook) return err(400, 'Bad Request: webhook is not set');
        this.webhook = null;
        return ok({ url: '', updated_at: Date.now() });
      case 'getWebhookInfo':
        if (!this.webhook) return err(404, 'Not Found: webhook is not set');
        return ok({ url: this.webhook.url, updated_at: this.webhook.updated_at });
      case 'sendMessage': {
        const text = typeof body.text === 'string' ? body.text : '';
        if (!body.chat_id || typeof body.chat_id !== 'string') return err(400, 'Bad Request: chat_id is required');
        if (!text) return err(400, 'Bad Request: text is required');
        if (text.length > 2000) return err(400, 'Bad Request: text is too long');
        return ok({ message_id: randomBytes(12).toString('hex'), date: Date.now() });
      }
      case 'sendPhoto': {
        if (!body.chat_id) return err(400, 'Bad Request: chat_id is required');
        if (typeof body.photo !== 'string' || !/^https?:\/\//.test(body.photo))
          return err(400, 'Bad Request: photo must be a URL');
        return ok({ message_id: randomBytes(12).toString('hex'), date: Date.now() });
      }
      case 'sendChatAction':
        if (body.action !== 'typing') return err(400, 'Bad Request: only typing is supported');
        return ok(true);
      default:
        return err(404, 'Not Found');
    }
  }

  private async getUpdates(body: Record<string, unknown>, res: ServerResponse): Promise<void> {
    if (this.webhook) return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: webhook is active' });
    const timeout = Number(body.timeout ?? 0);
    const deadline = Date.now() + timeout * 1000;
    let closed = false;
    res.once('close', () => {
      closed = true;
      for (const w of this.wake.splice(0)) w();
    });
    while (this.pending.length === 0 && Date.now() < deadline && !closed) {
      await new Promise<void>((r) => {
        this.wake.push(r);
        setTimeout(r, Math.max(0, deadline - Date.now()));
      });
    }
    if (closed) return;
    const update = this.pending.shift();
    // Nothing new: HTTP 200 with ok:false and error_code 408, per the facts sheet.
    if (!update) return reply(res, 200, { ok: false, error_code: 408, description: 'Request timeout' });
    reply(res, 200, { ok: true, result: update });
  }
}
