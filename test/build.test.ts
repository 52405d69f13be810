import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, templateDataDir } from './helpers/cli.ts';

// `npm start` runs the compiled JavaScript under plain node (no tsx). Build it for real and check
// that the built program still finds what the sources find relative to themselves.
const ROOT = fileURLToPath(new URL('..', import.meta.url));

let out: string;

/** Runs a file or inline module with plain node: no loader, nothing inherited from vitest. */
function node(args: string[], env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' }) {
  return spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 120_000, input: '', env });
}

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

beforeAll(() => {
  // Inside the project (like dist/) so node_modules and the project root are found by walking up;
  // a level deeper than dist/, so a fixed `../..` would miss too.
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  out = mkdtempSync(join(ROOT, '.tmp', 'build-test-'));
  const built = node([join(ROOT, 'scripts', 'build.mjs'), '--out-dir', out], { ...process.env });
  expect(built.stderr).toBe('');
  expect(built.status).toBe(0);
});

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('built JavaScript (npm run build)', () => {
  it('is plain JavaScript: no import of a .ts file, and the worker entry is copied beside its module', () => {
    const emitted = [...files(out)].map((f) => relative(out, f));
    expect(emitted).toContain(join('bot', 'cli', 'main.js'));
    expect(emitted).toContain(join('src', 'indicators', 'import', 'dossier-worker.mjs'));
    expect(emitted.filter((f) => f.endsWith('.ts'))).toEqual([]);
    const tsImports = emitted
      .filter((f) => f.endsWith('.js'))
      .filter((f) => /\bfrom\s+'\.{1,2}\/[^']*\.ts'|import\('\.{1,2}\/[^']*\.ts'\)/.test(readFileSync(join(out, f), 'utf8')));
    expect(tsImports).toEqual([]);
  });

  it('runs the CLI under plain node: --help', () => {
    const r = node([join(out, 'bot', 'cli', 'main.js'), '--help']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\s+start \[options\]/m);
    expect(r.stdout).toMatch(/^\s+ask \[options\]/m);
  });

  it('answers a citizen question with a cited guide, indexing knowledge/ from the built code', () => {
    const dataDir = templateDataDir('build');
    const r = node([join(out, 'bot', 'cli', 'main.js'), 'ask', '--json', 'quên mật khẩu vneid thì làm sao'], cliEnv(dataDir));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const answer = JSON.parse(r.stdout) as { intent: string; text: string; sources: { id: string; url: string }[] };
    expect(answer.intent).toBe('guide');
    expect(answer.sources[0]).toMatchObject({ id: 'vneid-forgot-password', url: expect.stringMatching(/^https:\/\//) });
    expect(answer.text).toContain('Quên mật khẩu');
    expect(answer.text).toContain('Nguồn:');
    // The index holds every shipped guide, read from the project's knowledge/.
    const manifest = JSON.parse(readFileSync(join(dataDir, 'index', 'manifest.json'), 'utf8')) as { guides: object };
    // Every entry file; a folder's README.md describes the entries and is not one (guides.ts).
    const shipped = [...files(join(ROOT, 'knowledge'))].filter((f) => f.endsWith('.md') && !/(^|\/)readme\.md$/i.test(f));
    expect(Object.keys(manifest.guides)).toHaveLength(shipped.length);
  });

  it('finds knowledge/, knowledge/targets.yaml and prisma/migrations from the built modules', () => {
    const mod = (p: string) => JSON.stringify(pathToFileURL(join(out, p)).href);
    const script = `
      const paths = await import(${mod('src/paths.js')});
      const { KNOWLEDGE_DIR } = await import(${mod('src/answer/index.js')});
      const { DEFAULT_TARGETS_PATH, loadTargets } = await import(${mod('src/indicators/targets.js')});
      const { MIGRATIONS_DIR, readMigrations } = await import(${mod('src/store/migrate.js')});
      console.log(JSON.stringify({
        root: paths.PROJECT_ROOT, knowledge: KNOWLEDGE_DIR, targets: DEFAULT_TARGETS_PATH, targetCount: loadTargets().length,
        migrationsDir: MIGRATIONS_DIR, migrations: readMigrations().map((m) => m.name),
      }));`;
    const r = node(['--input-type=module', '-e', script]);
    expect(r.stderr).toBe('');
    const found = JSON.parse(r.stdout) as Record<string, unknown>;
    const root = ROOT.replace(/\/$/, '');
    const migrations = readdirSync(join(root, 'prisma', 'migrations'))
      .filter((d) => existsSync(join(root, 'prisma', 'migrations', d, 'migration.sql')))
      .sort();
    expect(migrations.length).toBeGreaterThan(0);
    expect(found).toEqual({
      root,
      knowledge: join(root, 'knowledge'),
      targets: join(root, 'knowledge', 'targets.yaml'),
      targetCount: expect.any(Number),
      migrationsDir: `${join(root, 'prisma', 'migrations')}/`,
      migrations,
    });
    expect(found.targetCount).toBeGreaterThan(0);
  });

  it('runs the dossier import worker from the compiled code, without tsx', () => {
    const dir = mkdtempSync(join(dirname(out), 'worker-'));
    const csv = join(dir, 'dossiers.csv');
    const head =
      'ma_ho_so,ma_don_vi,ma_thu_tuc,kenh_nop,ngay_tiep_nhan,han_xu_ly,ngay_hoan_thanh,co_phi,thanh_toan_truc_tuyen,da_so_hoa,ket_qua_dien_tu,ly_do_tre_han\n';
    const rows = Array.from(
      { length: 5 },
      (_, i) => `B${i},XA1,P,Trực tuyến,2025-11-0${i + 1}T08:00,2025-11-20,,Không,Không,Có,Không,`,
    );
    writeFileSync(csv, `${head}${rows.join('\n')}\n`);
    const entry = JSON.stringify(pathToFileURL(join(out, 'src', 'indicators', 'import', 'dossier-worker.mjs')).href);
    // The worker's side of the import protocol: a batch is acknowledged once written, then "end".
    const script = `
      import { Worker } from 'node:worker_threads';
      const w = new Worker(new URL(${entry}), { workerData: { path: ${JSON.stringify(csv)}, units: ['XA1'], batchSize: 100, maxErrors: 10 } });
      const seen = [];
      w.on('message', (m) => {
        seen.push(m.type === 'end' ? { type: 'end', rows: m.rows } : { type: m.type });
        if (m.type === 'batch') w.postMessage('ack');
      });
      w.on('error', (err) => { console.error(err); process.exitCode = 1; });
      w.on('exit', (code) => console.log(JSON.stringify({ code, seen })));`;
    try {
      // A file, not -e: a worker inherits node's flags, and --input-type is refused for a file entry.
      writeFileSync(join(dir, 'run.mjs'), script);
      const r = node([join(dir, 'run.mjs')]);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual({
        code: 0,
        seen: [{ type: 'batch' }, { type: 'end', rows: 5 }],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
