import { describe, expect, it } from 'vitest';
import { abbreviation, expandAbbreviations } from '../src/text/abbreviations.ts';
import { analyze, joinedSyllables, syllableForms } from '../src/text/analyze.ts';
import { fold, lowerNfc, nfc, stripDiacritics } from '../src/text/fold.ts';
import { aboutAnotherPlatform } from '../src/text/platforms.ts';
import { gaveIdAway, lostToScam, threatened } from '../src/text/scam.ts';
import { STOPWORDS, contentTokens, typedContent } from '../src/text/stopwords.ts';
import { mentionsOurField, specificFieldPhrases } from '../src/text/platforms.ts';
import { addSynonyms, isSynonymWord } from '../src/text/synonyms.ts';
import { bigrams, charNgrams, isVietnameseSyllable, originalSyllables, syllables } from '../src/text/syllables.ts';
import { correctTypos, TypoCorrector } from '../src/text/typos.ts';
import { casesTold } from '../src/text/cases.ts';
import { GuideEngine } from '../src/answer/engine.ts';
import { KNOWLEDGE_DIR } from '../src/answer/index.ts';
import { HashedFeatureEmbeddings } from '../src/retrieval/embeddings.ts';
import { loadGuides } from '../src/retrieval/guides.ts';
import { KnowledgeIndex } from '../src/retrieval/knowledge-index.ts';

describe('nfc and folding', () => {
  it('composes decomposed input', () => {
    const decomposed = 'Đăng ký'.normalize('NFD');
    expect(decomposed).not.toBe('Đăng ký');
    expect(nfc(decomposed)).toBe('Đăng ký');
  });

  it('folds case and every Vietnamese diacritic, đ → d', () => {
    expect(fold('  ĐĂNG   Ký  Định danh ')).toBe('dang ky dinh danh');
    expect(fold('ỷ ữ ộ ờ ặ ế ự ĩ ọ ẵ')).toBe('y u o o a e u i o a');
    expect(fold('Đường đi')).toBe('duong di');
    expect(fold('Đăng ký'.normalize('NFD'))).toBe('dang ky');
  });

  it('strips diacritics but keeps case; lowerNfc keeps diacritics', () => {
    expect(stripDiacritics('Đăng Ký VNeID')).toBe('Dang Ky VNeID');
    expect(lowerNfc('Đăng  KÝ'.normalize('NFD'))).toBe('đăng ký');
  });
});

describe('spelling variants: i/y and tone placement', () => {
  it.each([
    ['Đăng kí', 'Đăng ký', 'dang ky', 'đăng ký'],
    ['lí do', 'lý do', 'ly do', 'lý do'],
    ['nước Mĩ', 'nước Mỹ', 'nuoc my', 'nước mỹ'],
    ['tỉ lệ', 'tỷ lệ', 'ty le', 'tỷ lệ'],
    ['bác sĩ', 'bác sỹ', 'bac sy', 'bác sỹ'],
    ['qui định', 'quy định', 'quy dinh', 'quy định'],
    ['KÌ HẠN', 'kỳ hạn', 'ky han', 'kỳ hạn'],
    ['hoà giải', 'hòa giải', 'hoa giai', 'hòa giải'],
    ['thuỷ lợi', 'thủy lợi', 'thuy loi', 'thủy lợi'],
    ['uỷ ban', 'ủy ban', 'uy ban', 'ủy ban'],
    ['sức khoẻ', 'sức khỏe', 'suc khoe', 'sức khỏe'],
    ['hoá đơn', 'hóa đơn', 'hoa don', 'hóa đơn'],
  ])('%s and %s give one folded and one original form', (a, b, folded, original) => {
    expect(fold(a)).toBe(folded);
    expect(fold(b)).toBe(folded);
    expect(lowerNfc(a)).toBe(original);
    expect(lowerNfc(b)).toBe(original);
    expect(analyze(a)).toEqual(analyze(b));
  });

  it('leaves alone what has one spelling: other onsets, a bare y, y inside a rhyme, a coda, qu + y', () => {
    for (const w of ['thi', 'khi', 'chi', 'vi', 'hi', 'y', 'tay', 'tây', 'tuy', 'quyết', 'kyc', 'wifi', 'tiki', '5ki'])
      expect(fold(w), w).toBe(stripDiacritics(w).toLowerCase());
    expect(fold('vì sao')).toBe('vi sao');
    expect(fold('y tế')).toBe('y te');
    expect(lowerNfc('ý kiến')).toBe('ý kiến');
    expect(lowerNfc('hoàng')).toBe('hoàng');
    expect(lowerNfc('thuyết')).toBe('thuyết');
    expect(lowerNfc('quý')).toBe('quý');
    expect(lowerNfc('quà')).toBe('quà');
    expect(lowerNfc('mùa')).toBe('mùa');
  });

  it('is idempotent, so tables folded once stay folded', () => {
    for (const w of ['Đăng kí', 'hoà', 'qui', 'thuỷ', 'lí lịch tư pháp']) {
      expect(fold(fold(w))).toBe(fold(w));
      expect(lowerNfc(lowerNfc(w))).toBe(lowerNfc(w));
    }
  });

  it('"Đăng kí khai sinh online tại đâu?" gets the same answer as its "ký" twin', async () => {
    const engine = new GuideEngine(await KnowledgeIndex.build(loadGuides(KNOWLEDGE_DIR), new HashedFeatureEmbeddings()));
    for (const [a, b] of [
      ['Đăng kí khai sinh online tại đâu?', 'Đăng ký khai sinh online tại đâu?'],
      ['lí lịch tư pháp làm online thế nào', 'lý lịch tư pháp làm online thế nào'],
      ['chữ kí số là gì', 'chữ ký số là gì'],
      ['Hoà giải tranh chấp đất', 'Hòa giải tranh chấp đất'],
    ]) {
      const [x, y] = [await engine.answer(a!), await engine.answer(b!)];
      expect(x.search.tokens, a).toEqual(y.search.tokens);
      expect(x.guide?.id ?? null, a).toBe(y.guide?.id ?? null);
      expect(x.text, a).toBe(y.text);
      expect(x.confidence, a).toBeCloseTo(y.confidence, 12);
    }
  });

  it('"khai tử", "xe máy … nổ" typed with marks are content words, matched by the entries that write them so', async () => {
    const index = await KnowledgeIndex.build(loadGuides(KNOWLEDGE_DIR), new HashedFeatureEmbeddings());
    const death = await index.search('Đăng ký khai tử online ở đâu?');
    expect(death.contentTokens).toContain('tu');
    expect(death.hits[0]!.guide.title).toMatch(/khai tử/i);
    // Folded, "máy", "đề", "nổ" were "mấy", "để", "nó": the question was all "xe" and covered by any vehicle card.
    const engine = new GuideEngine(index);
    const bike = await engine.answer('xe máy đề không nổ phải làm sao');
    expect(bike.search.contentTokens).toEqual(expect.arrayContaining(['may', 'de', 'no']));
    expect(bike.outcome).not.toBe('answer');
    // "tủ" is not "từ": no entry writes "tủ lạnh", so nothing covers it.
    expect((await engine.answer('tủ lạnh không lạnh')).outcome).not.toBe('answer');
  });
});

describe('abbreviations', () => {
  it.each([
    ['ko', 'khong'],
    ['k', 'khong'],
    ['dc', 'duoc'],
    ['dk', 'dang ky'],
    ['sdt', 'so dien thoai'],
    ['mk', 'mat khau'],
    ['tk', 'tai khoan'],
    ['hs', 'ho so'],
    ['ntn', 'nhu the nao'],
  ])('%s → %s (replaced)', (short, words) => {
    expect(abbreviation(short)).toEqual({ words, keep: false });
  });

  it.each([
    ['cccd', 'can cuoc cong dan'],
    ['gplx', 'giay phep lai xe'],
    ['bhyt', 'bao hiem y te'],
    ['dvc', 'dich vu cong'],
    ['lltp', 'ly lich tu phap'],
    ['gcndk', 'giay chung nhan dang ky'],
    ['tcxh', 'tro cap xa hoi'],
  ])('%s → %s (acronym kept)', (short, words) => {
    expect(abbreviation(short)).toEqual({ words, keep: true });
  });

  it('expands a folded chat message, with đ-forms (đc, đk, sđt) folded first', () => {
    expect(expandAbbreviations(syllables('vneid ko nhận đc mã, sđt đk rồi'))).toEqual(
      'vneid khong nhan duoc ma so dien thoai dang ky roi'.split(' '),
    );
    expect(expandAbbreviations(['cccd', 'gan', 'chip'])).toEqual(['cccd', 'can', 'cuoc', 'cong', 'dan', 'gan', 'chip']);
    expect(expandAbbreviations(['be', '12t'])).toEqual(['be', '12', 'tuoi']);
    expect(expandAbbreviations(['vneid', 'muc', '2'])).toEqual(['vneid', 'muc', '2']);
  });
});

describe('syllables and bigrams', () => {
  it('splits on spaces and punctuation', () => {
    expect(syllables('Vào dichvucong.gov.vn, đăng nhập!')).toEqual(['vao', 'dichvucong', 'gov', 'vn', 'dang', 'nhap']);
    expect(originalSyllables('Vào Cổng DVC')).toEqual(['vào', 'cổng', 'dvc']);
    expect(syllables('')).toEqual([]);
  });

  it('pairs adjacent syllables', () => {
    expect(bigrams(['dang', 'ky', 'vneid'])).toEqual(['dang_ky', 'ky_vneid']);
    expect(bigrams(['mot'])).toEqual([]);
  });

  it('makes boundary-marked character n-grams', () => {
    expect(charNgrams(['hoat'], 3)).toEqual(['#ho', 'hoa', 'oat', 'at#']);
    expect(charNgrams(['a'], 3)).toEqual(['#a#']);
  });

  it('analyze gives the three forms lexical search indexes', () => {
    const a = analyze('Quên MK tài khoản');
    expect(a.original).toEqual(['quên', 'mk', 'tài', 'khoản']);
    expect(a.folded).toEqual(['quen', 'mat', 'khau', 'tai', 'khoan']);
    expect(a.bigrams).toEqual(['quen_mat', 'mat_khau', 'khau_tai', 'tai_khoan']);
  });
});

describe('typos and stopwords', () => {
  const vocab = new Set(['kich', 'hoat', 'khuon', 'mat', 'tai', 'khoan', 'vneid']);

  it('maps a misspelt syllable to the vocabulary word one edit away', () => {
    expect(correctTypos(['kich', 'haot', 'khuan', 'mat'], vocab)).toEqual(['kich', 'hoat', 'khuon', 'mat']);
    expect(correctTypos(['vnied'], vocab)).toEqual(['vneid']);
  });

  it('never turns a function word into a content word, paired or not', () => {
    // "mình nghe nói" typed plain: no text pairs "mình nghe", many "tình trạng" and "tình nghe" none.
    const pairs = new Map([['tinh_nghe', 1]]);
    const corrector = new TypoCorrector(new Set(['minh', 'tinh', 'nghe', 'noi']), (a, b) => pairs.get(`${a}_${b}`) ?? 0);
    expect(corrector.correct(['minh', 'nghe', 'noi'])).toEqual(['minh', 'nghe', 'noi']);
  });

  it('leaves short, numeric and far-away words alone', () => {
    expect(correctTypos(['ma', 'bitcoin', '2025', 'tak'], vocab)).toEqual(['ma', 'bitcoin', '2025', 'tak']);
  });

  it('keeps words whose folded form is ambiguous with content (đăng/đang, mã/mà, thẻ/thế)', () => {
    for (const w of ['dang', 'ma', 'the', 'can', 'mot', 'chu']) expect(STOPWORDS.has(w)).toBe(false);
    expect(contentTokens(['lam', 'sao', 'quen', 'mat', 'khau'])).toEqual(['quen', 'mat', 'khau']);
  });

  it('a word typed with marks that folds to a stopword is content unless typed as the function word', () => {
    const read = (text: string) => typedContent(originalSyllables(text));
    const tu = read('Đăng ký khai tử cho bố ở đâu?');
    expect([...tu.words]).toEqual(['tu']);
    expect(tu.pairs.has('khai_tu')).toBe(true);
    expect([...tu.forms.get('tu')!]).toEqual(['tử']);
    expect([...read('xe máy đề không nổ').words].sort()).toEqual(['de', 'may', 'no']);
    expect([...read('làm sổ đỏ ở bộ phận một cửa').words].sort()).toEqual(['cua', 'do']);
    // The function words themselves, and the spoken forms ("vô" for vào), stay function words.
    expect(read('Tôi muốn hỏi từ đó của nó mấy ngày, vô trang nào?').words.size).toBe(0);
    // Without marks nothing tells them apart: as before.
    expect(read('dang ky khai tu o dau').words.size).toBe(0);
    // Typed both ways: the word is ambiguous, the content pair still counts.
    const both = read('Khai tử từ ngày nào?');
    expect(both.words.size).toBe(0);
    expect(both.pairs.has('khai_tu')).toBe(true);
  });
});

describe('cases a message tells', () => {
  const told = (text: string) => [...casesTold(originalSyllables(text))];
  it('reads whole syllable runs with their marks', () => {
    expect(told('Bố tôi bị tai biến nằm một chỗ, làm căn cước thế nào?')).toEqual(['frail']);
    expect(told('Tôi làm rơi ví, không tìm thấy căn cước')).toEqual(['lost']);
    // "cấp" is not "cắp", "cụ thể" and "chủ yếu" tell no frailty, "nhầm lẫn" no loss.
    expect(told('Cho tôi hỏi cụ thể thủ tục cấp căn cước, chủ yếu là nhầm lẫn ngày sinh')).toEqual([]);
  });
  it('reads "mất" before what it costs as no loss', () => {
    expect(told('Lên phường nhiều lần rất mất thời gian, làm căn cước mất bao lâu, có mất phí không?')).toEqual([]);
    expect(told('Tôi mất cả buổi sáng mà không nộp được hồ sơ')).toEqual([]);
    expect(told('Tôi bị mất căn cước, làm lại mất bao lâu?')).toEqual(['lost']);
  });
});

describe('synonyms and Vietnamese syllable shape', () => {
  it('adds the guides wording after everyday phrases, keeping the user words', () => {
    expect(addSynonyms('dong phi bang momo'.split(' '))).toEqual(
      'dong phi thanh toan phi le phi bang momo vi dien tu'.split(' '),
    );
    expect(addSynonyms('up len ho so'.split(' '))).toEqual('up len tai len dinh kem ho so'.split(' '));
    // Levels typed as words reach the guides' "mức 1" / "mức độ 2".
    expect(addSynonyms('dang ky muc mot'.split(' '))).toEqual('dang ky muc mot muc 1 muc do 1'.split(' '));
    expect(addSynonyms('quen mat khau'.split(' '))).toEqual(['quen', 'mat', 'khau']);
    // "Rẻ hơn" is a lower fee; an old number or SIM is one to change (not an old phone, a device).
    expect(addSynonyms('online re hon'.split(' '))).toEqual('online re hon giam phi le phi'.split(' '));
    expect(addSynonyms('otp ve so cu'.split(' '))).toEqual('otp ve so cu doi so dien thoai'.split(' '));
    expect(addSynonyms('ma gui ve dien thoai cu'.split(' '))).toEqual('ma gui ve dien thoai cu'.split(' '));
    expect(isSynonymWord('momo')).toBe(true);
    expect(isSynonymWord('bitcoin')).toBe(false);
  });

  it('tells Vietnamese syllables from foreign words', () => {
    for (const w of ['nghieng', 'khuya', 'truong', 'dinh', 'danh', 'quyen', 'a', 'gi'])
      expect(isVietnameseSyllable(w), w).toBe(true);
    for (const w of ['facebook', 'wifi', 'sjc', 'bitcoin', 'iphone', 'vneid']) expect(isVietnameseSyllable(w), w).toBe(false);
  });
});

describe('other platforms', () => {
  it('flags questions about another platform that do not name ours', () => {
    expect(aboutAnotherPlatform(syllables('quên mật khẩu gmail'))).toBe(true);
    expect(aboutAnotherPlatform(syllables('tài khoản Facebook bị khóa'))).toBe(true);
    expect(aboutAnotherPlatform(syllables('có người gửi link qua Zalo bảo cài VNeID'))).toBe(false);
    expect(aboutAnotherPlatform(syllables('quên mật khẩu'))).toBe(false);
    expect(aboutAnotherPlatform(syllables('bé nhà tôi làm định danh được không'))).toBe(false);
  });

  it('looks for the platform in the typed words and for ours in either form', () => {
    expect(aboutAnotherPlatform(['quen', 'mat', 'khau', 'gmail'], ['quen', 'mat', 'khau', 'email'])).toBe(true);
    expect(aboutAnotherPlatform(['zalo', 'dinh', 'danh'], ['zalo', 'dinh', 'danh'])).toBe(false);
  });
});

describe('words of our field', () => {
  it.each([
    ['nop ho so truc tuyen o dau', true],
    ['tai khoan vneid bi khoa', true],
    ['gui ket qua ve nha qua buu dien', true],
    ['hang xom lan dat nha toi thi lam sao', false],
    ['cong ty no luong hai thang', false],
    // A bank account is not one of ours; paying a fee from it is.
    ['ngan hang bat khai so tai khoan qua trinh rut tien', false],
    ['tien trong tai khoan ngan hang bi mat', false],
    ['thanh toan le phi bang tai khoan ngan hang', true],
    // The passport office, an allowance, a vehicle's papers: services we have cards for.
    ['can bo phong quan ly xuat nhap canh goi cho toi', true],
    ['me toi dang huong tro cap xa hoi', true],
    ['mat het giay to xe', true],
  ])('%s → %s', (q, yes) => {
    expect(mentionsOurField(q.split(' '))).toBe(yes);
  });

  it('names our field specifically only by a service, its papers or our platforms, not by words any need shares', () => {
    expect(specificFieldPhrases('lam ho chieu online o dau'.split(' '))).toEqual(['ho chieu']);
    expect(specificFieldPhrases('dang ky tam tru tren vneid'.split(' ')).sort()).toEqual(['tam tru', 'vneid']);
    for (const q of [
      'tai app xong khong dang nhap duoc',
      'gui hang qua buu dien di my',
      'ho so vay von ngan hang',
      'quen mat khau tai khoan',
    ])
      expect(specificFieldPhrases(q.split(' ')), q).toEqual([]);
  });
});

describe('money lost to a scammer', () => {
  it('reads the cues victims write, not fees paid by transfer or a mere suspicion', () => {
    // offc-007, offc-008 (offtopic-c, dev) never write "lừa".
    expect(lostToScam('Người phụ nữ liên tục kêu tôi chuyển tiền vào tài khoản và yêu cầu xác nhận khuôn mặt')).toBe(true);
    expect(lostToScam('lúc thực hiện vay lần 2 nhưng hệ thống vẫn báo “tài khoản đóng băng”')).toBe(true);
    expect(lostToScam('toi bi lua mat 20 trieu')).toBe(true);
    expect(lostToScam('sáng nay mất hết tiền trong tài khoản')).toBe(true);
    expect(lostToScam('nộp lệ phí bằng chuyển khoản được không')).toBe(false);
    expect(lostToScam('cán bộ bảo tôi chuyển khoản lệ phí')).toBe(false);
    // vneid-008 (dev): a caller who might be a scammer, no money gone: our entry on police calls.
    expect(lostToScam('Công an huyện nói không có gọi gì hết, có thể bị lừa rồi')).toBe(false);
    expect(lostToScam('tài khoản VNeID bị khóa')).toBe(false);
  });
});

describe('a threat to life or body', () => {
  it('reads threats of violence, not a quarrel told in passing', () => {
    expect(threatened('vì không có đủ tiền trả nên tôi đã bị họ đòi giết, chém đến nhà tôi')).toBe(true);
    expect(threatened('Tôi bị một người hành hung, đánh tôi gây thương tích')).toBe(true);
    expect(threatened('bi doa danh neu khong tra no')).toBe(true);
    // offb-005: an inheritance quarrel where a brother "chửi mắng, lăng nhục và đe dọa": the quarrel is the need.
    expect(threatened('em trai tôi chiếm giữ căn nhà, còn chửi mắng, lăng nhục và đe dọa tôi')).toBe(false);
    expect(threatened('giết thời gian chờ làm căn cước')).toBe(false);
  });
});

describe('an ID card sent to someone who asked for it', () => {
  it('reads both sides of the card asked for by a third person, not a form or an office', () => {
    expect(gaveIdAway('bên dịch vụ yêu cầu gửi ảnh căn cước hai mặt và ảnh chân dung, tôi đã gửi')).toBe(true);
    expect(gaveIdAway('nguoi la tren facebook doi toi gui cccd 2 mat de lam ho chieu nhanh')).toBe(true);
    // Which papers a procedure wants, asked: no third person.
    expect(gaveIdAway('làm hộ chiếu có cần bản chụp căn cước hai mặt không')).toBe(false);
    expect(gaveIdAway('họ yêu cầu tôi cung cấp giấy khai sinh của con')).toBe(false);
  });
});

describe('the fast paths read text as the plain definitions do', () => {
  // stripDiacritics goes code point by code point; these are the cases where that could differ
  // from stripping the whole text: marks outside U+0300–U+036F that NFD reorders, lone surrogates,
  // characters that decompose to other base letters, emoji.
  const whole = (t: string) => t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
  const texts = [
    'Đăng ký tạm trú cho người thuê trọ',
    'ĐĂNG KÝ KHAI SINH Ở ĐÂU?',
    'a\u0301\u0483\u0323b',
    'x\u0591\u05b0\u0301y',
    '\u0344\u0f73 thuỷ',
    'lỗi \ud800 rồi \udc00',
    '👍🏻 được 😀',
    '\u212b\u2000\u1e9b ﬁ ǅ',
    'e\u0323\u0302 \u1dc0\u0301',
  ];
  it.each(texts)('stripDiacritics(%j) strips as NFD does', (t) => {
    expect(stripDiacritics(t)).toBe(whole(t));
  });

  it('syllables and originalSyllables ignore how whitespace is typed, as fold and lowerNfc do', () => {
    const t = '  Tôi\tmuốn\u00a0đăng kí\n\n hoà  giải\u3000ở  tỉ\u2028lệ  ';
    expect(syllables(t)).toEqual(fold(t).match(/[a-z0-9]+/g));
    expect(originalSyllables(t)).toEqual(lowerNfc(t).match(/[\p{L}\p{N}]+/gu));
  });

  it('two sentences joined have their syllables run on', () => {
    const pairs: [string, string][] = [
      ['Hệ thống đang bảo trì.', 'Vui lòng thử lại sau'],
      ['Em đăng kí', 'thuỷ ti hoà?'],
      ['ΟΔΟΣ', 'Σ ký dc 12t cccd'],
    ];
    for (const [a, b] of pairs) expect(joinedSyllables(syllableForms(a), syllableForms(b))).toEqual(syllableForms(`${a} ${b}`));
  });
});
