import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GuideEngine } from '../src/answer/engine.ts';
import { formatAnswer, leavesOut, points, steps } from '../src/answer/format.ts';
import { createGuideSkillFrom } from '../src/answer/guide-skill.ts';
import { KNOWLEDGE_DIR } from '../src/answer/index.ts';
import type { Core, IncomingMessage, Reply } from '../src/core/types.ts';
import { HashedFeatureEmbeddings } from '../src/retrieval/embeddings.ts';
import { type Guide, loadGuides } from '../src/retrieval/guides.ts';
import { KnowledgeIndex } from '../src/retrieval/knowledge-index.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { citizenCore } from './helpers/skills.ts';

/** Markdown as the entry's file has it, without the marks a chat would show raw. */
const unmarked = (t: string) => t.replace(/\*\*(.+?)\*\*/g, '$1');

describe('the whole entry on request ("xem đầy đủ", review 7 #4)', () => {
  let db: TestDatabase;
  let core: Core;
  let guides: Guide[];
  let chatNo = 0;
  let chatId = 'w0';

  beforeAll(async () => {
    db = await createTestDatabase();
    guides = loadGuides(KNOWLEDGE_DIR);
    const engine = new GuideEngine(await KnowledgeIndex.build(guides, new HashedFeatureEmbeddings()));
    core = citizenCore(db, createGuideSkillFrom({ engine, db: db.kysely }));
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.reset();
    chatId = `w${++chatNo}`;
  });

  const say = (text: string, extra: Partial<IncomingMessage> = {}): Promise<Reply> =>
    core.handle({ channel: 'test', chatId, userId: 'u1', text, ...extra });
  const press = (data: string) => say('', { callbackData: data });
  const datas = (r: Reply) => (r.buttons ?? []).flat().map((b) => b.data);

  /** What the whole entry must show: title, every point and step whole, every source, the date checked. */
  function expectWhole(text: string, g: Guide) {
    expect(text.startsWith(g.title)).toBe(true);
    for (const p of points(g)) expect(text, p.slice(0, 60)).toContain(p);
    for (const s of steps(g)) expect(text).toContain(s);
    for (const u of g.sources) expect(text).toContain(u);
    const [y, m, d] = g.updated.split('-');
    expect(text).toContain(`Nguồn (đối chiếu ngày ${d}/${m}/${y}):`);
    expect(text).not.toMatch(/\*\*|^\|/m);
    expect(text.normalize('NFC')).toBe(text);
  }

  it('a card answer offers the whole entry; the button and typed words show every point whole with its sources', async () => {
    const g = guides.find((x) => x.id === 'service-dang-ky-tam-tru')!;
    // (The fee question this used once now finds the residence-fee fact, which answers it better.)
    const short = await say('dang ky tam tru online can giay to gi');
    expect(short.sources?.[0]?.id).toBe(g.id);
    expect(short.text.length).toBeLessThanOrEqual(1200);
    // The short reply leaves part of this long card out, so it offers the rest.
    expect(points(g).every((p) => short.text.includes(p))).toBe(false);
    expect(datas(short)).toContain('card:full');

    const pressed = await press('card:full');
    expect(pressed.intent).toBe('guide');
    expectWhole(pressed.text, g);
    // Every point of the entry's file, word for word (markdown marks aside), legal references kept.
    const body = g.sections.find((s) => s.heading === 'Nội dung chính')!.body;
    const fee = unmarked(
      body
        .split('\n')
        .find((l) => l.includes('Lệ phí và khi nào nộp'))!
        .replace(/^- /, ''),
    );
    expect(pressed.text).toContain(`• ${fee}`);
    expect(pressed.text).toMatch(/Thông tư 75\/2022\/TT-BTC/);
    expect(pressed.sources?.map((s) => s.id)).toEqual([g.id]);

    for (const typed of ['xem đầy đủ', 'xem day du', 'Xem tất cả', 'đọc hết', 'chi tiết hơn']) {
      const r = await say(typed);
      expect(r.text, typed).toBe(pressed.text);
    }
  });

  it('works for a how-to after its answer too, with its step-by-step button', async () => {
    await say('quên passcode vneid');
    const row = await db.kysely
      .selectFrom('chats')
      .select('last_guide_id as id')
      .where('chat_id', '=', chatId)
      .executeTakeFirst();
    const g = guides.find((x) => x.id === row!.id)!;
    const r = await say('xem tất cả các bước');
    expectWhole(r.text, g);
    expect(r.text).toMatch(/^1\. /m);
    if (steps(g).length > 1) expect(datas(r)).toContain('step:next');
  });

  it("a redirect cut to a screen offers its whole entry too, without becoming the chat's guide", async () => {
    const first = await say('quên passcode vneid');
    const guideId = first.sources![0]!.id;
    const r = await say('ly hôn đơn phương nộp đơn ở đâu');
    expect(r.intent).toBe('out_of_scope');
    const g = guides.find((x) => x.id === r.sources?.[0]?.id)!;
    expect(g.kind).toBe('redirect');
    expect(datas(r)).toContain('card:full');
    const more = await say('xem thêm');
    expectWhole(more.text, g);
    // Step walking and follow-ups stay with the last sure answer.
    expect(datas(more)).not.toContain('step:next');
    const row = await db.kysely
      .selectFrom('chats')
      .select('last_guide_id as id')
      .where('chat_id', '=', chatId)
      .executeTakeFirst();
    expect(row!.id).toBe(guideId);
  });

  it('asks for a question first when nothing was answered yet', async () => {
    for (const typed of ['xem đầy đủ', 'chi tiết hơn']) {
      const r = await say(typed);
      expect(r.intent).toBe('guide');
      expect(r.text).toMatch(/^Bạn muốn xem đầy đủ bài hướng dẫn nào\? Hãy gõ câu hỏi trước/);
      expect(datas(r)[0]).toMatch(/^topic:/);
    }
    const pressed = await press('card:full');
    expect(pressed.text).toMatch(/^Bạn muốn xem đầy đủ/);
  });

  it('offers the whole entry only when the short reply left part of it out', async () => {
    const cards = guides.filter((x) => x.kind !== 'guide' && x.kind !== 'redirect');
    const whole = cards.find((x) => !leavesOut(x, formatAnswer({ guide: x })));
    const cut = cards.find((x) => leavesOut(x, formatAnswer({ guide: x })));
    expect(whole && cut).toBeTruthy();
    expect(datas(await press(`guide:${whole!.id}`))).not.toContain('card:full');
    expect(datas(await press(`guide:${cut!.id}`))).toContain('card:full');
  });
});
