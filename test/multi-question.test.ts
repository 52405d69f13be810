import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GuideEngine } from '../src/answer/engine.ts';
import { askedItems, points } from '../src/answer/format.ts';
import { createGuideSkillFrom } from '../src/answer/guide-skill.ts';
import { KNOWLEDGE_DIR } from '../src/answer/index.ts';
import { STANDING_ADVICE } from '../src/answer/advice.ts';
import type { Core, Reply } from '../src/core/types.ts';
import { HashedFeatureEmbeddings } from '../src/retrieval/embeddings.ts';
import { loadGuides } from '../src/retrieval/guides.ts';
import { KnowledgeIndex } from '../src/retrieval/knowledge-index.ts';
import { analyze } from '../src/text/analyze.ts';
import { fold } from '../src/text/fold.ts';
import { messageParts } from '../src/text/message.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { citizenCore } from './helpers/skills.ts';

// Several questions in one message (issue 12 part 3, review 7 #5): each gets its answer. The
// messages are the review's probes and our own, not eval lines.
let engine: GuideEngine;
beforeAll(async () => {
  engine = new GuideEngine(await KnowledgeIndex.build(loadGuides(KNOWLEDGE_DIR), new HashedFeatureEmbeddings()));
});

/** The points a reply shows, by their folded labels (the intro may say some of it too). */
const labels = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('• '))
    .map((l) => fold(l.slice(2, l.indexOf(':'))));

describe('a message read as its separate asks', () => {
  it('a question naming no subject after one that borrowed borrows the same subject', () => {
    const asks = messageParts(
      'Tôi xin giấy xác nhận độc thân ở Đồng Nai có được không? Xin giấy xác nhận độc thân có mất tiền không? Phí là bao nhiêu? Mấy ngày thì lấy được giấy?',
    ).asks;
    expect(asks[3]).toMatch(/^Xin giấy xác nhận độc thân có mất tiền không\? Mấy ngày/);
  });

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
    // What to bring is a kind of answer too: "mang theo những giấy tờ gì" is about the account.
    const bring = messageParts('ông bà già rồi muốn làm định danh mức hai phải ra đâu, mang theo những giấy tờ gì');
    expect(bring.asks[1]).toMatch(/định danh mức hai.*mang theo những giấy tờ gì/);
    expect(bring.alone[1]).toBe(false);
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

describe('a rhetorical turn tells, it does not ask (review 10 F3, review 9 #1)', () => {
  // Real-shaped: an 82-year-old quoted by the press (review 10, i08) and the turns people use the
  // same way; "gì đâu mà", "làm gì có", "có … đâu", "đâu có", "bao nhiêu là" say no, not what.
  it('is no ask, with or without a question mark', () => {
    const story =
      'Từ xưa đến giờ, tôi làm gì có giấy khai sinh. Giờ cán bộ kêu phải lên ủy ban trích lục lại giấy khai sinh để cho đủ thủ tục thu thập dữ liệu quốc gia dân cư. Tôi có nhớ gì đâu mà khai';
    for (const text of [story, `${story}?`]) {
      const p = messageParts(text);
      expect(p.asks).toEqual([]);
      // What it tells is still read: "làm gì có giấy khai sinh" is the need.
      expect(p.salient).toContain('làm gì có giấy khai sinh');
    }
    for (const said of [
      'Nhà nghèo, tiền đâu mà nộp phạt.',
      'Mẹ tôi mắt kém, có biết dùng điện thoại đâu.',
      'Tôi đi lên phường 3 lần rồi, họ đâu có hướng dẫn gì.',
      'Đi bao nhiêu lần rồi mà vẫn chưa xong, mất bao nhiêu là thời gian.',
      'tôi có làm gì sai đâu ạ',
    ])
      expect(messageParts(said).questions).toEqual([]);
  });

  it('the real ask beside it is still one, and "ở đâu", "nộp đâu", "đến đâu" still ask where', () => {
    expect(messageParts('Mẹ tôi 80 tuổi, có biết dùng điện thoại đâu. Giờ làm VNeID mức 2 thì làm thế nào?').asks).toEqual([
      'Giờ làm VNeID mức 2 thì làm thế nào?',
    ]);
    expect(messageParts('Tôi có nhớ gì đâu, giấy khai sinh cấp lại ở đâu?').asks).toHaveLength(1);
    for (const where of ['Hồ sơ hộ chiếu nộp đâu?', 'Đăng ký tạm trú có làm ở đâu cũng được không?', 'hồ sơ của tôi đã đến đâu rồi?'])
      expect(messageParts(where).asks).toHaveLength(1);
    // "làm gì có thể …" asks what to do.
    expect(messageParts('Tôi phải làm gì có thể nhận lại tiền lệ phí').asks).toHaveLength(1);
  });

  it('under a right answer, the story clause is never named unanswered or out of scope', async () => {
    const a = await engine.answer(
      'Từ xưa đến giờ, tôi làm gì có giấy khai sinh. Giờ cán bộ kêu phải lên ủy ban trích lục lại giấy khai sinh để cho đủ thủ tục thu thập dữ liệu quốc gia dân cư. Tôi có nhớ gì đâu mà khai',
    );
    expect(a.outcome).toBe('answer');
    expect(fold(a.text)).toContain('khai sinh');
    expect(a.leftOver).toBeUndefined();
    expect(a.text).not.toContain('ngoài phạm vi');
  });
});

describe('a numbered list, a choice of places and a bare kind of answer are asks (review 9 #5)', () => {
  it('reads "1) … 2) … 3) …", "1. … 2. …" and "a) b)" as separate asks, an item naming no subject carrying the first one\'s', () => {
    const listed = messageParts(
      'Ông bà cho em hỏi: 1) thay đổi họ tên cho con trên giấy khai sinh làm ở đâu 2) mất bao lâu 3) có phải đổi lại căn cước cho cháu không',
    );
    expect(listed.asks).toHaveLength(3);
    expect(listed.asks[1]).toMatch(/giấy khai sinh.*mất bao lâu/);
    expect(listed.asks[1]).not.toMatch(/ở đâu/);
    expect(listed.asks[2]).toBe('có phải đổi lại căn cước cho cháu không');
    expect(messageParts('cho em hoi ve ho chieu. 1. lam o dau 2. bao lau thi co 3. het bao nhieu tien').asks).toHaveLength(3);
    expect(messageParts('a) doi cccd o dau b) dang ky tam tru can giay to gi').asks).toEqual([
      'doi cccd o dau',
      'dang ky tam tru can giay to gi',
    ]);
    // A numbered law point, or a lone "2.", is no list.
    expect(messageParts('Theo Điều 2. Luật Cư trú thì tạm trú ở đâu?').asks).toHaveLength(1);
  });

  it('a clause asking only how long or how much, or offering a choice of places, is an ask of its own', () => {
    expect(messageParts('lam ho chieu online tren vneid ntn, bao lau thi co, gia bao nhieu tien').asks).toEqual([
      'lam ho chieu online tren vneid ntn',
      'lam ho chieu online tren vneid bao lau thi co',
      'lam ho chieu online tren vneid gia bao nhieu tien',
    ]);
    const kh = messageParts('Cho tôi hỏi đăng kí kết hôn thì cần giấy tờ gì, làm ở xã nơi vợ hay nơi chồng, có mất phí không?');
    expect(kh.asks).toHaveLength(3);
    // The subject carried is the procedure, not "cần giấy tờ".
    expect(kh.asks[1]).toBe('Cho tôi hỏi đăng kí kết hôn làm ở xã nơi vợ hay nơi chồng');
    expect(
      messageParts('đăng ký xe máy mới mua ở đại lý thì có phải lên công an tỉnh ko hay ở xã cũng dc, biển số có được giữ lại khi bán xe ko').asks,
    ).toHaveLength(2);
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

  it('three asks on one subject: each asked point is shown (review 9 #5, #6)', async () => {
    const passport = await said('lam ho chieu online tren vneid ntn, bao lau thi co, gia bao nhieu tien');
    expect(passport.text).toMatch(/ngay lam viec/);
    expect(labels(passport.a.text).some((l) => /^le phi/.test(l))).toBe(true);
    const marriage = await said('Cho tôi hỏi đăng kí kết hôn thì cần giấy tờ gì, làm ở xã nơi vợ hay nơi chồng, có mất phí không?');
    const shown = labels(marriage.a.text);
    expect(shown).toContain('dang ky o dau');
    expect(shown).toContain('le phi');
    expect(shown.some((l) => /giay to|ho so/.test(l))).toBe(true);
  });

  it('a letter\'s asks for the fee and the time get their points, however long the story around them', async () => {
    const letter = await said(
      'Chào anh chị, tôi sắp cưới vợ nhưng đang làm công nhân ở Đồng Nai, hộ khẩu thường trú vẫn ở Thanh Hóa. Tôi xin giấy xác nhận độc thân ở Đồng Nai có được không? Xin giấy xác nhận độc thân có mất tiền không? Phí là bao nhiêu? Mấy ngày thì lấy được giấy? Mong anh chị giải đáp, tôi cảm ơn.',
    );
    const shown = labels(letter.a.text);
    expect(shown.some((l) => /o dau/.test(l))).toBe(true);
    expect(shown.some((l) => /^le phi/.test(l))).toBe(true);
    expect(shown.some((l) => /^thoi han/.test(l))).toBe(true);
    // "anh chị" of "Chào anh chị" is in the body of "Không tự đi xin được: … anh, chị, em ruột", not the trouble it names.
    expect(letter.a.text).not.toMatch(/👉/u);
  });

  it('the plate ask after the registration ask gets its part', async () => {
    const { a } = await said(
      'đăng ký xe máy mới mua ở đại lý thì có phải lên công an tỉnh ko hay ở xã cũng dc, biển số có được giữ lại khi bán xe ko',
    );
    expect(a.sources.map((s) => s.id)).toContain('fact-xe-bien-so-dinh-danh');
  });

  it('someone abroad gets the abroad point first (review 9 #6)', async () => {
    const firstPoint = (t: string) => fold(t.split('\n').find((l) => l.startsWith('• ')) ?? '');
    const abroad = await said('con trai toi dang o han quoc, ho chieu het han thi lam lai o dau');
    expect(firstPoint(abroad.a.text)).toMatch(/nuoc ngoai/);
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

// Asks the reply does not answer are said, not dropped (issue 12 part 3: "each answered (up to
// three), or a numbered choice of them"). Through the core, as a citizen's chat runs.
describe('asks left over, through the core', () => {
  let db: TestDatabase;
  let core: Core;
  let chatNo = 0;
  let chatId = 'm0';
  beforeAll(async () => {
    db = await createTestDatabase();
    core = citizenCore(db, createGuideSkillFrom({ engine, db: db.kysely }));
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.reset();
    chatId = `m${++chatNo}`;
  });
  const say = (text: string): Promise<Reply> => core.handle({ channel: 'test', chatId, userId: 'u1', text });
  const datas = (r: Reply) => (r.buttons ?? []).flat().map((b) => b.data);
  const guideChoices = (r: Reply) => datas(r).filter((d) => d.startsWith('guide:'));

  it('four asks: three answered, the fourth offered as a choice a digit picks', async () => {
    const r = await say('cho toi hoi 4 viec: dang ky tam tru o dau, lam ho chieu mat bao lau, doi cccd het bao nhieu tien, quen mat khau vneid thi lam sao');
    expect(r.intent).toBe('guide');
    expect(r.sources).toHaveLength(3);
    const offered = guideChoices(r).map((d) => d.slice('guide:'.length));
    expect(offered.length).toBeGreaterThan(0);
    // Offered entries are not among the answered ones, and the text names them.
    for (const id of offered) {
      expect(r.sources!.map((s) => s.id)).not.toContain(id);
      expect(r.text).toContain(`• ${engine.guide(id)!.title}`);
    }
    expect(r.text).toMatch(/^Tin nhắn của bạn có 4 ý; tôi trả lời 3 ý trước/);
    expect(r.text).toContain('Bạn còn hỏi thêm, chọn bên dưới để xem:');
    // Every ask is in the reply, answered or offered.
    const said = fold(r.text);
    for (const subject of ['tam tru', 'ho chieu', 'can cuoc', 'mat khau']) expect(said).toContain(subject);
    // A channel without buttons numbers them; the choices come first, so "1" is the first offered.
    const picked = await say('1');
    expect(picked.intent).toBe('guide');
    expect(picked.sources?.[0]?.id).toBe(offered[0]);
  });

  it('an ask no entry answers is named, with where to ask, under the answer to the other', async () => {
    const r = await say('doi cccd o dau, nuoi ca canh can giay phep gi');
    expect(r.intent).toBe('guide');
    expect(r.text).toContain('Riêng ý "nuoi ca canh can giay phep gi": tôi chưa có hướng dẫn');
    expect(STANDING_ADVICE.some((advice) => r.text.endsWith(advice))).toBe(true);
    // The answered ask keeps its answer.
    expect(fold(r.text)).toMatch(/can cuoc/);
  });

  it('an ask of our field is never told "no guide": its guess is offered, or the doubt is said as one (review 9 #1)', async () => {
    // Asked alone, the first ask gets a guess (the level-2 entry, or the elderly one): it is answered
    // or offered, never called unanswered.
    const level2 = await say('toi 62 tuoi o que, muon len muc 2 vneid thi phai lam sao, co mat tien ko');
    expect(level2.text).not.toContain('chưa có hướng dẫn');
    expect(level2.sources!.length + guideChoices(level2).length).toBeGreaterThanOrEqual(2);
    expect(fold(level2.text)).toMatch(/muc 2[^\n]*cong an cap xa/);
    // The tracking guide answers the message; its story clause is at most a doubt, never "not our field".
    const tracking = await say('toi nop ho so roi ma ko biet no toi dau, tra cuu ntn');
    expect(tracking.sources?.[0]?.id).toBe('track-dossier-status');
    expect(tracking.text).not.toContain('chưa có hướng dẫn');
    expect(tracking.text).not.toContain('ngoài phạm vi');
  });

  it('an ask about the subject before it, or a letter\'s greeting and plea, is not called unanswered', async () => {
    const borrowed = await say(
      'Bà ngoại tôi 80 tuổi đi lại khó khăn, làm thủ tục xong có cách nào để người ta gửi giấy tờ kết quả về tận nhà không, cần khai gì?',
    );
    expect(borrowed.text).not.toContain('Riêng ý');
    const letter = await say(
      'Chào luật sư ạ. Trước đây em có hộ khẩu thường trú ở Thanh Hóa, mua xe máy mang biển số Thanh Hóa. Nay em đã chuyển hộ khẩu vào Bình Dương và muốn đổi biển số xe sang Bình Dương. Em cần làm những thủ tục gì ạ? Mong luật sư trả lời giúp em, em cảm ơn.',
    );
    expect(letter.text).not.toContain('Riêng ý');
    expect(guideChoices(letter)).toEqual([]);
  });
});
