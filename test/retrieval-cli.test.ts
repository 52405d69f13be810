import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWLEDGE_DIR } from '../src/answer/index.ts';
import { loadGuides } from '../src/retrieval/guides.ts';
import { runCli, templateDataDir } from './helpers/cli.ts';

const run = (args: string[], dataDir: string, input = '') => runCli(args, { dataDir, input });
const freshDataDir = (withDb: boolean) => templateDataDir('rcli', withDb);

describe('index, eval and ask on the command line', () => {
  it('index builds once, then finds it up to date', () => {
    const dir = freshDataDir(false);
    const first = run(['index'], dir);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/\d+ hướng dẫn \/ guides, \d+ đoạn \/ chunks — đã xây lại \/ rebuilt \(no index yet\)/);
    const again = run(['index'], dir);
    expect(again.stdout).toContain('up to date');
    expect(run(['index', '--force'], dir).stdout).toContain('rebuilt (forced)');
  });

  it('eval prints the metrics, as JSON with --json', () => {
    const dir = freshDataDir(false);
    const file = join(dir, 'q.jsonl');
    writeFileSync(
      file,
      [
        { q: 'quên passcode vneid', id: 'vneid-forgot-passcode', topic: 'vneid', must_mention: ['passcode'] },
        { q: 'tra cứu tình trạng hồ sơ', topic: 'track_status', must_mention: ['mã hồ sơ'] },
        { q: 'giá vàng hôm nay', id: null, topic: 'out_of_scope', must_mention: [] },
      ]
        .map((x) => JSON.stringify(x))
        .join('\n'),
    );
    const json = run(['eval', file, '--json'], dir);
    expect(json.status, json.stderr).toBe(0);
    const m = JSON.parse(json.stdout);
    expect(m).toMatchObject({
      questions: 3,
      inScope: 2,
      outOfScope: 1,
      'hit@1': 1,
      'hit@3': 1,
      mustMentionRecall: 1,
      outOfScopeAccuracy: 1,
    });
    expect(m.p95Ms).toBeGreaterThan(0);
    const text = run(['eval', file], dir);
    expect(text.stdout).toMatch(/hit@1 100\.0 %/);
  });

  it('eval names the line of a bad question file (exit 2)', () => {
    const dir = freshDataDir(false);
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"q":"a","topic":"vneid"}\nnot json\n');
    const r = run(['eval', file], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('bad.jsonl:2');
  });

  it('ask --json gives intent, text and sources with topic and url, one object per stdin line', () => {
    const dir = freshDataDir(true);
    const r = run(['ask', '--json'], dir, 'lam dinh danh muc 2 o dau\nhôm nay ăn gì ngon\n');
    expect(r.status, r.stderr).toBe(0);
    const [a, b] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(a).toMatchObject({
      q: 'lam dinh danh muc 2 o dau',
      intent: 'guide',
      // The link is the entry's first source, whichever page the knowledge team last checked.
      sources: [
        {
          id: 'vneid-level2-registration',
          topic: 'vneid',
          url: loadGuides(KNOWLEDGE_DIR).find((g) => g.id === 'vneid-level2-registration')!.url,
        },
      ],
    });
    expect(a.text).toContain('Nguồn:');
    expect(typeof a.ms).toBe('number');
    expect(b).toMatchObject({ intent: 'out_of_scope', sources: [] });
  });
});
