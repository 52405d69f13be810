import { describe, expect, it } from 'vitest';
import { runCli, templateDataDir } from './helpers/cli.ts';

function run(args: string[], input = '', env: Record<string, string> = {}) {
  const dataDir = templateDataDir('cli');
  return { ...runCli(args, { dataDir, input, env: { PORT: '0', HOST: '127.0.0.1', ...env } }), dataDir };
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
