// Prisma's schema engine compiled to WebAssembly, driven through a PGlite driver adapter, so
// migrations can be authored and checked with no native engine and no server.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { MIGRATIONS_DIR, readMigrations } from '../src/store/migrate.ts';

export const SCHEMA_PATH = new URL('../prisma/schema.prisma', import.meta.url).pathname;

type Engine = {
  diff(p: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
};

async function loadEngine(adapter: object): Promise<Engine> {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  // The package targets bundlers (`import * as wasm from "./x.wasm"`); in plain Node we
  // instantiate the module ourselves and hand it to the generated glue.
  const bg = await import(join(pkgDir, 'schema_engine_bg.js'));
  const bytes = readFileSync(join(pkgDir, 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  const schema = readFileSync(SCHEMA_PATH, 'utf8');
  return bg.SchemaEngine.new(
    { datamodels: [[relative(process.cwd(), SCHEMA_PATH), schema]] },
    () => {},
    adapter,
  ) as Promise<Engine>;
}

/** SQL that takes a database from the committed migrations to `prisma/schema.prisma` ("" if none). */
export async function diffMigrationsToSchema(): Promise<string> {
  const lite = await PGlite.create({ dataDir: 'memory://' });
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(lite));
  const engine = await loadEngine(adapter);
  try {
    const migrations = readMigrations();
    const from =
      migrations.length === 0
        ? { tag: 'empty' }
        : {
            tag: 'migrations',
            baseDir: MIGRATIONS_DIR,
            lockfile: { path: 'migration_lock.toml', content: 'provider = "postgresql"\n' },
            shadowDbInitScript: '',
            migrationDirectories: migrations.map((m) => ({
              path: m.name,
              migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: m.sql } },
            })),
          };
    const result = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: readFileSync(SCHEMA_PATH, 'utf8') }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    const out = (result.stdout ?? '').trim();
    return out === '-- This is an empty migration.' ? '' : out;
  } finally {
    engine.free();
    await lite.close();
  }
}
