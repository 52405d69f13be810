import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../src/answer/index.ts';
import type { GuideEngine } from '../src/answer/engine.ts';
import { WorkerEngine } from '../src/answer/worker-engine.ts';
import { loadConfig } from '../src/config.ts';

const questions = readFileSync(new URL('./fixtures/questions-vneid-payment.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .slice(0, 40)
  .map((l) => JSON.parse(l).q as string)
  .concat(
    // An entry offered one tap under the answer (GuideAnswer.nearby), and a fourth ask offered as a choice (leftOver).
    'Tôi làm thủ tục đăng ký cấp lại giấy phép lái xe (GPLX) nhưng chưa đến ngày hẹn thì bị mất giấy hẹn. Xin hỏi, như vậy tôi có lấy được GPLX không?',
    'cho toi hoi 4 viec: dang ky tam tru o dau, lam ho chieu mat bao lau, doi cccd het bao nhieu tien, quen mat khau vneid thi lam sao',
  );

describe('answers on worker threads', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'worker-engine-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  let local: GuideEngine;
  let workers: WorkerEngine;

  beforeAll(async () => {
    // The first worker builds and persists the index; this thread then loads the same one.
    const started = await WorkerEngine.start(config, 2);
    workers = started.engine;
    expect(started.status.rebuilt).toBe(true);
    local = (await openEngine(config)).engine;
  }, 60_000);
  afterAll(async () => {
    await workers.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('give exactly the answers this thread gives, across both workers', async () => {
    const remote = await Promise.all(questions.map((q) => workers.answer(q)));
    for (const [i, q] of questions.entries()) {
      const here = await local.answer(q);
      const there = remote[i]!;
      expect(there.confident, q).toBe(here.confident);
      expect(there.guide?.id, q).toBe(here.guide?.id);
      expect(there.text, q).toBe(here.text);
      expect(there.confidence, q).toBeCloseTo(here.confidence, 12);
      expect(there.suggestions.map((g) => g.id)).toEqual(here.suggestions.map((g) => g.id));
      // The skill reads the best hit's chunks (LLM rewording) and its guide (unanswered log).
      expect(there.ranked[0]?.guide.id).toBe(here.ranked[0]?.guide.id);
      expect(there.ranked[0]?.chunks).toEqual(here.ranked[0]?.chunks);
      expect(there.search.unknownShare).toBe(here.search.unknownShare);
      // The buttons under the answer: entries offered apart from the text.
      expect(there.nearby?.id, q).toBe(here.nearby?.id);
      expect(there.leftOver?.more.map((g) => g.id), q).toEqual(here.leftOver?.more.map((g) => g.id));
      expect(there.leftOver?.unmatched, q).toEqual(here.leftOver?.unmatched);
    }
    expect(remote.some((r) => r.nearby)).toBe(true);
    expect(remote.some((r) => (r.leftOver?.more.length ?? 0) > 0)).toBe(true);
    // Guides come back as this thread's objects, so menus and buttons keep working.
    const a = remote.find((r) => r.guide)!;
    expect(a.guide).toBe(workers.guide(a.guide!.id));
  });

  it('passes follow-up options through', async () => {
    const opts = { preferTopic: 'vneid', context: 'quên mật khẩu VNeID', avoidGuide: 'vneid-forgot-password' };
    const here = await local.answer('còn mức 2 thì sao', opts);
    const there = await workers.answer('còn mức 2 thì sao', opts);
    expect(there.guide?.id).toBe(here.guide?.id);
  });

  it('replaces a worker that dies; its questions fail instead of hanging', async () => {
    const slot = (workers as unknown as { slots: { worker: { terminate(): Promise<number> } }[] }).slots[0]!;
    const asked = workers.answer(questions[0]!);
    const killed = slot.worker.terminate();
    await killed;
    // Either it was answered just before the worker went, or it failed — never left pending.
    await asked.then(
      (a) => expect(a.text.length).toBeGreaterThan(0),
      (err: Error) => expect(err.message).toMatch(/answer worker exited/),
    );
    const after = await Promise.all([workers.answer(questions[1]!), workers.answer(questions[2]!)]);
    expect(after.every((a) => a.search.tokens.length > 0)).toBe(true);
  }, 30_000);

  it('refuses questions once closed', async () => {
    const extra = (await WorkerEngine.start(config, 1)).engine;
    await extra.close();
    await expect(extra.answer('quên mật khẩu VNeID')).rejects.toThrow(/closed/);
  });
});
