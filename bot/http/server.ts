import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void> | void;

export interface HttpServer {
  server: Server;
  port: number;
  /** Exact path. */
  route(method: string, path: string, handler: RouteHandler): void;
  /** Every path under `prefix` (e.g. `/img/`). */
  routePrefix(method: string, prefix: string, handler: RouteHandler): void;
  /** Stops accepting connections and waits for requests in progress (at most `graceMs`). */
  close(graceMs?: number): Promise<void>;
  /**
   * Every route is registered: until then a request under /webhook/ without a route yet gets 503
   * with Retry-After (the platform delivers it again), not 404.
   */
  started(): void;
}

export class BodyTooLarge extends Error {}

/** Reads a request body, refusing more than `limit` bytes. */
export async function readBody(req: IncomingMessage, limit = 1024 * 1024): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** One small HTTP server for health checks, metrics, webhooks and chart images. */
export async function startHttpServer(port: number, host: string, health: () => Promise<boolean>): Promise<HttpServer> {
  const routes = new Map<string, RouteHandler>();
  const prefixes: { method: string; prefix: string; handler: RouteHandler }[] = [];
  let closing = false;
  let starting = true;
  let active = 0;
  let idle: (() => void) | null = null;

  routes.set('GET /healthz', (_req, res) => sendJson(res, 200, { ok: true }));
  routes.set('GET /readyz', async (_req, res) => {
    const ok = !closing && (await health().catch(() => false));
    sendJson(res, ok ? 200 : 503, { ok });
  });

  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const handler =
      routes.get(`${req.method} ${path}`) ?? prefixes.find((p) => p.method === req.method && path.startsWith(p.prefix))?.handler;
    if (!handler) {
      if (starting && path.startsWith('/webhook/')) {
        req.resume();
        res.setHeader('retry-after', '5');
        sendJson(res, 503, { ok: false, error: 'starting, retry later' });
        return;
      }
      sendJson(res, 404, { ok: false, error: 'not found' });
      return;
    }
    if (closing) res.setHeader('connection', 'close');
    active++;
    try {
      await handler(req, res, path);
    } catch (err) {
      if (!res.headersSent) {
        if (err instanceof BodyTooLarge) sendJson(res, 413, { ok: false, error: 'body too large' });
        else sendJson(res, 500, { ok: false });
      } else res.end();
    } finally {
      active--;
      if (active === 0) idle?.();
    }
  });
  server.keepAliveTimeout = 5000;
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    route(method, path, handler) {
      routes.set(`${method} ${path}`, handler);
    },
    routePrefix(method, prefix, handler) {
      prefixes.push({ method, prefix, handler });
    },
    started() {
      starting = false;
    },
    async close(graceMs = 5000) {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (active > 0) {
        await Promise.race([
          new Promise<void>((resolve) => {
            idle = resolve;
          }),
          new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
        ]);
      }
      // Keep-alive sockets would hold close() open until their timeout.
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
