import { describe, expect, it } from 'vitest';
import { GuideEngine } from '../src/answer/engine.ts';
import { KNOWLEDGE_DIR } from '../src/answer/index.ts';
import { HashedFeatureEmbeddings } from '../src/retrieval/embeddings.ts';
import { loadGuides } from '../src/retrieval/guides.ts';
import { KnowledgeIndex } from '../src/retrieval/knowledge-index.ts';
import { stripDiacritics } from '../src/text/fold.ts';
import { MarkRestorer } from '../src/text/marks.ts';

describe('putting the marks back on a message typed without them', () => {
  const small = new MarkRestorer([
    'Đăng ký khai sinh cho con tại Ủy ban nhân dân xã.',
    'Tôi muốn làm thẻ căn cước cho con.',
    'Đang chờ kết quả, tôi đăng ký lại được không?',
  ]);

  it('takes the likeliest form of each syllable from the pairs the texts write', () => {
    expect(small.read('toi muon dang ky khai sinh cho con').text).toBe('tôi muốn đăng ký khai sinh cho con');
    // "dang" is "đăng" before "ký" and "đang" before "chờ": the pair decides, not the commoner form.
    expect(small.read('dang cho ket qua').text).toBe('đang chờ kết quả');
  });

  it('keeps the case and spelling as typed, so stripping the marks gives the message back', () => {
    for (const typed of ['Toi muon lam the CAN CUOC cho con', 'dang ki khai sinh, qui dinh the nao?', 'xin chao 2026 abc']) {
      const restored = small.read(typed).text;
      expect(stripDiacritics(restored)).toBe(typed);
    }
    expect(small.read('Toi muon lam the CAN CUOC').text).toBe('Tôi muốn làm thẻ CĂN CƯỚC');
    // A syllable the texts never write stays as typed, and breaks the chain of pairs.
    expect(small.read('toi muon xyz lam the').text).toBe('tôi muốn xyz làm thẻ');
  });

  it('leaves a message typed with any mark as it is: the marks there are the writer’s choice', () => {
    expect(small.read('Toi muốn dang ky').text).toBe('Toi muốn dang ky');
  });

  it('spells out chat abbreviations in the marked words their context makes likeliest, and gives any part back as typed', () => {
    const r = new MarkRestorer([
      'Hồ sơ đăng ký khai sinh nộp được không?',
      'Không được nộp hồ sơ qua mạng.',
      'Số điện thoại của bạn.',
    ]);
    const typed = 'Hs đk khai sinh nộp dc ko? Sđt của bạn';
    const reading = r.read(typed);
    expect(reading.text).toBe('Hồ sơ đăng ký khai sinh nộp được không? Số điện thoại của bạn');
    expect(reading.typed('Hồ sơ đăng ký khai sinh nộp được không?')).toBe('Hs đk khai sinh nộp dc ko?');
    expect(reading.typed('nộp được không')).toBe('nộp dc ko');
    expect(reading.typed('Số điện thoại của bạn')).toBe('Sđt của bạn');
    // Typed without marks: the same, and the marks around them put back.
    const plain = r.read('hs dk khai sinh nop dc ko');
    expect(plain.text).toBe('hồ sơ đăng ký khai sinh nộp được không');
    expect(plain.typed('khai sinh nộp được')).toBe('khai sinh nop dc');
    // "ạ" is not the abbreviation "a" (anh), nor is an acronym the entries write (CCCD) spelt out.
    expect(r.read('nộp được không ạ, CCCD').text).toBe('nộp được không ạ, CCCD');
  });

  it('an unseen pair falls back on how many words a syllable follows and precedes (Kneser–Ney), not on how often it occurs', () => {
    const r = new MarkRestorer([
      'Mở tài khoản.',
      'Số tài khoản.',
      'Các tài khoản.',
      'Khóa tài khoản.',
      'Nộp tại xã.',
      'Ở tại nhà.',
      'Làm tại phường.',
      'Nước Mỹ.',
      'Người dân.',
    ]);
    // "tài" occurs more often, but only ever before "khoản"; "tại" comes before many words.
    expect(r.read('nguoi tai My').text).toBe('người tại Mỹ');
    expect(r.read('nguoi tai khoan').text).toBe('người tài khoản');
  });

  it('a plain-typed message is searched as its marked twin, and the reply quotes the writer’s own words', async () => {
    const index = await KnowledgeIndex.build(loadGuides(KNOWLEDGE_DIR), new HashedFeatureEmbeddings());
    const marked = await index.search('đăng ký khai sinh cho con online ở đâu');
    const plain = await index.search('dang ky khai sinh cho con online o dau');
    expect(plain.hits[0]!.guide.id).toBe(marked.hits[0]!.guide.id);
    // The exact-form signal is back: before, a plain message's lexical score was only scaled.
    expect(plain.hits[0]!.lexical).toBeCloseTo(marked.hits[0]!.lexical, 6);

    const engine = new GuideEngine(index);
    // Read with marks ("nuôi cá cảnh cần giấy phép gì"), quoted as typed.
    const a = await engine.answer('doi cccd o dau, nuoi ca canh can giay phep gi');
    expect(a.leftOver?.unmatched.map((u) => u.ask)).toEqual(['nuoi ca canh can giay phep gi']);
  });

  it('reads chat words the entries never write: "cảm thấy", not "cấm thay"; "họ nói", not "hộ nơi"', async () => {
    const index = await KnowledgeIndex.build(loadGuides(KNOWLEDGE_DIR), new HashedFeatureEmbeddings());
    expect(index.read('toi cam thay rat lo').text).toBe('tôi cảm thấy rất lo');
    expect(index.read('ho noi toi phai cho them').text).toBe('họ nói tôi phải chờ thêm');
    expect(index.read('vay toi phai lam sao a').text).toBe('vậy tôi phải làm sao ạ');
  });
});
