import { config as loadDotenv } from 'dotenv';
import { type App, type AppOptions, createApp } from '../../src/app.ts';
import { type Config, ConfigError, loadConfig } from '../../src/config.ts';
import { disableLangChainTracing } from '../../src/langchain-tracing.ts';
import { type Database, type OpenOptions, openDatabase } from '../../src/store/db.ts';

/** Exit codes: 1 unexpected, 2 bad input or configuration, 3 command not available yet. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

let cached: Config | undefined;

export function cliConfig(): Config {
  if (!cached) {
    loadDotenv({ quiet: true });
    // A .env or shell may turn LangSmith tracing on; no command may send citizens' words there.
    disableLangChainTracing();
    try {
      cached = loadConfig();
    } catch (err) {
      if (err instanceof ConfigError) throw new CliError(err.message);
      throw err;
    }
  }
  return cached;
}

/** Opens the app for one command and always closes the database after. */
export async function withApp<T>(fn: (app: App) => Promise<T>, opts: AppOptions = {}): Promise<T> {
  const config = cliConfig();
  // Commands print to stdout; logs stay quiet unless asked for.
  const app = await createApp(config, opts);
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

/** For commands that need the database but not the skills (no knowledge index is loaded). */
export async function withDatabase<T>(fn: (db: Database) => Promise<T>, opts: Pick<OpenOptions, 'migrate'> = {}): Promise<T> {
  const config = cliConfig();
  const db = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.DATABASE_URL, sharedBuffers: config.PGLITE_SHARED_BUFFERS, ...opts });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
