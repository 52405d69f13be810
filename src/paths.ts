import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'tro-ly-dvc';

/**
 * The project's root: the nearest directory above this module holding this project's package.json.
 * Found by walking up rather than a fixed `../..` because the same module runs from `src/` (tsx)
 * and from `dist/src/` (compiled), one level deeper.
 */
export function findProjectRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && isThisProject(manifest)) return dir;
    if (dirname(dir) === dir) throw new Error(`package.json of ${PACKAGE_NAME} not found above ${from}`);
  }
}

function isThisProject(manifest: string): boolean {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

export const PROJECT_ROOT = findProjectRoot();

/** Shipped data that lives beside the code, not under DATA_DIR. */
export const KNOWLEDGE_ROOT = join(PROJECT_ROOT, 'knowledge');
export const MIGRATIONS_ROOT = join(PROJECT_ROOT, 'prisma', 'migrations');
