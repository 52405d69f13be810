// src/store/schema.ts (the Kysely row types every query is checked against) is generated from
// prisma/schema.prisma and committed, so a fresh clone builds without a generation step. This test
// generates it again from the schema and fails when the committed file is stale.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'schema-types-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('Kysely row types', () => {
  it('src/store/schema.ts is what prisma/schema.prisma generates (run npm run db:generate after a schema change)', () => {
    const schema = readFileSync(join(root, 'prisma', 'schema.prisma'), 'utf8');
    const kysely = schema.match(/generator kysely \{[^}]*\}/)?.[0];
    expect(kysely, 'prisma/schema.prisma has a `generator kysely` block').toBeDefined();
    // Only the Kysely generator, writing into the temporary directory.
    const copy = schema
      .replace(/generator \w+ \{[^}]*\}\n*/g, '')
      .concat('\n', kysely!.replace(/output\s*=\s*"[^"]*"/, `output = ${JSON.stringify(out)}`), '\n');
    writeFileSync(join(out, 'schema.prisma'), copy);
    const run = spawnSync(process.execPath, [join(root, 'scripts', 'prisma-generate.mjs'), '--schema', join(out, 'schema.prisma')], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(out, 'schema.ts'), 'utf8')).toBe(readFileSync(join(root, 'src', 'store', 'schema.ts'), 'utf8'));
  }, 120_000);
});
