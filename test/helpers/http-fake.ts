import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A canned answer the next call of a method gets instead of the normal one. */
export type Fault = { status: number; body: unknown } | 'hang' | 'reset';

export interface Call {
  method: string;
  body: Record<string, unknown>;
  at: number;
}

export async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

/** Shared plumbing of the Telegram and Zalo test servers: listen on 127.0.0.1, record, inject faults. */
export abstract class FakeApiServer {
  readonly calls: Call[] = [];
  private readonly faults = new Map<string, Fault[]>();
  private readonly waiters: { check: () => boolean; resolve: () => void }[] = [];
  private readonly sockets = new Set<Socket>();
  protected server!: Server;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.serve(req, res).catch((err) => {
        if (!res.headersSent) reply(res, 500, { ok: false, error_code: 500, description: String(err) });
      });
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.once('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** The next call(s) of `method` fail this way, in order. */
  fail(method: string, ...faults: Fault[]): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), ...faults]);
  }

  callsOf(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves when `check` holds (re-checked after every call), or rejects after `ms`. */
  waitFor(check: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const w = { check, resolve: () => {} };
      const t = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`timed out waiting for ${what}; calls: ${this.calls.map((c) => c.method).join(',')}`));
      }, ms);
      w.resolve = () => {
        clearTimeout(t);
        resolve();
      };
      this.waiters.push(w);
    });
  }

  protected record(method: string, body: Record<string, unknown>): void {
    this.calls.push({ method, body, at: Date.now() });
    this.notify();
  }

  protected notify(): void {
    for (const w of [...this.waiters]) {
      if (w.check()) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }

  /** Applies a queued fault; true when the request has been dealt with. */
  protected applyFault(method: string, req: IncomingMessage, res: ServerResponse): boolean {
    const queue = this.faults.get(method);
    const fault = queue?.shift();
    if (!fault) return false;
    if (fault === 'hang') {
      // Never answer; the client must give up on its own.
      return true;
    }
    if (fault === 'reset') {
      req.socket.destroy();
      return true;
    }
    reply(res, fault.status, fault.body);
    return true;
  }

  protected abstract serve(req: IncomingMessage, res: ServerResponse): Promise<void>;
}
