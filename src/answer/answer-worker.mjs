// The worker's entry, in both layouts: under dist/ the compiled sibling is loaded by plain node;
// in the sources, worker threads do not inherit the TypeScript loader registered by bin/ or
// vitest, so it is registered here.
import { existsSync } from 'node:fs';

const compiled = new URL('./answer-worker.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./answer-worker.ts');
}
