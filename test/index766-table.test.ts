import { describe, expect, it } from 'vitest';
import { COUNTER_KEYS, ZERO_COUNTERS } from '../src/indicators/figures.ts';
import { GROUP_MAX } from '../src/indicators/import/index.ts';
import { estimateGroups, GROUPS, groupLines, INDEX_MAX, NO_DATA } from '../src/indicators/index766.ts';
import { expandAbbreviations, indexGroupOf, METRICS, parseMetrics } from '../src/indicators/metrics.ts';
import { fold } from '../src/text/fold.ts';

const metricsOf = (q: string) => parseMetrics(expandAbbreviations(fold(q)));

describe('the table of 766 groups', () => {
  it('holds the five groups of QĐ 766 with their maxima, 100 points in all (facts/indicators-766.md)', () => {
    expect(GROUPS.map((g) => `${g.name} ${g.max}`)).toEqual([
      'Công khai, minh bạch 18',
      'Tiến độ giải quyết 20',
      'Dịch vụ trực tuyến 22',
      'Số hóa hồ sơ 22',
      'Mức độ hài lòng 18',
    ]);
    expect(INDEX_MAX).toBe(100);
    expect(GROUP_MAX).toEqual({ cong_khai: 18, tien_do: 20, truc_tuyen: 22, so_hoa: 22, hai_long: 18, tong: 100 });
  });

  it("each group's criteria add up to the group's maximum, and with no dossiers nothing is estimated", () => {
    const groups = estimateGroups(ZERO_COUNTERS, { open: 0, overdue: 0 });
    expect(groups.map((g) => g.group)).toEqual(GROUPS.map((g) => g.group));
    for (const g of groups) {
      expect(g.criteria.reduce((s, k) => s + (k.max ?? 0), 0)).toBe(g.max);
      expect(g.estimated).toBeNull();
      expect(groupLines(g, null, false)).toEqual([`• ${g.name} (${g.max} điểm): ${NO_DATA}`]);
    }
  });

  it('names the group metrics from the table and reads "9/22" as points of a group', () => {
    expect(METRICS.index_766_so_hoa.name).toBe('Nhóm Số hóa hồ sơ (766)');
    expect(METRICS.index_766_cong_khai.name).toBe('Nhóm Công khai, minh bạch (766)');
    expect(indexGroupOf('index_766_tien_do')).toBe('tien_do');
    expect(indexGroupOf('index_766')).toBeNull();
    expect(indexGroupOf('online_rate')).toBeNull();
    expect(metricsOf('vì sao số hóa chỉ được 9/22')).toEqual(['index_766_so_hoa']);
    expect(metricsOf('tiến độ mới 17,5/20 thôi')).toEqual(['index_766_tien_do']);
    // 21 is no group's maximum: not read as points.
    expect(metricsOf('tỷ lệ trực tuyến 5/21')).toEqual(['online_rate']);
  });
});

describe('zero counters', () => {
  it('are every roll-up counter at zero, and cannot be changed by a caller', () => {
    expect(Object.keys(ZERO_COUNTERS)).toEqual([...COUNTER_KEYS]);
    expect(Object.values(ZERO_COUNTERS).every((v) => v === 0)).toBe(true);
    expect(Object.isFrozen(ZERO_COUNTERS)).toBe(true);
  });
});
