import { describe, expect, it } from 'vitest';
import { expandAbbreviations } from '../src/indicators/metrics.ts';
import { findUnitMention, inSubtree, type UnitRow } from '../src/indicators/units.ts';
import { fold } from '../src/text/fold.ts';

const UNITS: UnitRow[] = [
  { code: 'TINH', name: 'UBND tỉnh Minh Họa', parentCode: null, path: '/TINH/' },
  { code: 'SYT', name: 'Sở Y tế', parentCode: 'TINH', path: '/TINH/SYT/' },
  { code: 'SYT.NV1', name: 'Phòng Nghiệp vụ Y', parentCode: 'SYT', path: '/TINH/SYT/SYT.NV1/' },
  { code: 'SYT.NV2', name: 'Phòng Nghiệp vụ Dược', parentCode: 'SYT', path: '/TINH/SYT/SYT.NV2/' },
  { code: 'XA.ANPHU', name: 'UBND xã An Phú', parentCode: 'TINH', path: '/TINH/XA.ANPHU/' },
];

const mention = (q: string) => {
  const m = findUnitMention(q, expandAbbreviations(fold(q)), UNITS);
  return m.kind === 'unit' ? m.unit.code : null;
};

describe('unit mentions', () => {
  it.each([
    ['tỷ lệ trực tuyến SYT.NV1 tháng này', 'SYT.NV1'],
    ['ty le truc tuyen syt.nv2?', 'SYT.NV2'],
    ['tỷ lệ trực tuyến phòng nghiệp vụ dược', 'SYT.NV2'],
    ['tỷ lệ trực tuyến nghiệp vụ y tháng này', 'SYT.NV1'],
    ['ty le dung han xa an phu', 'XA.ANPHU'],
    ['tỷ lệ đúng hạn An Phú quý này', 'XA.ANPHU'],
    ['tỷ lệ trực tuyến tháng này theo phòng', null],
  ])('%s → %s', (q, code) => {
    expect(mention(q)).toBe(code);
  });

  it('a subtree is a path prefix, and a unit with a longer code is not inside a shorter one by accident', () => {
    const syt = UNITS[1]!;
    expect(inSubtree(UNITS[2]!, syt)).toBe(true);
    expect(inSubtree(UNITS[4]!, syt)).toBe(false);
    const look: UnitRow = { code: 'SYT2', name: 'Sở Y tế 2', parentCode: 'TINH', path: '/TINH/SYT2/' };
    expect(inSubtree(look, syt)).toBe(false);
  });
});
