import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createAdaptorServer, type HttpBindings } from '@hono/node-server';
import { type Context, type Handler, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { TrieRouter } from 'hono/router/trie-router';

/** What every route sees: Hono's context with the Node request and response at `c.env`. */
export type HttpEnv = { Bindings: HttpBindings };
export type RouteHandler = Handler<HttpEnv>;

export interface HttpServer {
  server: Server;
  port: number;
  /** The Hono application: routes, sub-applications (the console under /admin) and middleware. */
  app: Hono<HttpEnv>;
  /** Adds a route; routes may be added after the server has started (webhooks once their channel is built). */
  route(method: string, path: string, handler: RouteHandler): void;
  /** Stops accepting connections and waits for requests in progress (at most `graceMs`). */
  close(graceMs?: number): Promise<void>;
  /**
   * Every route is registered: until then a request under /webhook/ without a route yet gets 503
   * with Retry-After (the platform delivers it again), not 404.
   */
  started(): void;
}

export const json = (c: Context, status: number, body: unknown) =>
  c.body(JSON.stringify(body), status as 200, { 'content-type': 'application/json; charset=utf-8' });

/** One small HTTP server (Hono on Node) for health checks, metrics, webhooks, chart images and the console. */
export async function startHttpServer(port: number, host: string, health: () => Promise<boolean>): Promise<HttpServer> {
  let closing = false;
  let starting = true;
  let active = 0;
  let idle: (() => void) | null = null;

  // The trie router takes routes at any time; Hono's default freezes its matcher at the first request,
  // and the webhook routes are added once their channel has been built, after the server listens.
  const app = new Hono<HttpEnv>({ router: new TrieRouter() });
  app.use(async (c, next) => {
    await next();
    if (closing) c.res.headers.set('connection', 'close');
  });
  app.get('/healthz', (c) => json(c, 200, { ok: true }));
  app.get('/readyz', async (c) => {
    const ok = !closing && (await health().catch(() => false));
    return json(c, ok ? 200 : 503, { ok });
  });
  app.notFound((c) => {
    if (starting && c.req.path.startsWith('/webhook/')) {
      return c.body(JSON.stringify({ ok: false, error: 'starting, retry later' }), 503, {
        'content-type': 'application/json; charset=utf-8',
        'retry-after': '5',
      });
    }
    return json(c, 404, { ok: false, error: 'not found' });
  });
  app.onError((err, c) => (err instanceof HTTPException ? err.getResponse() : json(c, 500, { ok: false })));

  // overrideGlobalObjects: false keeps the process's own Request/Response (grammY, fetch) untouched.
  const server = createAdaptorServer({ fetch: app.fetch, overrideGlobalObjects: false }) as Server;
  server.keepAliveTimeout = 5000;
  // Requests in progress, for a graceful close (a response is done when its socket side closes).
  server.on('request', (_req, res) => {
    active++;
    res.once('close', () => {
      active--;
      if (active === 0) idle?.();
    });
  });
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
    app,
    route(method, path, handler) {
      app.on(method, path, handler);
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
