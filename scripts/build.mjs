// Compiles src/ and bot/ to plain JavaScript so `npm start` runs under node alone: the tsx loader
// (its thread plus the transformed sources) costs ~80 MiB of resident memory.
// Usage: node scripts/build.mjs [--out-dir DIR] [--verbose]   (default dist/ in the project root)
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--out-dir');
const outDir = resolve(root, at > 0 && process.argv[at + 1] ? process.argv[at + 1] : 'dist');
const SOURCES = ['src', 'bot'];

// A stale file from a renamed or deleted module must not survive into the build.
rmSync(outDir, { recursive: true, force: true });

const tsc = findTsc();
// stdin is left alone: `echo question | npm start` pipes it to the bot that runs after the build.
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir], {
  stdio: ['ignore', 'inherit', 'inherit'],
});
if (result.status !== 0) process.exit(result.status ?? 1);

// tsc emits only what it compiles; runtime files that are not TypeScript (worker entries) are copied.
let copied = 0;
for (const dir of SOURCES) {
  for (const file of walk(join(root, dir))) {
    if (!file.endsWith('.mjs') && !file.endsWith('.cjs')) continue;
    const target = join(outDir, relative(root, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
    copied++;
  }
}
if (process.argv.includes('--verbose')) console.error(`build: ${outDir} (${copied} runtime files copied)`);

function findTsc() {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
  } catch {
    console.error('build: TypeScript is not installed (a devDependency): run `npm install` without --omit=dev');
    process.exit(1);
  }
}

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}
