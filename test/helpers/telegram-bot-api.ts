import type { IncomingMessage, ServerResponse } from 'node:http';
import { FakeApiServer, readAll, reply } from './http-fake.ts';

/**
 * A Telegram Bot API server on 127.0.0.1 following the real wire format
 * (https://core.telegram.org/bots/api): `/bot<token>/<method>`, JSON or multipart bodies, the
 * `{ ok, result | error_code, description, parameters }` envelope, long-polling getUpdates with
 * offsets, webhooks delivered with `X-Telegram-Bot-Api-Secret-Token`. Faults can be injected per
 * method (429 with retry_after, 5xx, a hang).
 */
export class FakeTelegram extends FakeApiServer {
  readonly bot = { id: 7000001, is_bot: true, first_name: 'Trợ lý DVC', username: 'tro_ly_dvc_bot', can_join_groups: true };
  private readonly pending: Record<string, unknown>[] = [];
  private nextUpdateId = 100;
  private nextMessageId = 1;
  webhook: { url: string; secret: string } | null = null;
  /** Where webhook deliveries really go (the registered URL is the public https one). */
  deliverTo: string | null = null;
  readonly photos: { chatId: string; bytes: number; caption?: string; filename?: string }[] = [];

  constructor(readonly token = '123456:TEST-token_abc') {
    super();
  }

  get apiRoot(): string {
    return this.url;
  }

  /** Sent messages (sendMessage), in order. */
  get sent(): {
    chat_id: string;
    text: string;
    reply_markup?: { inline_keyboard: { text: string; callback_data: string }[][] };
  }[] {
    return this.callsOf('sendMessage').map((c) => c.body as never);
  }

  /** Queues an update for getUpdates, or delivers it to the webhook when one is set. */
  async push(update: Record<string, unknown>): Promise<{ status: number; update: Record<string, unknown> }> {
    const full = { update_id: this.nextUpdateId++, ...update };
    if (this.webhook) return { status: await this.deliver(full), update: full };
    this.pending.push(full);
    this.notify();
    return { status: 0, update: full };
  }

  /** POSTs an update to the webhook as Telegram does; returns the HTTP status. */
  async deliver(update: Record<string, unknown>, secret = this.webhook?.secret ?? ''): Promise<number> {
    const target = this.deliverTo ?? this.webhook?.url;
    if (!target) throw new Error('no webhook set');
    const res = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: JSON.stringify(update),
    });
    await res.arrayBuffer();
    return res.status;
  }

  private pendingWaiters: (() => void)[] = [];

  protected override notify(): void {
    super.notify();
    for (const w of this.pendingWaiters.splice(0)) w();
  }

  protected async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const m = /^\/bot([^/]+)\/(\w+)$/.exec((req.url ?? '').split('?')[0] ?? '');
    if (!m) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method = ''] = m;
    const raw = await readAll(req);
    const body = await parseBody(req, raw, (p) => this.photos.push(p));
    this.record(method, body);
    if (token !== this.token) return reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    if (this.applyFault(method, req, res)) return;
    const ok = (result: unknown) => reply(res, 200, { ok: true, result });
    const bad = (description: string, code = 400) => reply(res, code, { ok: false, error_code: code, description });
    switch (method) {
      case 'getMe':
        return ok(this.bot);
      case 'setMyCommands':
      case 'answerCallbackQuery':
        return ok(true);
      case 'sendChatAction':
        if (!body.chat_id || !body.action) return bad('Bad Request: chat_id and action are required');
        return ok(true);
      case 'setWebhook': {
        const url = String(body.url ?? '');
        if (url && !url.startsWith('https://')) return bad('Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
        this.webhook = url ? { url, secret: String(body.secret_token ?? '') } : null;
        return ok(true);
      }
      case 'deleteWebhook':
        this.webhook = null;
        return ok(true);
      case 'getWebhookInfo':
        return ok({ url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: this.pending.length });
      case 'getUpdates':
        return this.getUpdates(body, res);
      case 'sendMessage': {
        const text = String(body.text ?? '');
        if (!text.trim()) return bad('Bad Request: message text is empty');
        if (text.length > 4096) return bad('Bad Request: message is too long');
        const markup = body.reply_markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined;
        for (const b of markup?.inline_keyboard?.flat() ?? []) {
          if (Buffer.byteLength(b.callback_data ?? '') > 64) return bad('Bad Request: BUTTON_DATA_INVALID');
        }
        return ok(this.message(body));
      }
      case 'sendPhoto':
        if (!body.photo) return bad('Bad Request: there is no photo in the request');
        if (String(body.caption ?? '').length > 1024) return bad('Bad Request: message caption is too long');
        return ok(this.message(body));
      default:
        return bad('Not Found: method not found', 404);
    }
  }

  private message(body: Record<string, unknown>) {
    return {
      message_id: this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(body.chat_id), type: 'private' },
      from: this.bot,
      ...(body.text ? { text: body.text } : {}),
    };
  }

  private async getUpdates(body: Record<string, unknown>, res: ServerResponse): Promise<void> {
    if (this.webhook) {
      return reply(res, 409, {
        ok: false,
        error_code: 409,
        description:
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      });
    }
    const offset = Number(body.offset ?? 0);
    // Confirmed updates (id < offset) are forgotten, as on Telegram.
    while (this.pending.length > 0 && Number(this.pending[0]!.update_id) < offset) this.pending.shift();
    const timeout = Number(body.timeout ?? 0);
    const deadline = Date.now() + timeout * 1000;
    let closed = false;
    res.once('close', () => {
      closed = true;
      for (const w of this.pendingWaiters.splice(0)) w();
    });
    while (this.pending.length === 0 && Date.now() < deadline && !closed) {
      await new Promise<void>((r) => {
        this.pendingWaiters.push(r);
        setTimeout(r, Math.max(0, deadline - Date.now()));
      });
    }
    if (closed) return;
    const limit = Number(body.limit ?? 100);
    reply(res, 200, { ok: true, result: this.pending.slice(0, limit) });
  }
}

async function parseBody(
  req: IncomingMessage,
  raw: Buffer,
  onPhoto: (p: { chatId: string; bytes: number; caption?: string; filename?: string }) => void,
): Promise<Record<string, unknown>> {
  const type = String(req.headers['content-type'] ?? '');
  if (raw.length === 0) return {};
  if (type.startsWith('application/json')) return JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary=("?)([^";]+)\1/.exec(type)?.[2] ?? '';
    const form = parseMultipart(raw, boundary);
    const out: Record<string, unknown> = {};
    for (const part of form) {
      if (part.filename === undefined) {
        const v = part.data.toString('utf8');
        out[part.name] = /^[[{]/.test(v) ? JSON.parse(v) : v;
      } else out[part.name] = { file: part.filename, bytes: part.data.length, png: part.data };
    }
    // grammy sends the file as attach://<id> in "photo" and the bytes in another part.
    const attach = typeof out.photo === 'string' && out.photo.startsWith('attach://') ? out[out.photo.slice(9)] : out.photo;
    if (attach && typeof attach === 'object') {
      const f = attach as { bytes: number; file: string };
      out.photo = attach;
      onPhoto({
        chatId: String(out.chat_id),
        bytes: f.bytes,
        filename: f.file,
        ...(typeof out.caption === 'string' ? { caption: out.caption } : {}),
      });
    }
    return out;
  }
  return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
}

/**
 * multipart/form-data as grammy writes it (header lines without a space after the colon,
 * unquoted filenames), which undici's strict FormData parser refuses; Telegram accepts it.
 */
function parseMultipart(raw: Buffer, boundary: string): { name: string; filename?: string; data: Buffer }[] {
  const parts: { name: string; filename?: string; data: Buffer }[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = raw.indexOf(delimiter);
  while (pos !== -1) {
    const start = pos + delimiter.length;
    if (raw.subarray(start, start + 2).toString() === '--') break;
    const next = raw.indexOf(delimiter, start);
    if (next === -1) break;
    const chunk = raw.subarray(start + 2, next - 2); // skip CRLF after the delimiter and before the next
    const split = chunk.indexOf('\r\n\r\n');
    const head = chunk.subarray(0, split).toString('utf8');
    const name = /(?:^|[;\s])name="?([^";\r\n]+)"?/i.exec(head)?.[1] ?? '';
    const filename = /filename="?([^";\r\n]+)"?/i.exec(head)?.[1];
    parts.push({ name, ...(filename !== undefined ? { filename } : {}), data: Buffer.from(chunk.subarray(split + 4)) });
    pos = next;
  }
  return parts;
}
