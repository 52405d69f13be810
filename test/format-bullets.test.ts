import { describe, expect, it } from 'vitest';
import {
  formatAnswer,
  formatMany,
  points,
  rankedItems,
  redirectLead,
  redirectPartLead,
  screenLength,
  shorten,
  wholeSentences,
  withoutCitations,
} from '../src/answer/format.ts';
import { saysAbroad } from '../src/answer/abroad.ts';
import type { Guide } from '../src/retrieval/guides.ts';
import { analyze, foldedSyllables } from '../src/text/analyze.ts';

/** A service card laid out as the knowledge entries are (labelled points), long enough to be trimmed. */
function card(): Guide {
  const filler = 'Kiểm tra kỹ thông tin trước khi bấm gửi, giữ lại mã hồ sơ để tra cứu về sau khi cần thiết.';
  const body = [
    `- **Tài khoản cần**: tài khoản VNeID mức 2 (khuyến nghị). ${filler}`,
    `- **Nộp ở đâu**: ứng dụng VNeID hoặc Cổng Dịch vụ công quốc gia, mục thủ tục hành chính. ${filler}`,
    `- **Hồ sơ cần đính kèm**: tờ khai (khai trên hệ thống), ảnh chụp giấy tờ chứng minh chỗ ở hợp pháp. ${filler}`,
    `- **Ghi chú khác**: người ở nhờ cần ý kiến đồng ý của chủ nhà, ký trên tờ khai hoặc bấm đồng ý trên VNeID, hoặc nộp kèm hồ sơ văn bản đồng ý có chữ ký của chủ nhà và số điện thoại liên hệ. ${filler}`,
    `- **Thời hạn giải quyết**: 03 ngày làm việc kể từ khi nhận đủ hồ sơ hợp lệ. ${filler}`,
    `- **Lệ phí và khi nào nộp**: hồ sơ cá nhân, hộ gia đình ${filler.toLowerCase()} Mức thu 7.000 đồng/lần khi nộp trực tuyến (15.000 đồng trực tiếp) — Thông tư 75/2022/TT-BTC.`,
    `- **Ai đi đăng ký**: chính người đến ở (người thuê trọ, ở nhờ), không phải chủ nhà. ${filler}`,
  ].join('\n');
  return {
    id: 'test-kinds',
    title: 'Đăng ký chỗ ở mẫu trực tuyến',
    topic: 'submit_online',
    audience: 'citizen',
    url: 'https://example.gov.vn/a',
    sources: ['https://example.gov.vn/a'],
    updated: '2026-12-01',
    aliases: [],
    kind: 'service',
    matches: [],
    hash: 'kinds',
    file: 'x.md',
    sections: [
      { heading: '', kind: 'intro', body: 'Bạn đăng ký chỗ ở mẫu trực tuyến được trên VNeID (Điều 27 Luật Cư trú 2020).' },
      { heading: 'Nội dung chính', kind: 'steps', body },
    ],
  };
}

/** A guide like card(), with its own id, title, kind, intro and points ("**Label**: text"). */
function guideOf(id: string, title: string, intro: string, items: readonly string[], kind: Guide['kind'] = 'service'): Guide {
  return {
    ...card(),
    id,
    title,
    kind,
    hash: id,
    sections: [
      { heading: '', kind: 'intro', body: intro },
      { heading: 'Nội dung chính', kind: 'steps', body: items.map((x) => `- ${x}`).join('\n') },
    ],
  };
}

const label = (item: string) => item.slice(0, item.indexOf(':'));

describe('the point a question asks for comes first and whole (review 7 #4)', () => {
  const g = card();
  const items = points(g);
  const firstRanked = (q: string) => {
    const ranked = rankedItems(g, items, analyze(q).folded);
    return ranked.length ? label(items[ranked[0]!]!) : '';
  };

  it('reads how much, how long, where, which papers and who without the label’s own words', () => {
    // None of these shares a content word with the label that answers it ("bao", "nhiêu" are function words).
    expect(firstRanked('dang ky cho o mau mat bao nhieu tien')).toBe('Lệ phí và khi nào nộp');
    expect(firstRanked('dang ky cho o mau het bao nhieu')).toBe('Lệ phí và khi nào nộp');
    expect(firstRanked('dang ky cho o mau mat may ngay')).toBe('Thời hạn giải quyết');
    expect(firstRanked('đăng ký chỗ ở mẫu bao lâu thì xong')).toBe('Thời hạn giải quyết');
    expect(firstRanked('dang ky cho o mau lam o dau')).toBe('Nộp ở đâu');
    expect(firstRanked('đăng ký chỗ ở mẫu cần giấy tờ gì')).toBe('Hồ sơ cần đính kèm');
    expect(firstRanked('ai phai dang ky cho o mau')).toBe('Ai đi đăng ký');
    // Whether someone may act for another asks who may: "thay mặt", "làm hộ", "nhờ người", "đăng ký thay"
    // (f10b-010: a grandmother asking to register the birth for her daughter got where and the papers).
    expect(firstRanked('tôi có thể thay mặt con gái đăng ký chỗ ở mẫu không')).toBe('Ai đi đăng ký');
    expect(firstRanked('chu nha co the dang ky cho o mau thay cho nguoi thue tro khong')).toBe('Ai đi đăng ký');
    expect(firstRanked('nho nguoi khac lam cho o mau duoc khong')).toBe('Ai đi đăng ký');
    // "làm hộ chiếu" is a passport, not "làm hộ".
    expect(firstRanked('lam ho chieu va cho o mau o dau')).toBe('Nộp ở đâu');
  });

  it('reads a yes/no ask and a choice of places typed without marks (review 9 #6)', () => {
    const g2 = card();
    const body = [
      '- **Đổi trước khi hết hạn**: nộp sớm, không đợi sát ngày; bằng đã hết hạn thì không được lái.',
      '- **Nộp ở đâu**: cổng dịch vụ công, chọn cơ quan thực hiện (UBND cấp xã).',
      '- **Quá hạn có phải thi lại không**: quá hạn dưới 1 năm phải sát hạch lại lý thuyết.',
      '- **Đăng ký ở đâu**: UBND cấp xã nơi cư trú của một trong hai bên.',
      '- **Làm lại ở đâu (ở trong nước)**: Công an cấp tỉnh nơi thuận lợi.',
      '- **Đang ở nước ngoài mà hết hạn**: nộp tại cơ quan đại diện Việt Nam (đại sứ quán) nơi đang ở.',
    ].join('\n');
    g2.sections = [g2.sections[0]!, { heading: 'Nội dung chính', kind: 'steps', body }];
    const its = points(g2);
    const first = (q: string) => label(its[rankedItems(g2, its, analyze(q).folded)[0]!]!);
    // "thi", "lại" are no content words: the label in the ask's own words is what answers it.
    expect(first('bang het han 2 thang roi doi lai co phai thi lai ko')).toBe('Quá hạn có phải thi lại không');
    // A choice of places asks where; of two "where" labels, the one in the ask's own words.
    expect(first('dang ky o xa noi vo hay noi chong')).toBe('Đăng ký ở đâu');
    // Someone abroad: the point for abroad, not the one for Vietnam.
    expect(first('con trai toi dang o han quoc, het han thi lam lai o dau')).toBe('Đang ở nước ngoài mà hết hạn');
    // The point labelled with the yes/no question asked leads the reply, whole, before the intro.
    const text = formatAnswer({ guide: g2, focus: analyze('bang het han 2 thang roi doi lai co phai thi lai ko').folded, yesNo: true });
    const lines = text.split('\n').filter(Boolean);
    expect(lines[1]).toBe('• Quá hạn có phải thi lại không: quá hạn dưới 1 năm phải sát hạch lại lý thuyết.');
    expect(text.match(/Quá hạn có phải thi lại/g)).toHaveLength(1);
    // Asked "có cần đổi ko" (one word), no point leads.
    expect(formatAnswer({ guide: g2, focus: analyze('bang A1 co can doi ko').folded, yesNo: true }).split('\n')[1]).not.toMatch(/^• /);
  });

  it('does not read a kind into "gia hạn" or a long story', () => {
    expect(firstRanked('gia han cho o mau')).toBe('');
    const story =
      'Năm ngoái tôi đi làm xa mất bao lâu không nhớ, nay về quê thì cán bộ bảo phải đăng ký lại chỗ ở mẫu, ' +
      'tôi đã hỏi nhiều nơi, ai cũng nói khác nhau, không biết thế nào là đúng, mong được hướng dẫn cụ thể giúp tôi với';
    expect(analyze(story).folded.length).toBeGreaterThan(30);
    expect(firstRanked(story)).not.toBe('Thời hạn giải quyết');
  });

  it('shows the fee point first with its amounts whole, inside one screen', () => {
    const text = formatAnswer({ guide: g, focus: analyze('dang ky cho o mau mat bao nhieu tien').folded, });
    expect(text.length).toBeLessThanOrEqual(1200);
    const bulletsShown = text.split('\n').filter((l) => l.startsWith('• '));
    expect(bulletsShown[0]).toMatch(/^• Lệ phí và khi nào nộp: .*7\.000 đồng\/lần khi nộp trực tuyến \(15\.000 đồng trực tiếp\)\.$/);
  });

  it('shows the points not asked about as whole sentences where a cut would fall inside one', () => {
    const text = formatAnswer({ guide: g, focus: analyze('dang ky cho o mau mat bao nhieu tien').folded, budget: 900 });
    expect(text.length).toBeLessThanOrEqual(900);
    const others = text.split('\n').filter((l) => l.startsWith('• ') && !l.startsWith('• Lệ phí'));
    expect(others.length).toBeGreaterThanOrEqual(3);
    // Each one its item's first sentence (the filler sentence after it left out), none broken off.
    for (const line of others) {
      expect(line, line).not.toMatch(/…$/);
      expect(items.some((it) => it.startsWith(line.slice(2)) && /[.!?]$/.test(line))).toBe(true);
    }
  });

  it('leaves legal references out of the short reply, and only them', () => {
    const text = formatAnswer({ guide: g, focus: analyze('dang ky cho o mau mat bao nhieu tien').folded });
    expect(text).not.toMatch(/Điều 27|Thông tư 75/);
    expect(text).toContain('(khuyến nghị)');
    expect(text).toContain('(15.000 đồng trực tiếp)');
  });
});

describe('withoutCitations', () => {
  it('drops a bracketed note made only of legal references, keeps what else a note says', () => {
    expect(withoutCitations('thấp hơn 15.000 đồng khi nộp trực tiếp (Thông tư 75/2022/TT-BTC).')).toBe(
      'thấp hơn 15.000 đồng khi nộp trực tiếp.',
    );
    expect(withoutCitations('Hồ sơ (Điều 21): tờ khai')).toBe('Hồ sơ: tờ khai');
    expect(withoutCitations('có giá trị (khoản 6 Điều 12 Nghị định 87/2020/NĐ-CP, khoản 2 Điều 9 Thông tư 01/2022/TT-BTP) như bản giấy')).toBe(
      'có giá trị như bản giấy',
    );
    expect(withoutCitations('bị xóa (điểm g, h khoản 1 Điều 24 Luật Cư trú)')).toBe('bị xóa');
    expect(withoutCitations('đăng ký (Điều 33 Luật Hộ tịch; quá hạn vẫn đăng ký được)')).toBe('đăng ký (quá hạn vẫn đăng ký được)');
    expect(withoutCitations('5.000 đồng/người/lần (10.000 đồng trực tiếp) — Thông tư 75/2022/TT-BTC. Thanh toán khi nộp.')).toBe(
      '5.000 đồng/người/lần (10.000 đồng trực tiếp). Thanh toán khi nộp.',
    );
    expect(withoutCitations('Theo khoản 2 Điều 20 Luật Cư trú 2020, bạn được đăng ký.')).toBe('Bạn được đăng ký.');
    expect(withoutCitations('Có. Theo Nghị định 69/2024/NĐ-CP, công dân được cấp')).toBe('Có. Công dân được cấp');
    // A law whose name has a comma of its own is left as written rather than broken.
    const named = 'Theo Luật Xuất cảnh, nhập cảnh của công dân Việt Nam 2019, cơ quan cấp';
    expect(withoutCitations(named)).toBe(named);
    // A note that starts with something else is kept whole: the form's name, office hours.
    for (const keep of ['khai theo mẫu (mẫu TK05, Thông tư 31/2023/TT-BCA).', 'Tổng đài (8h–17h, thứ Hai đến thứ Sáu)'])
      expect(withoutCitations(keep)).toBe(keep);
  });
});

describe('shorten', () => {
  it('never parts a number from its other digit group or its unit', () => {
    const text = 'Gọi tổng đài hỗ trợ 1800 1096 hoặc đến nộp lệ phí 7.000 đồng trong 03 ngày làm việc tại công an xã';
    for (let max = 15; max < text.length; max++) {
      const cut = shorten(text, max);
      expect(cut, `${max}: ${cut}`).not.toMatch(/(?:1800|7\.000|03)…$/);
    }
  });
});

describe('someone abroad', () => {
  it('reads the point for abroad before the intro, which is for people in Vietnam (f7a-015)', () => {
    const marriage = guideOf(
      'test-marriage',
      'Đăng ký kết hôn trực tuyến',
      'Đăng ký kết hôn làm tại UBND cấp xã nơi cư trú của một trong hai bên; cả hai bên có mặt để ký sổ.',
      [
        '**Lệ phí**: công dân Việt Nam cư trú trong nước được miễn lệ phí.',
        '**Đang ở nước ngoài**: hai người cùng cư trú ở nước ngoài đăng ký kết hôn tại cơ quan đại diện Việt Nam ở nước đó.',
        '**Đã đăng ký kết hôn ở nước ngoài, về Việt Nam**: làm thủ tục ghi chú kết hôn tại UBND cấp xã.',
      ],
    );
    const abroad = formatAnswer({
      guide: marriage,
      focus: analyze('Tôi và bạn trai đang sinh sống và làm việc tại Hàn Quốc, muốn đăng ký kết hôn, lệ phí thế nào').folded,
    });
    expect(abroad.indexOf('• Đang ở nước ngoài')).toBeGreaterThan(0);
    expect(abroad.indexOf('• Đang ở nước ngoài')).toBeLessThan(abroad.indexOf('Đăng ký kết hôn làm tại UBND'));
    // In Vietnam, the intro first.
    const home = formatAnswer({ guide: marriage, focus: analyze('đăng ký kết hôn ở xã lệ phí thế nào').folded });
    expect(home.indexOf('Đăng ký kết hôn làm tại UBND')).toBeLessThan(home.indexOf('• '));
  });
});

describe('a source link and the screen', () => {
  it('a long link counts as a short one: the points it cites are not cut to make room for it (lt4-021)', () => {
    const long = `https://chauphu.example.gov.vn/wps/portal/Home/${'x'.repeat(380)}`;
    const focus = analyze('người ở nhờ có cần chủ nhà đồng ý không, lệ phí bao nhiêu').folded;
    const short = formatAnswer({ guide: card(), focus });
    const withLong = formatAnswer({ guide: { ...card(), hash: 'kinds-long', url: long }, focus });
    expect(withLong).toContain(long);
    // The same points, as whole, as with a short link.
    expect(withLong.replace(long, 'https://example.gov.vn/a')).toBe(short);
    expect(screenLength(withLong)).toBeLessThanOrEqual(1200);
    expect(screenLength(`Nguồn: ${long}`)).toBe('Nguồn: '.length + 60);
  });
});

describe('shorten and names', () => {
  it('cuts before or after an office or portal name, never inside it (review 14, pr4-004)', () => {
    const text = 'Từ 1/7/2024, người dân đăng nhập Cổng Dịch vụ công quốc gia bằng tài khoản định danh điện tử do Bộ Công an cấp.';
    for (let max = 40; max < text.length; max++) {
      const cut = shorten(text, max);
      expect(cut, `${max}: ${cut}`).not.toMatch(/Cổng(?: Dịch(?: vụ(?: công(?: quốc)?)?)?)?…$/u);
    }
  });
});

describe('wholeSentences', () => {
  it('does not cut a labelled point at a comma that leaves its content a word long', () => {
    // tp3-006's reply read "👉 Hỏi kết quả trả lời có được công khai không: có…".
    const text =
      'Hỏi kết quả trả lời có được công khai không: có, cơ quan được giao xử lý phải đăng tải công khai kết quả trả lời trên Cổng Dịch vụ công quốc gia; người gửi tra cứu bằng mã phản ánh, kiến nghị.';
    for (const max of [90, 110, 140, 180]) {
      const cut = wholeSentences(text, max);
      if (cut !== undefined) expect(cut, `${max}: ${cut}`).not.toBe('Hỏi kết quả trả lời có được công khai không: có…');
    }
    // A clause far enough into the content is still where it cuts.
    expect(wholeSentences(text, 180)).toBe(
      'Hỏi kết quả trả lời có được công khai không: có, cơ quan được giao xử lý phải đăng tải công khai kết quả trả lời trên Cổng Dịch vụ công quốc gia…',
    );
  });
});

describe('a redirect part of several answers', () => {
  // The "not our field" lead has one home (redirectLead, redirectPartLead); a part of several has
  // its title on the line above, so it takes the short form.
  const redirect = (guided: boolean): Guide => ({
    ...card(),
    id: guided ? 'test-redirect-guided' : 'test-redirect',
    kind: 'redirect',
    topic: 'other',
    title: 'Việc của cơ quan khác',
    sections: [
      { kind: 'intro', heading: '', body: 'Việc này do Ủy ban nhân dân cấp xã giải quyết.' },
      {
        kind: 'steps',
        heading: 'Nội dung chính',
        body: guided ? '- Nộp trực tuyến: Trợ lý DVC hướng dẫn được phần đăng nhập và thanh toán.' : '- Liên hệ Ủy ban nhân dân cấp xã nơi cư trú.',
      },
    ],
  });
  it('says plainly it is not ours, or that its main part is elsewhere when we guide a part', () => {
    const plainPart = formatMany([{ guide: card() }, { guide: redirect(false), focus: ['lien', 'he'] }]);
    expect(plainPart).toContain(`2) Việc của cơ quan khác\n${redirectLead()}`);
    expect(redirectLead()).not.toBe(redirectLead('Việc của cơ quan khác'));
    const guidedPart = formatMany([{ guide: card() }, { guide: redirect(true), focus: ['nop', 'truc', 'tuyen', 'dang', 'nhap'] }]);
    expect(guidedPart).toContain(`2) Việc của cơ quan khác\n${redirectPartLead()}`);
  });
});

describe('the point a message shares most with stays whole when the screen is short (review 10 F4)', () => {
  /** A fact like the chứng thực one: a long intro, and two long points the question shares words with. */
  function fact(): Guide {
    const land =
      'Hợp đồng, giao dịch ở xã: mua bán, tặng cho, thế chấp nhà đất, mua bán xe được chứng thực tại UBND cấp xã; người yêu cầu có thể xuất trình căn cước điện tử khi chứng thực hợp đồng, giao dịch. Hoặc bạn chọn công chứng tại phòng, văn phòng công chứng, nơi công chứng viên chứng nhận hợp đồng.';
    const translation =
      'Bản dịch: công chứng bản dịch tại tổ chức hành nghề công chứng, hoặc chứng thực chữ ký người dịch là cộng tác viên dịch thuật của UBND cấp xã; tự dịch giấy tờ của mình thì mang giấy tờ tùy thân, văn bằng, chứng chỉ ngoại ngữ, bản dịch kèm giấy tờ cần dịch. Từ 1/7/2025 không còn Phòng Tư pháp cấp huyện; hỏi bộ phận một cửa UBND cấp xã.';
    return {
      ...card(),
      id: 'test-translation',
      kind: 'fact',
      title: 'Chứng thực hợp đồng mua bán nhà đất, xe, di chúc, bản dịch ở UBND xã',
      hash: 'translation',
      sections: [
        {
          heading: '',
          kind: 'intro',
          body: 'UBND cấp xã chứng thực được cả hợp đồng, giao dịch về động sản, quyền sử dụng đất, nhà ở, di chúc, văn bản từ chối nhận di sản, thỏa thuận phân chia di sản. Chủ tịch hoặc Phó Chủ tịch UBND cấp xã ký chứng thực và đóng dấu.',
        },
        { heading: 'Nội dung chính', kind: 'steps', body: `- ${land}\n- ${translation}` },
      ],
    };
  }

  it('the runner-up point shortens first; the best one keeps the clause asked about', () => {
    const g = fact();
    const focus = analyze(
      'Xin hỏi, giấy tờ tự dịch sang tiếng Anh, tôi có thể yêu cầu Phòng Tư pháp chứng thực chữ ký của mình trên bản dịch đó không? Hợp đồng thì sao',
    ).folded;
    expect(rankedItems(g, points(g), focus)[0]).toBe(1);
    const text = formatAnswer({ guide: g, focus, budget: 900 });
    expect(text.length).toBeLessThanOrEqual(900);
    expect(text).toContain('tự dịch giấy tờ của mình thì mang giấy tờ tùy thân');
    expect(text).toContain('không còn Phòng Tư pháp cấp huyện');
    // The other point is still there, shortened (before, both were cut to 300 characters and the
    // translation point lost its last sentence).
    expect(text).toContain('• Hợp đồng, giao dịch ở xã: mua bán');
    expect(text).not.toContain('Hoặc bạn chọn công chứng');
  });

  it('the intro sentence kept for the question gives way before the points and the source (f10b-013)', () => {
    const g = guideOf(
      'test-land-data',
      'Làm sạch dữ liệu đất đai: vì sao phải nộp bản photo sổ đỏ, căn cước',
      'Chiến dịch làm sạch cơ sở dữ liệu đất đai đã kết thúc; trong chiến dịch, UBND xã, phường thu bản photo hoặc ảnh chụp sổ đỏ và thẻ căn cước của chủ đất để đối chiếu, số hóa dữ liệu đất đai với dữ liệu dân cư. ' +
        'Nơi nào xã, phường vẫn thông báo thu thập tiếp thì bạn nộp cho tổ công tác, tổ dân phố theo thông báo, hoặc tự khai trên VNeID; chỉ cần bản sao photo, không cần công chứng, và không có khoản phí nào phải nộp cho việc kê khai này.',
      [
        '**Vì sao phải nộp**: hồ sơ đất đai lập qua nhiều thời kỳ; cơ quan nhà nước thường chỉ có tên chủ đất, còn số chứng minh, căn cước, địa chỉ đã thay đổi.',
        '**Sổ đang thế chấp ngân hàng, bị mất**: báo tổ công tác hoặc tổ trưởng dân phố để kê khai thay; xã, phường lập danh sách.',
      ],
      'fact',
    );
    const focus = analyze('Tại sao phải photo sổ đỏ nộp cho phường, tự khai trên VNeID có mất phí không, có cần công chứng không').folded;
    const text = formatAnswer({ guide: g, focus, budget: 620 });
    expect(text.length).toBeLessThanOrEqual(620);
    // Before, the whole reply was cut after the intro: no point, no source.
    expect(text).toMatch(/\n• \S/u);
    expect(text).toContain('Nguồn: https://example.gov.vn/');
    expect(text).not.toContain('Nơi nào xã, phường vẫn thông báo');
  });

  it('one ask of several landing on an entry shows its own point, not only the whole message\'s best', () => {
    const licence: Guide = {
      ...card(),
      id: 'test-licence',
      title: 'Cấp đổi giấy phép lái xe trực tuyến',
      hash: 'licence',
      sections: [
        { heading: '', kind: 'intro', body: 'Bạn đổi giấy phép lái xe trực tuyến trên Cổng Dịch vụ công.' },
        {
          heading: 'Nội dung chính',
          kind: 'steps',
          body: [
            '- **Đổi trước khi hết hạn**: nộp sớm, không đợi sát ngày hết hạn.',
            '- **Bằng xe máy A1, A, B1 có phải đổi không**: bằng xe máy hạng A1, A, B1 không có thời hạn, không phải đổi.',
            '- **Lệ phí**: số tiền hiện trên màn hình thanh toán.',
          ].join('\n'),
        },
      ],
    };
    const whole = analyze('đổi bằng lái A1 có cần đổi ko? còn hộ chiếu hết hạn thì làm lại online được ko').folded;
    const ask = analyze('đổi bằng lái A1 có cần đổi ko?').folded;
    expect(rankedItems(licence, points(licence), whole)[0]).toBe(0);
    const text = formatMany([{ guide: licence, focus: whole, asks: [ask] }, { guide: card(), focus: whole }]);
    expect(text).toContain('không có thời hạn, không phải đổi');
  });
});

describe('someone abroad, told as people tell it (review 10)', () => {
  it('reads the countries Vietnamese live and work in, after a placing word or by their full name', () => {
    for (const text of [
      'con tôi đang ở Nhật, hộ chiếu hết hạn',
      'em ở Đài Loan muốn làm khai sinh cho con',
      'chồng tôi bên Úc gửi giấy tờ về',
      'tôi ở Mỹ 10 năm rồi',
      'con trai tôi đang ở Hàn Quốc',
      'sang Lào làm việc',
      'đi xuất khẩu lao động',
      'dang o nuoc ngoai thi lam the nao',
      'du học ở Đức',
    ])
      expect(saysAbroad(foldedSyllables(text)), text).toBe(true);
  });

  it('is not fooled by Vietnamese places and words of the same syllables', () => {
    for (const text of [
      'tôi ở Mỹ Tho',
      'nhà ở Mỹ Đình',
      'hộ chiếu quá hạn',
      'cập nhật thông tin',
      'Sở Tư pháp trả lời',
      'thanh toán qua séc',
      'đi ba lần mà chưa xong',
      'nhà ở ngã tư',
      'tôi ở Lào Cai',
      'người nước ngoài thuê nhà',
    ])
      expect(saysAbroad(foldedSyllables(text)), text).toBe(false);
  });
});
