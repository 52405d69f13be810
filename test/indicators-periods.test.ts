import { describe, expect, it } from 'vitest';
import { asksCount, expandAbbreviations, parseMetric, parseMetrics } from '../src/indicators/metrics.ts';
import { ratio } from '../src/indicators/figures.ts';
import { formatPercent, formatPpChange } from '../src/indicators/format.ts';
import { indexPeriodKey, parsePeriod, parsePeriods, periodText, previousPeriod, sameTimeLastYear } from '../src/indicators/periods.ts';
import { fold } from '../src/text/fold.ts';

const at = (iso: string) => new Date(iso);
const p = (text: string, now = at('2025-11-20T09:00:00+07:00')) => parsePeriod(expandAbbreviations(fold(text)), now, text);

describe('periods in Vietnam time', () => {
  it.each([
    ['hôm nay', '2025-11-20', '2025-11-20', 'day'],
    ['hom qua', '2025-11-19', '2025-11-19', 'day'],
    ['hôm kia', '2025-11-18', '2025-11-18', 'day'],
    ['từ đầu tháng', '2025-11-01', '2025-11-20', 'month'],
    ['thg 10', '2025-10-01', '2025-10-31', 'month'],
    ['từ đầu quý', '2025-10-01', '2025-11-20', 'quarter'],
    ['tuần này', '2025-11-17', '2025-11-20', 'week'],
    ['tuần trước', '2025-11-10', '2025-11-16', 'week'],
    ['tháng này', '2025-11-01', '2025-11-20', 'month'],
    ['tháng trước', '2025-10-01', '2025-10-31', 'month'],
    ['tháng 10', '2025-10-01', '2025-10-31', 'month'],
    ['tháng 12', '2024-12-01', '2024-12-31', 'month'],
    ['tháng 2/2024', '2024-02-01', '2024-02-29', 'month'],
    ['tháng 10 năm 2024', '2024-10-01', '2024-10-31', 'month'],
    ['t10', '2025-10-01', '2025-10-31', 'month'],
    ['quý này', '2025-10-01', '2025-11-20', 'quarter'],
    ['quý trước', '2025-07-01', '2025-09-30', 'quarter'],
    ['quý 3', '2025-07-01', '2025-09-30', 'quarter'],
    ['quý III', '2025-07-01', '2025-09-30', 'quarter'],
    ['quy iii/2024', '2024-07-01', '2024-09-30', 'quarter'],
    ['q2', '2025-04-01', '2025-06-30', 'quarter'],
    ['6 tháng đầu năm', '2025-01-01', '2025-06-30', 'half'],
    ['6 tháng cuối năm 2024', '2024-07-01', '2024-12-31', 'half'],
    ['năm nay', '2025-01-01', '2025-11-20', 'year'],
    ['từ đầu năm đến nay', '2025-01-01', '2025-11-20', 'year'],
    ['năm ngoái', '2024-01-01', '2024-12-31', 'year'],
    ['năm 2024', '2024-01-01', '2024-12-31', 'year'],
    ['từ 1/10 đến 15/10', '2025-10-01', '2025-10-15', 'range'],
    ['tu ngay 01/10/2025 den ngay 15/10/2025', '2025-10-01', '2025-10-15', 'range'],
    ['ngày 5/10', '2025-10-05', '2025-10-05', 'day'],
    ['ngày 5 tháng 10 năm 2024', '2024-10-05', '2024-10-05', 'day'],
    ['ngay 5 thang 10', '2025-10-05', '2025-10-05', 'day'],
    ['ngày mồng 5 tháng 10', '2025-10-05', '2025-10-05', 'day'],
    ['3 tháng gần đây', '2025-09-01', '2025-11-20', 'months'],
    ['tháng 10 năm ngoái', '2024-10-01', '2024-10-31', 'month'],
    ['t10 nam truoc', '2024-10-01', '2024-10-31', 'month'],
    ['quý 3 năm ngoái', '2024-07-01', '2024-09-30', 'quarter'],
    ['hqua', '2025-11-19', '2025-11-19', 'day'],
    ['nay nhận dc bao nhiêu hs', '2025-11-20', '2025-11-20', 'day'],
    ['6 th đầu năm', '2025-01-01', '2025-06-30', 'half'],
    ['2 tuần gần đây', '2025-11-07', '2025-11-20', 'range'],
    ['7 ngày qua', '2025-11-14', '2025-11-20', 'range'],
    ['15/10', '2025-10-15', '2025-10-15', 'day'],
  ])('%s → %s … %s', (text, from, to, kind) => {
    expect(p(text)).toMatchObject({ from, to, kind });
  });

  it('reads two periods for a comparison, in the order written', () => {
    const ps = (text: string) => parsePeriods(expandAbbreviations(fold(text)), at('2025-11-20T09:00:00+07:00'), text).map((x) => x.from);
    expect(ps('t9 vs t10')).toEqual(['2025-09-01', '2025-10-01']);
    expect(ps('quý 3 so với quý 2 đúng hạn thế nào')).toEqual(['2025-07-01', '2025-04-01']);
    expect(ps('tháng 9 và tháng 10')).toEqual(['2025-09-01', '2025-10-01']);
    expect(ps('tháng này so với cùng kỳ năm trước')).toEqual(['2025-11-01']);
    expect(ps('tỷ lệ trực tuyến từ 1/10 đến 15/10')).toEqual(['2025-10-01']);
  });

  it('a running period says how far it goes', () => {
    expect(periodText(p('tháng này')!)).toBe('tháng 11/2025 (đến ngày 20/11/2025)');
    expect(periodText(p('tháng trước')!)).toBe('tháng 10/2025');
  });

  it('returns null when no period is named (the skill then asks back)', () => {
    expect(p('tỷ lệ trực tuyến')).toBeNull();
    expect(p('hồ sơ trễ hạn')).toBeNull();
  });

  it('uses the Vietnam calendar day, not UTC: 23:30 UTC on 31/10 is already 1/11 in Vietnam', () => {
    const now = at('2025-10-31T23:30:00Z');
    expect(p('hôm nay', now)).toMatchObject({ from: '2025-11-01', to: '2025-11-01' });
    expect(p('tháng này', now)).toMatchObject({ from: '2025-11-01', to: '2025-11-01' });
    expect(p('tháng trước', now)).toMatchObject({ from: '2025-10-01', to: '2025-10-31' });
  });

  it('rolls over the year: in January, "tháng trước" and "quý trước" are last year', () => {
    const now = at('2026-01-05T08:00:00+07:00');
    expect(p('tháng trước', now)).toMatchObject({ from: '2025-12-01', to: '2025-12-31' });
    expect(p('quý trước', now)).toMatchObject({ from: '2025-10-01', to: '2025-12-31' });
    expect(p('từ 25/12 đến 5/1', now)).toMatchObject({ from: '2025-12-25', to: '2026-01-05' });
  });

  it('previous period and same time last year', () => {
    const now = at('2025-11-20T09:00:00+07:00');
    expect(previousPeriod(p('tháng này')!, now)).toMatchObject({ from: '2025-10-01', to: '2025-10-31', label: 'tháng 10/2025' });
    expect(previousPeriod(p('quý 1')!, now)).toMatchObject({ from: '2024-10-01', to: '2024-12-31' });
    expect(previousPeriod(p('từ 1/10 đến 15/10')!, now)).toMatchObject({ from: '2025-09-16', to: '2025-09-30' });
    expect(sameTimeLastYear(p('tháng này')!)).toMatchObject({ from: '2024-11-01', to: '2024-11-20', label: 'tháng 11/2024' });
  });

  it('766 period keys', () => {
    expect(indexPeriodKey(p('tháng 11')!)).toBe('2025-11');
    expect(indexPeriodKey(p('quý III')!)).toBe('2025-Q3');
    expect(indexPeriodKey(p('năm 2024')!)).toBe('2024');
    expect(indexPeriodKey(p('hôm nay')!)).toBeNull();
  });
});

describe('metrics, with or without diacritics and abbreviations', () => {
  it.each([
    ['tỷ lệ trực tuyến', 'online_rate'],
    ['tl hs onl', 'online_rate'],
    ['tỷ lệ nộp từ xa', 'online_rate'],
    ['thanh toán trực tuyến', 'online_payment_rate'],
    ['ty le thanh toan tt', 'online_payment_rate'],
    ['tỷ lệ không dùng tiền mặt', 'online_payment_rate'],
    ['đúng hạn', 'on_time_rate'],
    ['trước hạn', 'early_rate'],
    ['trễ hạn', 'late_rate'],
    ['hồ sơ quá hạn', 'overdue_open'],
    ['hồ sơ trễ hạn chưa giải quyết', 'overdue_open'],
    ['số hóa', 'digitized_rate'],
    ['kết quả điện tử', 'e_result_rate'],
    ['bao nhiêu hồ sơ tiếp nhận', 'received'],
    ['số hồ sơ đã giải quyết', 'completed'],
    ['điểm 766', 'index_766'],
    ['bộ chỉ số', 'index_766'],
    ['điểm tiến độ giải quyết', 'index_766_tien_do'],
    ['điểm dịch vụ trực tuyến', 'index_766_truc_tuyen'],
    ['điểm số hóa', 'index_766_so_hoa'],
    ['điểm công khai minh bạch', 'index_766_cong_khai'],
    ['hài lòng bao nhiêu điểm', 'index_766_hai_long'],
    ['vì sao số hóa chỉ được 9/22', 'index_766_so_hoa'],
  ])('%s → %s', (text, metric) => {
    expect(parseMetric(expandAbbreviations(fold(text)))).toBe(metric);
  });

  it.each([
    ['tỉ lệ trực tuyến tháng này', ['online_rate']],
    ['ti le dung han', ['on_time_rate']],
    ['thanh toán online tháng này dc bao nhiêu %', ['online_payment_rate']],
    ['ttrt t10', ['online_payment_rate']],
    ['số hóa tháng 9', ['digitized_rate']],
    ['kq dien tu thang truoc bn %', ['e_result_rate']],
    ['hồ sơ trễ bao nhiêu cái', ['late_rate']],
    ['tháng trước có mấy hồ sơ trễ', ['late_rate']],
    ['nay nhận dc bao nhiu hs', ['received']],
    ['hồ sơ đang xử lý bao nhiêu', ['open']],
    ['hồ sơ tồn đọng', ['open']],
    ['hồ sơ quá hạn chưa xử lý', ['overdue_open']],
    ['giải quyết xong bao nhiêu hồ sơ', ['completed']],
    ['tháng 10 tỷ lệ đúng hạn và trực tuyến', ['on_time_rate', 'online_rate']],
    ['dung han, tre han, so hoa quy 3', ['on_time_rate', 'late_rate', 'digitized_rate']],
    ['số hồ sơ trễ hạn tháng 10', ['late_rate']],
  ])('%s → %j', (text, metrics) => {
    expect(parseMetrics(expandAbbreviations(fold(text)))).toEqual(metrics);
  });

  it('tells a count from a rate', () => {
    expect(asksCount(expandAbbreviations(fold('tháng trước có mấy hồ sơ trễ')))).toBe(true);
    expect(asksCount(expandAbbreviations(fold('hồ sơ trễ bao nhiêu cái')))).toBe(true);
    expect(asksCount(expandAbbreviations(fold('tl tre han thang nay')))).toBe(false);
  });

  it('rounds once, from exact counts: 361/471 = 76,645 % is 76,6 %; changes from exact ratios', () => {
    const r = ratio(361, 471);
    expect(formatPercent(r.value!)).toBe('76,6 %');
    // 76,645 − 76,55 = 0,095 → "tăng 0,1"; from the rounded 76,6 and 76,6 it would say "không đổi".
    expect(formatPpChange(r.value! - ratio(7655, 10000).value!)).toBe('tăng 0,1 điểm phần trăm');
  });

  it('names no metric for a vague question', () => {
    expect(parseMetric(expandAbbreviations(fold('số liệu tháng này')))).toBeNull();
  });
});
