import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { IncomingMessage } from '../src/core/types.ts';
import { exportCurated, importCurated } from '../src/curated/files.ts';
import { CLOSE_MATCH, foldQuestion, similarity } from '../src/text/similarity.ts';
import { CuratedInputError } from '../src/curated/store.ts';
import { runCli, templateDataDir } from './helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { type SupportApp, supportApp } from './helpers/support-app.ts';

const PASSPORT = 'lệ phí làm hộ chiếu bao nhiêu';

describe('closeness of a question to a curated one (folded text)', () => {
  const cases: { curated: string; near: string[]; far: string[] }[] = [
    {
      curated: PASSPORT,
      near: [
        'le phi lam ho chieu bao nhieu',
        'cho em hỏi lệ phí làm hộ chiếu là bao nhiêu ạ',
        'làm hộ chiếu hết bao nhiêu tiền lệ phí',
        'lệ phí hộ chiếu bn',
        'lệ phí làm hộ chiue bao nhiêu vậy',
      ],
      far: ['làm hộ chiếu ở đâu', 'hộ chiếu bị mất thì làm sao', 'lệ phí làm căn cước bao nhiêu', 'làm hộ chiếu cho con cần giấy tờ gì', 'hộ chiếu', 'lệ phí'],
    },
    {
      curated: 'xã mình có hỗ trợ làm vneid tại nhà cho người già không',
      near: ['xa minh co ho tro lam vneid tai nha cho nguoi gia ko', 'có hỗ trợ làm vneid tại nhà cho người già không ạ', 'người già có được hỗ trợ làm VNeID tại nhà không'],
      far: ['làm vneid ở đâu', 'người già không có điện thoại thì sao', 'vneid bị khóa'],
    },
    {
      curated: 'đăng ký kinh doanh hộ cá thể',
      near: ['dang ky kinh doanh ho ca the the nao', 'muốn đăng ký hộ kinh doanh cá thể'],
      far: ['đăng ký thường trú cho con', 'đăng ký tài khoản vneid', 'kinh doanh online có phải đăng ký không'],
    },
  ];
  for (const c of cases) {
    it(`"${c.curated}": near paraphrases at or above ${CLOSE_MATCH}, others below`, () => {
      const target = foldQuestion(c.curated);
      for (const q of c.near) expect(similarity(foldQuestion(q), target), q).toBeGreaterThanOrEqual(CLOSE_MATCH);
      for (const q of c.far) expect(similarity(foldQuestion(q), target), q).toBeLessThan(CLOSE_MATCH);
    });
  }
});

describe('curated content changes the next answer without a restart', () => {
  let db: TestDatabase;
  let app: SupportApp;
  let n = 0;
  const ask = (text: string) => {
    const m: IncomingMessage = { channel: 'test', chatId: `c${++n}`, userId: 'u', text };
    return app.core.handle(m);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await supportApp(db);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });
  beforeEach(async () => {
    await db.reset();
    await app.curated.reload();
  });

  it('(a) an example message makes its guide answer that kind of question', async () => {
    // Before: another guide (on waiting for a result) answers it.
    const before = await ask('em bị mất giấy hẹn trả kết quả');
    expect(before.sources?.[0]?.id).not.toBe('forgot-dossier-code');
    const e = await app.curated.addExample({ text: 'giấy hẹn trả kết quả bị mất', guideId: 'forgot-dossier-code', by: 'console:lan' });
    expect(e).toMatchObject({ kind: 'example', createdBy: 'console:lan', updatedBy: 'console:lan' });
    for (const q of ['em bị mất giấy hẹn trả kết quả', 'giay hen tra ket qua bi mat']) {
      const after = await ask(q);
      expect(after.intent, q).toBe('guide');
      expect(after.sources?.[0]?.id, q).toBe('forgot-dossier-code');
    }
    // Removed: back to what the files alone give.
    await app.curated.remove(e.id, 'console:lan');
    expect((await ask('em bị mất giấy hẹn trả kết quả')).sources?.[0]?.id).not.toBe('forgot-dossier-code');
    const history = await app.curated.history({ key: e.key });
    expect(history.map((h) => [h.action, h.actor])).toEqual([
      ['delete', 'console:lan'],
      ['create', 'console:lan'],
    ]);
  });

  it('(a) refuses an example of a guide that does not exist', async () => {
    await expect(app.curated.addExample({ text: 'abc def ghi', guideId: 'khong-co', by: 'x' })).rejects.toBeInstanceOf(CuratedInputError);
  });

  it('(b) a curated answer with its source is given for close paraphrases, not for far ones', async () => {
    const before = await ask('cho em hỏi lệ phí làm hộ chiếu là bao nhiêu ạ');
    expect(before.text).not.toContain('xã Minh Họa');
    await expect(app.curated.addAnswer({ text: PASSPORT, reply: 'Lệ phí 200.000 đồng.', sourceUrl: 'ftp://x', by: 'console:lan' })).rejects.toThrow(
      /nguồn chính thức/,
    );
    const entry = await app.curated.addAnswer({
      text: PASSPORT,
      reply: 'Tại xã Minh Họa, lệ phí cấp hộ chiếu phổ thông lần đầu là 200.000 đồng; nộp hồ sơ tại Công an tỉnh.',
      sourceUrl: 'https://dichvucong.gov.vn',
      by: 'console:lan',
    });
    const near = await ask('cho em hỏi lệ phí làm hộ chiếu là bao nhiêu ạ');
    expect(near.intent).toBe('guide');
    expect(near.text).toBe(
      'Tại xã Minh Họa, lệ phí cấp hộ chiếu phổ thông lần đầu là 200.000 đồng; nộp hồ sơ tại Công an tỉnh.\n\nNguồn: https://dichvucong.gov.vn',
    );
    expect(near.sources?.[0]).toMatchObject({ id: `curated.${entry.key}`, url: 'https://dichvucong.gov.vn' });
    // 👍/👎 work for it as for a guide.
    expect(near.buttons?.[0]?.map((b) => b.data)).toEqual([`fb:up:curated.${entry.key}`, `fb:down:curated.${entry.key}`]);
    expect((await ask('le phi lam ho chieu bao nhieu')).text).toContain('xã Minh Họa');
    expect((await ask('làm hộ chiếu ở đâu')).text).not.toContain('xã Minh Họa');
    expect((await ask('lệ phí làm căn cước bao nhiêu')).text).not.toContain('xã Minh Họa');

    const edited = await app.curated.update(entry.id, { reply: 'Xã Minh Họa: lệ phí 200.000 đồng.' }, 'console:minh');
    expect(edited).toMatchObject({ createdBy: 'console:lan', updatedBy: 'console:minh' });
    expect((await ask('le phi lam ho chieu bao nhieu')).text).toBe('Xã Minh Họa: lệ phí 200.000 đồng.\n\nNguồn: https://dichvucong.gov.vn');
  });

  it('(c) an out-of-scope mark answers with its redirect', async () => {
    const q = 'đăng ký kinh doanh hộ cá thể';
    await app.curated.markOutOfScope({
      text: q,
      reply: 'Đăng ký hộ kinh doanh do Phòng Tài chính - Kế hoạch cấp huyện/xã giải quyết; bạn liên hệ bộ phận một cửa.',
      by: 'console:lan',
    });
    const r = await ask('muốn đăng ký hộ kinh doanh cá thể');
    expect(r.intent).toBe('out_of_scope');
    expect(r.text).toContain('Phòng Tài chính - Kế hoạch');
    expect((await ask('đăng ký thường trú cho con')).text).not.toContain('Phòng Tài chính');
  });

  it('export then import into another database gives the same entries; a bad file changes nothing', async () => {
    await app.curated.addExample({ text: 'giấy hẹn trả kết quả bị mất', guideId: 'forgot-dossier-code', by: 'console:lan' });
    await app.curated.addAnswer({ text: PASSPORT, reply: 'Lệ phí 200.000 đồng.', sourceUrl: 'https://dichvucong.gov.vn', by: 'console:lan' });
    await app.curated.markOutOfScope({ text: 'vay vốn ngân hàng chính sách', reply: 'Bạn liên hệ Ngân hàng Chính sách xã hội.', by: 'console:lan' });
    const dir = mkdtempSync(join(inject('testRoot'), 'curated-'));
    expect(await exportCurated(app.curated, dir)).toEqual({ example: 1, answer: 1, out_of_scope: 1 });
    const yaml = readFileSync(join(dir, 'answers.yaml'), 'utf8');
    expect(yaml).toContain(`text: ${PASSPORT}`);
    expect(yaml).toContain('source: https://dichvucong.gov.vn');
    expect(yaml).toContain('by: console:lan');
    const exported = (await app.curated.list()).map(({ id: _i, createdAt: _c, updatedAt: _u, createdBy: _cb, updatedBy: _ub, ...e }) => e);

    const other = await createTestDatabase();
    const second = await supportApp(other);
    try {
      const r = await importCurated(second.curated, dir, 'cli:test', { knownGuide: (id) => second.curated.knowsGuide(id) });
      expect(r).toEqual({ created: 3, updated: 0, unchanged: 0, removed: 0 });
      const imported = (await second.curated.list()).map(({ id: _i, createdAt: _c, updatedAt: _u, createdBy: _cb, updatedBy: _ub, ...e }) => e);
      expect(imported).toEqual(exported);
      expect((await second.curated.list()).every((e) => e.createdBy === 'cli:test')).toBe(true);
      // In use at once in the importing process.
      const reply = await second.core.handle({ channel: 'test', chatId: 'x', userId: 'u', text: 'le phi lam ho chieu bao nhieu' });
      expect(reply.text).toContain('Lệ phí 200.000 đồng.');

      // Edited in review: updated; the same files again: unchanged.
      writeFileSync(join(dir, 'answers.yaml'), readFileSync(join(dir, 'answers.yaml'), 'utf8').replace('Lệ phí 200.000 đồng.', 'Lệ phí 200.000 đồng/lần.'));
      expect(await importCurated(second.curated, dir, 'cli:test', { knownGuide: (id) => second.curated.knowsGuide(id) })).toEqual({
        created: 0,
        updated: 1,
        unchanged: 2,
        removed: 0,
      });
      // A file with one bad entry (an example of no guide) is refused whole.
      const before = await second.curated.history();
      writeFileSync(
        join(dir, 'examples.yaml'),
        '- key: vd-moi\n  guide: forgot-dossier-code\n  text: mất phiếu hẹn\n- key: vd-sai\n  guide: khong-co-huong-dan\n  text: câu hỏi gì đó\n',
      );
      await expect(importCurated(second.curated, dir, 'cli:test', { knownGuide: (id) => second.curated.knowsGuide(id) })).rejects.toThrow(
        /examples\.yaml "vd-sai".*khong-co-huong-dan/,
      );
      expect(await second.curated.history()).toEqual(before);
      // --prune: what the files no longer have is deleted.
      writeFileSync(join(dir, 'examples.yaml'), '[]\n');
      expect(await importCurated(second.curated, dir, 'cli:test', { prune: true, knownGuide: (id) => second.curated.knowsGuide(id) })).toMatchObject({
        removed: 1,
      });
    } finally {
      await second.close();
      await other.close();
    }
  });
});

describe('curated content on answer worker threads (ANSWER_THREADS)', () => {
  it('an example reaches every worker, and a worker started later', async () => {
    const db = await createTestDatabase();
    const app = await supportApp(db, {}, undefined, 2);
    try {
      // No entry is sure of it ('app cứ quay vòng mãi không vào được', the earlier example, now has vneid-login-failed).
      const q = 'trang web quay vòng tròn mãi không hiện gì';
      const ask = (chatId: string) => app.core.handle({ channel: 'test', chatId, userId: 'u', text: q });
      expect((await ask('w0')).meta?.unsure).toBe(true);
      await app.curated.addExample({ text: q, guideId: 'error-connection-failed', by: 'console:lan' });
      // Questions alternate between the two workers: both use it.
      for (const c of ['w1', 'w2', 'w3']) expect((await ask(c)).sources?.[0]?.id, c).toBe('error-connection-failed');
    } finally {
      await app.close();
      await db.close();
    }
  }, 60_000);
});

describe('npx tro-ly-dvc curated export|import', () => {
  it('round trip through the command line', () => {
    const dataDir = templateDataDir('curated-cli');
    const dir = join(dataDir, 'files');
    const other = templateDataDir('curated-cli2');
    const mk = runCli(['curated', 'export', '--dir', dir], { dataDir });
    expect(mk.status, mk.stderr).toBe(0);
    expect(mk.stdout).toContain('0 câu hỏi mẫu');
    writeFileSync(
      join(dir, 'answers.yaml'),
      `- key: tl-le-phi-ho-chieu\n  text: ${PASSPORT}\n  reply: Lệ phí 200.000 đồng.\n  source: https://dichvucong.gov.vn\n`,
    );
    const imp = runCli(['curated', 'import', '--dir', dir, '--by', 'lan'], { dataDir: other });
    expect(imp.status, imp.stderr).toBe(0);
    expect(imp.stdout).toContain('1 mới');
    const ask = runCli(['ask', 'le phi lam ho chieu bao nhieu'], { dataDir: other });
    expect(ask.stdout).toContain('Lệ phí 200.000 đồng.');
    writeFileSync(join(dir, 'answers.yaml'), '- key: tl-x\n  text: abc def\n  reply: x\n');
    const refused = runCli(['curated', 'import', '--dir', dir], { dataDir: other });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('nguồn chính thức');
  }, 120_000);
});

describe('another process sharing the database', () => {
  it('picks up a change on its next check (watch)', async () => {
    const db = await createTestDatabase();
    const a = await supportApp(db);
    const b = await supportApp(db);
    let stop = () => {};
    try {
      await a.curated.addAnswer({ text: PASSPORT, reply: 'Xã Minh Họa: 200.000 đồng.', sourceUrl: 'https://dichvucong.gov.vn', by: 'console:lan' });
      expect(b.curated.match('le phi lam ho chieu bao nhieu')).toBeNull();
      stop = b.curated.watch(50);
      await new Promise((r) => setTimeout(r, 1000));
      expect(b.curated.match('le phi lam ho chieu bao nhieu')?.entry.reply).toBe('Xã Minh Họa: 200.000 đồng.');
    } finally {
      stop();
      await a.close();
      await b.close();
      await db.close();
    }
  });
});
