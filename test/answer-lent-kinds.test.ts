import { beforeAll, describe, expect, it } from 'vitest';
import type { GuideEngine } from '../src/answer/engine.ts';
import { entry, smallKnowledgeEngine } from './fixtures/small-knowledge.ts';

// A knowledge folder of its own. "căn cước" is a broad subject here as in ours (5 of 15 entries
// use it: above the share that makes a subject rare, under the broad one); "hộ chiếu" a rare one.
const FILLERS: [string, string][] = [
  ['cc-vneid', 'Đăng ký tài khoản định danh điện tử bằng thẻ căn cước'],
  ['cc-sai', 'Thông tin trên thẻ căn cước bị sai thì sửa thế nào'],
  ['cc-tre-em', 'Làm thẻ căn cước cho trẻ em dưới 6 tuổi'],
  ['tam-tru', 'Đăng ký tạm trú trực tuyến'],
  ['thuong-tru', 'Đăng ký thường trú cho người chuyển đến'],
  ['lai-xe', 'Đổi giấy phép lái xe trên VNeID'],
  ['ly-lich', 'Cấp phiếu lý lịch tư pháp trực tuyến'],
  ['thue', 'Nộp lệ phí trước bạ nhà đất'],
  ['bhyt', 'Gia hạn thẻ bảo hiểm y tế hộ gia đình'],
  ['dien', 'Thay đổi chủ hợp đồng mua bán điện'],
  ['khai-tu', 'Đăng ký khai tử cho người thân mất'],
];

let engine: GuideEngine;
beforeAll(async () => {
  // The lost-card entry says nothing of ages; the renewal entry's intro is the answer on them.
  // The passport card names where and how long, not the fee; the fee fact names it.
  engine = await smallKnowledgeEngine(
    'lent-kinds-',
    {
      'fact-mat-the': entry(
        'fact-mat-the',
        'fact',
        'Mất thẻ căn cước thì làm gì? Cấp lại thẻ căn cước bị mất',
        'Mất thẻ căn cước thì bạn làm thủ tục cấp lại thẻ căn cước trên VNeID hoặc tại Công an cấp xã.',
        ['**Lệ phí cấp lại**: 70.000 đồng một thẻ.', '**Thời hạn**: 07 ngày làm việc kể từ khi nhận đủ hồ sơ.'],
      ),
      'fact-doi-the-theo-tuoi': entry(
        'fact-doi-the-theo-tuoi',
        'fact',
        'Thẻ căn cước có thời hạn bao lâu, khi nào phải đổi thẻ',
        'Có: công dân phải làm thủ tục cấp đổi thẻ căn cước khi đủ 14 tuổi, 25 tuổi, 40 tuổi và 60 tuổi.',
        ['**Lệ phí**: đổi thẻ đúng các mốc tuổi không mất lệ phí.'],
      ),
      'card-ho-chieu': entry(
        'card-ho-chieu',
        'service',
        'Làm hộ chiếu phổ thông trực tuyến',
        'Bạn làm hộ chiếu phổ thông trực tuyến trên Cổng Dịch vụ công Bộ Công an, nhận hộ chiếu qua bưu chính.',
        ['**Nộp ở đâu**: Cổng Dịch vụ công Bộ Công an, mục cấp hộ chiếu phổ thông.', '**Thời hạn**: 08 ngày làm việc.'],
        ['làm hộ chiếu online', 'xin cấp hộ chiếu phổ thông qua mạng'],
      ),
      'fact-ho-chieu-giay-to': entry(
        'fact-ho-chieu-giay-to',
        'fact',
        'Hộ chiếu phổ thông: giấy tờ và lệ phí',
        'Làm hộ chiếu phổ thông cần tờ khai và ảnh chân dung.',
        ['**Lệ phí**: 200.000 đồng một cuốn hộ chiếu cấp mới.', '**Giấy tờ**: tờ khai theo mẫu, ảnh chân dung.'],
      ),
    },
    FILLERS,
  );
});

describe('every kind of answer asked for is lent by a close entry on the subject', () => {
  it('an age the asker tells comes from the entry that states the ages, with its link', async () => {
    const a = await engine.answer('Mất thẻ căn cước, tôi đủ 40 tuổi thì cấp lại thẻ có phải đổi không?');
    expect(a.outcome).toBe('answer');
    expect(a.guide!.id).toBe('fact-mat-the');
    // The lender's intro is its direct answer: lent whole, before the card's own points.
    expect(a.text).toContain('• Có: công dân phải làm thủ tục cấp đổi thẻ căn cước khi đủ 14 tuổi, 25 tuổi, 40 tuổi và 60 tuổi.');
    expect(a.text.indexOf('40 tuổi và 60 tuổi')).toBeLessThan(a.text.indexOf('• Lệ phí cấp lại'));
    expect(a.text).toContain('Nguồn: https://example.gov.vn/fact-doi-the-theo-tuoi');
    expect(a.sources.map((s) => s.id)).toEqual(['fact-mat-the', 'fact-doi-the-theo-tuoi']);
  });

  it('a fee the card does not give comes from the close entry that does', async () => {
    const a = await engine.answer('Làm hộ chiếu phổ thông trực tuyến thì mất bao nhiêu tiền?');
    expect(a.outcome).toBe('answer');
    expect(a.guide!.id).toBe('card-ho-chieu');
    expect(a.text).toContain('• Lệ phí: 200.000 đồng một cuốn hộ chiếu cấp mới.');
    expect(a.sources.map((s) => s.id)).toEqual(['card-ho-chieu', 'fact-ho-chieu-giay-to']);
  });

  it('a fee named but not asked for ("nộp lệ phí … bằng cách nào") lends no fee', async () => {
    const a = await engine.answer('Làm hộ chiếu phổ thông trực tuyến thì nộp lệ phí bằng cách nào?');
    expect(a.guide!.id).toBe('card-ho-chieu');
    expect(a.text).not.toContain('200.000 đồng');
    expect(a.sources.map((s) => s.id)).toEqual(['card-ho-chieu']);
  });

  it('on a subject as broad as "căn cước", lends only from an entry about as high as the answer', async () => {
    // The renewal entry ranks at two thirds of the lost-card one here: too far for a broad subject.
    const a = await engine.answer('Tôi bị mất thẻ căn cước, năm nay tôi đủ 40 tuổi thì cấp lại thẻ thế nào?');
    expect(a.guide!.id).toBe('fact-mat-the');
    expect(a.sources.map((s) => s.id)).toEqual(['fact-mat-the']);
  });

  it('lends nothing the answer says itself', async () => {
    // The card names where to file: nothing to borrow.
    const where = await engine.answer('Làm hộ chiếu phổ thông trực tuyến thì nộp ở đâu?');
    expect(where.guide!.id).toBe('card-ho-chieu');
    expect(where.sources.map((s) => s.id)).toEqual(['card-ho-chieu']);
    // The lost-card entry gives its fee: no other entry's fee beside it.
    const fee = await engine.answer('Mất thẻ căn cước thì cấp lại thẻ căn cước mất bao nhiêu tiền?');
    expect(fee.guide!.id).toBe('fact-mat-the');
    expect(fee.text).not.toContain('không mất lệ phí');
    expect(fee.sources.map((s) => s.id)).toEqual(['fact-mat-the']);
  });
});
