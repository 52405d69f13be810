import { beforeAll, describe, expect, it } from 'vitest';
import { GuideEngine } from '../src/answer/engine.ts';
import { askedItems, points } from '../src/answer/format.ts';
import { KNOWLEDGE_DIR } from '../src/answer/index.ts';
import { HashedFeatureEmbeddings } from '../src/retrieval/embeddings.ts';
import { loadGuides } from '../src/retrieval/guides.ts';
import { KnowledgeIndex } from '../src/retrieval/knowledge-index.ts';
import { analyze } from '../src/text/analyze.ts';
import { fold } from '../src/text/fold.ts';
import { messageParts } from '../src/text/message.ts';

// Several questions in one message (issue 12 part 3, review 7 #5): each gets its answer. The
// messages are the review's probes and our own, not eval lines.
let engine: GuideEngine;
beforeAll(async () => {
  engine = new GuideEngine(await KnowledgeIndex.build(loadGuides(KNOWLEDGE_DIR), new HashedFeatureEmbeddings()));
});

describe('a message read as its separate asks', () => {
  it('splits a sentence at a comma or "với lại" where each side asks about something', () => {
    expect(messageParts('so ho khau giay con gia tri ko, xac nhan cu tru lay o dau').asks).toEqual([
      'so ho khau giay con gia tri ko',
      'xac nhan cu tru lay o dau',
    ]);
    expect(messageParts('quên mật khẩu vneid thì làm sao với lại đổi số điện thoại được không').asks).toHaveLength(2);
  });

  it('a clause naming no subject carries the first ask\'s subject, not its question words', () => {
    expect(messageParts('lam ho chieu online mat bao lau, le phi bao nhieu').asks).toEqual([
      'lam ho chieu online mat bao lau',
      'lam ho chieu online le phi bao nhieu',
    ]);
    expect(messageParts('xin lý lịch tư pháp online được không, bao lâu thì có kết quả').asks[1]).toBe(
      'xin lý lịch tư pháp online bao lâu thì có kết quả',
    );
  });

  it('does not split a greeting, a context clause, an alternative or a citation', () => {
    expect(messageParts('Cho hỏi, làm căn cước ở đâu?').asks).toHaveLength(1);
    expect(messageParts('con tôi 15 tuổi, làm căn cước ở đâu').asks).toEqual(['con tôi 15 tuổi, làm căn cước ở đâu']);
    expect(messageParts('Làm căn cước tại Đại sứ quán được không, hay phải về nước?').asks).toHaveLength(1);
    expect(
      messageParts('Nhà 2 tầng có phải xin giấy phép theo Điểm k, Khoản 2, Điều 89 Luật Xây dựng không?').asks,
    ).toHaveLength(1);
    // "đầu" (head) is not "đâu" (where): a story's clause does not become a question.
    expect(messageParts('Tôi bị đánh vào đầu, giờ muốn tố cáo thì gửi đơn về đâu?').asks).toHaveLength(1);
  });
});

describe('each ask answered', () => {
  const said = async (text: string) => {
    const a = await engine.answer(text);
    return { a, text: fold(a.text) };
  };

  it('two asks on two entries: each its part (the old household book, then where to get a residence paper)', async () => {
    const { a, text } = await said('so ho khau giay con gia tri ko, xac nhan cu tru lay o dau');
    expect(a.sources.length).toBe(2);
    expect(text).toMatch(/het gia tri/);
    expect(text).toMatch(/cong an cap xa/);
  });

  it('an ask on a subject the whole message did not rank still gets its part when sure of it', async () => {
    const { a, text } = await said('doi bang lai xe may A1 co can doi ko? con ho chieu het han thi lam lai online duoc ko');
    expect(a.sources.length).toBe(2);
    expect(text).toMatch(/ho chieu/);
    // The licence part keeps the sentence its ask is about.
    expect(text).toMatch(/a1, a, b1 khong (?:co )?thoi han/);
  });

  it('parts come in the order they were asked', async () => {
    const { a, text } = await said('vneid muc 2 la gi, lam mat bao nhieu tien');
    expect(a.sources.length).toBe(2);
    expect(text).toMatch(/mien phi/);
    expect(text.indexOf('muc do 2')).toBeGreaterThan(-1);
    expect(text.indexOf('muc do 2')).toBeLessThan(text.indexOf('mien phi'));
  });

  it('two asks on one entry put the point each asks about first', () => {
    const guide = engine.guide('service-dang-ky-thuong-tru');
    expect(guide).toBeDefined();
    const items = points(guide!);
    const fee = items.findIndex((x) => /^Lệ phí/u.test(x));
    const time = items.findIndex((x) => /^Thời hạn/u.test(x));
    expect(fee).toBeGreaterThanOrEqual(0);
    expect(time).toBeGreaterThanOrEqual(0);
    const ask = (s: string) => analyze(s).folded;
    const ranked = askedItems(guide!, items, ask('đăng ký thường trú lệ phí thời hạn giải quyết'), [
      ask('đăng ký thường trú lệ phí'),
      ask('đăng ký thường trú thời hạn giải quyết'),
    ]);
    expect(ranked.slice(0, 2).sort()).toEqual([fee, time].sort());
  });
});
