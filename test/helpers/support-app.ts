import { type App, assembleApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import type { TestDatabase } from './db.ts';

export type SupportApp = App;

/** The app as `createApp` builds it (support and curated answers included), over a test database and a settable clock. */
export async function supportApp(db: TestDatabase, env: Record<string, string> = {}, clock?: () => Date, threads = 0): Promise<SupportApp> {
  const config = loadConfig({ DATA_DIR: db.dataDir, LOG_LEVEL: 'silent', ...env });
  return assembleApp({ config, db, log: createLogger('silent') }, { answerThreads: threads, ...(clock ? { clock } : {}) });
}
