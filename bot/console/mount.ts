import type { App } from '../../src/app.ts';
import { KNOWLEDGE_ROOT } from '../../src/paths.ts';
import { type Guide, loadGuides } from '../../src/retrieval/guides.ts';
import type { HttpServer } from '../http/server.ts';
import { createConsole } from './app.ts';

/** Puts the web console under /admin on the bot's HTTP server. */
export async function mountConsole(http: HttpServer, app: App, opts: { now?: () => Date } = {}): Promise<void> {
  // The guide files, read once: they change only with a new index, i.e. a restart.
  let guides: Guide[] | undefined;
  const web = await createConsole({
    db: app.db.kysely,
    core: app.core,
    config: app.config,
    log: app.log.child({ part: 'console' }),
    guides: () => (guides ??= loadGuides(KNOWLEDGE_ROOT)),
    support: app.support,
    curated: app.curated,
    ...(opts.now ? { now: opts.now } : {}),
  });
  http.app.route('/admin', web);
}
