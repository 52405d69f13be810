// The import graph stays a tree of layers: channel adapters (bot/) and the assembly (src/app.ts)
// on top, skills and the core below, the store at the bottom. A cycle, even of type-only imports,
// is a real one the day somebody imports a value across it (issue 16).
import { fileURLToPath } from 'node:url';
import { type DependencyTree, parseCircular, parseDependencyTree } from 'dpdm';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
let tree: DependencyTree;

beforeAll(async () => {
  tree = await parseDependencyTree(['src/**/*.ts', 'src/**/*.mjs', 'bot/**/*.ts'], {
    cwd: root,
    context: root,
    tsconfig: `${root}tsconfig.json`,
    // Type-only imports count: they are how the old app.ts circle began.
    transform: false,
    skipDynamicImports: false,
    // Prisma's generated client is not ours to arrange.
    exclude: /node_modules|src\/store\/generated\//,
  });
}, 60_000);

describe('import graph', () => {
  it('reads the whole tree', () => {
    const files = Object.keys(tree).filter((f) => f.startsWith('src/'));
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain('src/core/composer.ts');
  });

  it('has no import cycle through src/', () => {
    const cycles = parseCircular(tree).filter((c) => c.some((f) => f.startsWith('src/')));
    expect(cycles.map((c) => c.join(' -> '))).toEqual([]);
  });

  it('lets only the assembly (src/app.ts) and the channel adapters (bot/) import src/app.ts', () => {
    const importers = Object.entries(tree)
      .filter(([file, deps]) => deps?.some((d) => d.id === 'src/app.ts') && !file.startsWith('bot/'))
      .map(([file]) => file);
    expect(importers).toEqual([]);
  });
});
