// `prisma generate` writes src/store/schema.ts, the Kysely row types (prisma-kysely generator),
// from prisma/schema.prisma. Extra arguments are passed on (`--schema other.prisma`).
// Prisma's CLI tries to download its native schema engine, which this project cannot assume is
// reachable. `generate` does not need it, so point it at a stub that fails loudly if anything
// else tries to use it (a stub that exits 0 would make migrate commands silently do nothing).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'prisma-stub-'));
const stub = join(dir, 'schema-engine');
writeFileSync(stub, '#!/bin/sh\necho "schema engine unavailable offline; use npm run db:migration" >&2\nexit 1\n');
chmodSync(stub, 0o755);
const result = spawnSync('npx', ['--no-install', 'prisma', 'generate', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: stub, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
});
process.exit(result.status ?? 1);
