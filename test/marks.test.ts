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
    expect(small.restoreText('toi muon dang ky khai sinh cho con')).toBe('tôi muốn đăng ký khai sinh cho con');
    // "dang" is "đăng" before "ký" and "đang" before "chờ": the pair decides, not the commoner form.
    expect(small.restoreText('dang cho ket qua')).toBe('đang chờ kết quả');
  });

  it('keeps the case and spelling as typed, so stripping the marks gives the message back', () => {
    for (const typed of ['Toi muon lam the CAN CUOC cho con', 'dang ki khai sinh, qui dinh the nao?', 'xin chao 2026 abc']) {
      const restored = small.restoreText(typed);
      expect(stripDiacritics(restored)).toBe(typed);
    }
    expect(small.restoreText('Toi muon lam the CAN CUOC')).toBe('Tôi muốn làm thẻ CĂN CƯỚC');
    // A syllable the texts never write stays as typed, and breaks the chain of pairs.
    expect(small.restoreText('toi muon xyz lam the')).toBe('tôi muốn xyz làm thẻ');
  });

  it('leaves a message typed with any mark as it is: the marks there are the writer’s choice', () => {
    expect(small.restoreText('Toi muốn dang ky')).toBe('Toi muốn dang ky');
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
    expect(r.restoreText('nguoi tai My')).toBe('người tại Mỹ');
    expect(r.restoreText('nguoi tai khoan')).toBe('người tài khoản');
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
});
