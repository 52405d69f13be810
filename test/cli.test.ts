import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const BIN = new URL('../bin/tro-ly-dvc.js', import.meta.url).pathname;

function run(args: string[], input = '', env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(inject('testRoot'), 'cli-'));
  if (!process.env.TEST_DATABASE_URL) cpSync(join(inject('testRoot'), 'template'), dataDir, { recursive: true });
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      ...(process.env.TEST_DATABASE_URL ? { DATABASE_URL: process.env.TEST_DATABASE_URL } : {}),
      ...env,
    },
  });
  return { ...r, dataDir };
}

describe('command line', () => {
  it('--help lists every command in DESIGN.md', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    for (const cmd of ['start', 'ask', 'index', 'eval', 'import', 'seed', 'officer', 'migrate']) expect(r.stdout).toContain(cmd);
  });

  it('start with no token says which channels are off and answers piped lines in the terminal chat', () => {
    const r = run(['start'], 'xin chào\ncảm ơn\n');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('Telegram: tắt');
    expect(r.stderr).toContain('Zalo: tắt');
    expect(r.stdout).toContain('Xin chào! Bạn cần hỏi gì');
    expect(r.stdout).toContain('Rất vui được giúp bạn');
  });

  it('a wrong setting stops with one bilingual line naming the variable', () => {
    const r = run(['ask', 'xin chào'], '', { PORT: 'tám nghìn' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Cấu hình sai: biến PORT .*Invalid setting PORT/);
  });

  it('ask --json prints the DESIGN.md fields', () => {
    const r = run(['ask', '--json', 'xin chào']);
    expect(r.status).toBe(0);
    const obj = JSON.parse(r.stdout.trim());
    expect(Object.keys(obj)).toEqual(['q', 'intent', 'text', 'sources', 'ms']);
    expect(obj).toMatchObject({ q: 'xin chào', intent: 'smalltalk', sources: [] });
  });
});
