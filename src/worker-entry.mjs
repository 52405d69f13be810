// Worker entries, in both layouts: under dist/ a worker's compiled sibling is loaded by plain node;
// in the sources, worker threads do not inherit the TypeScript loader registered by bin/ or
// vitest, so it is registered here first.
import { existsSync } from 'node:fs';

/** Loads `<name>.js` beside `entryUrl` when built, else registers tsx and loads `<name>.ts`. */
export async function loadWorker(entryUrl, name) {
  const compiled = new URL(`./${name}.js`, entryUrl);
  if (existsSync(compiled)) {
    await import(compiled.href);
    return;
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL(`./${name}.ts`, entryUrl).href);
}
