import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/store/db.ts';

// Creating a PGlite cluster costs seconds and ~1 GiB of memory; opening a copy is cheap. Build
// one migrated template per run and let every test file copy it.
export default async function setup(project: TestProject) {
  const root = mkdtempSync(join(tmpdir(), 'tro-ly-dvc-test-'));
  // On a server, CLI tests share the server's own database: migrate it once here so parallel
  // test files never race to apply the same migration.
  const db = await openDatabase({ dataDir: join(root, 'template'), databaseUrl: process.env.TEST_DATABASE_URL });
  await db.close();
  project.provide('testRoot', root);
  return () => rmSync(root, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    testRoot: string;
  }
}
