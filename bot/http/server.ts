import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface HttpServer {
  server: Server;
  port: number;
  route(method: string, path: string, handler: RouteHandler): void;
  close(): Promise<void>;
}

/** One small HTTP server for health checks and (with the channels) webhooks. */
export async function startHttpServer(port: number, host: string, health: () => Promise<boolean>): Promise<HttpServer> {
  const routes = new Map<string, RouteHandler>();
  routes.set('GET /healthz', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  routes.set('GET /readyz', async (_req, res) => {
    const ok = await health().catch(() => false);
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ ok }));
  });
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const handler = routes.get(`${req.method} ${path}`);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"ok":false,"error":"not found"}');
      return;
    }
    try {
      await handler(req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end('{"ok":false}');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    route(method, path, handler) {
      routes.set(`${method} ${path}`, handler);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections?.();
      }),
  };
}
