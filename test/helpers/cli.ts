import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

export const BIN = new URL('../../bin/tro-ly-dvc.js', import.meta.url).pathname;

/**
 * A minimal environment for a CLI child process: no inherited settings leak in, logs stay quiet,
 * and the suite's PostgreSQL server is used when the suite runs on one.
 */
export function cliEnv(dataDir: string, databaseUrl?: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const url = databaseUrl ?? process.env.TEST_DATABASE_URL;
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ...(url ? { DATABASE_URL: url } : {}),
    ...extra,
  };
}

/** A new DATA_DIR below the run's temp root, holding a copy of the migrated template database. */
export function templateDataDir(prefix: string, withDb = true): string {
  const dir = mkdtempSync(join(inject('testRoot'), `${prefix}-`));
  if (withDb && !process.env.TEST_DATABASE_URL) cpSync(join(inject('testRoot'), 'template'), dir, { recursive: true });
  return dir;
}

export interface RunCliOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  input?: string;
  env?: Record<string, string>;
  timeout?: number;
}

export function runCli(args: string[], opts: RunCliOptions): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], {
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: opts.timeout ?? 120_000,
    env: cliEnv(opts.dataDir, opts.databaseUrl, opts.env),
  });
}
