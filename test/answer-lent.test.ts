import { beforeAll, describe, expect, it } from 'vitest';
import type { GuideEngine } from '../src/answer/engine.ts';
import { entry, smallKnowledgeEngine } from './fixtures/small-knowledge.ts';

// A knowledge folder of its own: the birth card says nothing of registering from abroad (as ours
// did when f9c-014 was read), the civil-status fact with a foreign element names the embassy; the
// other entries make "khai sinh" a subject few entries use, as it is in the real knowledge.
const FILLERS: [string, string][] = [
  ['ho-chieu', 'Làm hộ chiếu phổ thông trực tuyến'],
  ['tam-tru', 'Đăng ký tạm trú trực tuyến'],
  ['thuong-tru', 'Đăng ký thường trú cho người chuyển đến'],
  ['lai-xe', 'Đổi giấy phép lái xe trên VNeID'],
  ['ly-lich', 'Cấp phiếu lý lịch tư pháp trực tuyến'],
  ['can-cuoc', 'Cấp đổi thẻ căn cước khi hết hạn'],
  ['thue', 'Nộp lệ phí trước bạ nhà đất'],
  ['bhyt', 'Gia hạn thẻ bảo hiểm y tế hộ gia đình'],
  ['vneid', 'Đăng ký tài khoản định danh điện tử mức 2'],
  ['dien', 'Thay đổi chủ hợp đồng mua bán điện'],
  ['khai-tu', 'Đăng ký khai tử cho người thân mất'],
];

let engine: GuideEngine;
beforeAll(async () => {
  engine = await smallKnowledgeEngine(
    'lent-',
    {
      'card-khai-sinh': entry(
        'card-khai-sinh',
        'service',
        'Làm giấy khai sinh cho con: làm ở đâu, cần giấy tờ gì',
        'Bạn làm khai sinh cho con tại UBND cấp xã nơi cư trú của cha hoặc mẹ, hoặc trực tuyến trên VNeID.',
        [
          '**Giấy tờ**: tờ khai đăng ký khai sinh, bản chính giấy chứng sinh.',
          '**Lệ phí**: khai sinh đúng hạn được miễn lệ phí.',
          '**Thời hạn giải quyết**: trong ngày làm việc.',
        ],
        ['đăng ký khai sinh cho con', 'khai sinh cho bé mới sinh'],
      ),
      'fact-yeu-to-nuoc-ngoai': entry(
        'fact-yeu-to-nuoc-ngoai',
        'fact',
        'Khai sinh, kết hôn có yếu tố nước ngoài làm ở đâu',
        'UBND cấp xã đăng ký khai sinh, kết hôn có yếu tố nước ngoài.',
        [
          '**Khai sinh có yếu tố nước ngoài**: giấy khai sinh ghi quốc tịch của con.',
          // Names "lãnh sự" but says nothing of where to go from abroad: not the point to lend.
          '**Giấy tờ**: giấy tờ do nước ngoài cấp phải hợp pháp hóa lãnh sự và dịch sang tiếng Việt.',
          '**Đang ở nước ngoài**: đăng ký khai sinh, kết hôn tại Đại sứ quán, Tổng lãnh sự quán nước ta ở nước sở tại.',
        ],
        ['con sinh ở nước ngoài làm giấy khai sinh ở đâu', 'kết hôn với người nước ngoài ở đâu'],
      ),
    },
    FILLERS,
  );
});

describe('a close entry on the same subject lends the point the answer lacks', () => {
  it('someone abroad asking where to register a birth gets the embassy, from the entry that says it, with its link', async () => {
    const a = await engine.answer('Vợ chồng tôi đang du học ở Nhật Bản, sắp sinh con. Đăng ký khai sinh cho con ở đâu?');
    expect(a.outcome).toBe('answer');
    expect(a.guide!.id).toBe('card-khai-sinh');
    expect(a.text).toContain('• Đang ở nước ngoài: đăng ký khai sinh, kết hôn tại Đại sứ quán');
    expect(a.text).not.toContain('hợp pháp hóa lãnh sự');
    expect(a.text).toContain('Nguồn: https://example.gov.vn/fact-yeu-to-nuoc-ngoai');
    expect(a.sources.map((s) => s.id)).toEqual(['card-khai-sinh', 'fact-yeu-to-nuoc-ngoai']);
    // Before the card's own points: it is what this asker needs first.
    expect(a.text.indexOf('Đại sứ quán')).toBeLessThan(a.text.indexOf('• Giấy tờ'));
  });

  it('a best guess about the service lends the case too', async () => {
    const a = await engine.answer('Tôi đang ở Nhật Bản, con tôi mới sinh, khai sinh thế nào?');
    expect(a.outcome).toBe('hedged');
    expect(a.guide!.id).toBe('card-khai-sinh');
    expect(a.text).toContain('Đại sứ quán');
    expect(a.sources.map((s) => s.id)).toEqual(['card-khai-sinh', 'fact-yeu-to-nuoc-ngoai']);
  });

  it('lends nothing to someone at home, nor on another subject', async () => {
    const home = await engine.answer('Đăng ký khai sinh cho con ở đâu?');
    expect(home.guide!.id).toBe('card-khai-sinh');
    expect(home.text).not.toContain('Đại sứ quán');
    expect(home.sources.map((s) => s.id)).toEqual(['card-khai-sinh']);
    const other = await engine.answer('Tôi đang ở Hàn Quốc, làm hộ chiếu phổ thông trực tuyến thế nào?');
    expect(other.text).not.toContain('Đại sứ quán');
    expect(other.sources.map((s) => s.id)).not.toContain('fact-yeu-to-nuoc-ngoai');
  });
});
