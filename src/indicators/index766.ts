// The 766 index (QĐ 766/QĐ-TTg): official imported scores when we have them, otherwise an
// estimate of the criteria our dossier data can support. Criteria we cannot compute stay
// "chưa có dữ liệu" and are never counted as zero or summed into a total.

import { sql } from 'kysely';
import type { Db } from '../store/db.ts';
import type { Counters } from './counters.ts';
import { formatInt, formatPercent, formatPoints, round } from './format.ts';

/**
 * The five groups of QĐ 766/QĐ-TTg and their maximum points (facts/indicators-766.md): the one
 * table of them. Metric names, question words, score imports and the estimate all read it.
 */
export const GROUPS = [
  { group: 'cong_khai', name: 'Công khai, minh bạch', max: 18 },
  { group: 'tien_do', name: 'Tiến độ giải quyết', max: 20 },
  { group: 'truc_tuyen', name: 'Dịch vụ trực tuyến', max: 22 },
  { group: 'so_hoa', name: 'Số hóa hồ sơ', max: 22 },
  { group: 'hai_long', name: 'Mức độ hài lòng', max: 18 },
] as const;

export type IndexGroup = (typeof GROUPS)[number]['group'];

/** Points of the whole index: the groups' maxima summed (100). */
export const INDEX_MAX = GROUPS.reduce((s, g) => s + g.max, 0);

/** Points out of a group's maximum as officers write them ("9/22", "17,5/20"), as regex source. */
export const GROUP_POINTS = String.raw`\d{1,2}([.,]\d+)?\/(${[...new Set(GROUPS.map((g) => g.max))].join('|')})`;

export function groupOf(group: IndexGroup): (typeof GROUPS)[number] {
  return GROUPS.find((g) => g.group === group)!;
}

/** Satisfaction with TTHC handling earns its full points from this share of satisfied citizens (%). */
export const SATISFIED_FULL_POINTS_AT = 90;

export const NO_DATA = 'chưa có dữ liệu';
export const ESTIMATE_NOTE = 'ước tính theo cách tính trên Cổng DVCQG tại thời điểm cập nhật dữ liệu';

export interface Criterion {
  name: string;
  /** Points of this criterion; null when the split is not published. */
  max: number | null;
  /** Estimated points; null when our data cannot support it. */
  points: number | null;
  formula?: string;
}

export interface GroupEstimate {
  group: IndexGroup;
  name: string;
  max: number;
  criteria: Criterion[];
  /** Points estimated, and the maximum of the criteria they cover. */
  estimated: number | null;
  estimatedOf: number;
}

export interface OpenCounts {
  /** Dossiers still open now. */
  open: number;
  /** Of those, the ones whose deadline has passed. */
  overdue: number;
}

function proportional(name: string, max: number, num: number, den: number, what: string): Criterion {
  if (den === 0) return { name, max, points: null, formula: `không có ${what} trong kỳ` };
  const points = round((max * num) / den, 2);
  return { name, max, points, formula: `${max} × ${formatInt(num)} / ${formatInt(den)} = ${formatPoints(points)}` };
}

/** Per-group estimates from the roll-up counters and the open dossiers. */
export function estimateGroups(c: Counters, open: OpenCounts): GroupEstimate[] {
  const onTime = c.completed - c.completedLate;
  const withinDeadline = open.open - open.overdue;
  const handled = c.completed + open.open;
  // Group 2 is one criterion worth the whole group (official formula).
  const max = groupOf('tien_do').max;
  const tienDo: Criterion =
    handled === 0
      ? { name: 'Hồ sơ giải quyết trước hạn, đúng hạn và còn trong hạn', max, points: null, formula: 'không có hồ sơ trong kỳ' }
      : (() => {
          const points = round((max * (onTime + withinDeadline)) / handled, 2);
          return {
            name: 'Hồ sơ giải quyết trước hạn, đúng hạn và còn trong hạn',
            max,
            points,
            formula: `${max} × (${formatInt(onTime)} đúng/trước hạn + ${formatInt(withinDeadline)} còn trong hạn) / (${formatInt(c.completed)} đã giải quyết + ${formatInt(open.open)} đang giải quyết) = ${formatPoints(points)}`,
          };
        })();
  const onlineShare = c.received > 0 ? (c.receivedOnline / c.received) * 100 : null;
  const groups: Record<IndexGroup, Criterion[]> = {
    cong_khai: [
      { name: 'Công bố TTHC đúng hạn', max: 6, points: null },
      { name: 'Cập nhật thông tin công khai đúng hạn', max: 4, points: null },
      { name: 'Công khai tại nơi tiếp nhận', max: 2, points: null },
      { name: 'Đồng bộ hồ sơ lên Cổng DVCQG', max: 6, points: null },
    ],
    tien_do: [tienDo],
    truc_tuyen: [
      {
        name: 'Cung cấp DVC trực tuyến (tỷ lệ thủ tục, dịch vụ phát sinh hồ sơ, hồ sơ trực tuyến × tỷ lệ đồng bộ)',
        max: 12,
        points: null,
        formula:
          onlineShare === null
            ? undefined
            : `cách chia 12 điểm chưa được công bố; tham khảo: hồ sơ trực tuyến ${formatPercent(onlineShare)} (${formatInt(c.receivedOnline)}/${formatInt(c.received)}), ngưỡng 50 %, chưa nhân tỷ lệ đồng bộ DVCQG`,
      } as Criterion,
      proportional('Hồ sơ thanh toán trực tuyến / hồ sơ có phí', 6, c.paidOnline, c.receivedWithFee, 'hồ sơ có phí'),
      { name: 'Thủ tục có phát sinh thanh toán trực tuyến', max: 2, points: null },
      { name: 'Thủ tục tích hợp thanh toán trực tuyến', max: 2, points: null },
    ],
    so_hoa: [
      proportional('Kết quả giải quyết cấp bản điện tử', 6, c.eResult, c.completed, 'hồ sơ đã giải quyết'),
      proportional('Số hóa thành phần hồ sơ', 4, c.digitized, c.received, 'hồ sơ tiếp nhận'),
      { name: 'Tái sử dụng dữ liệu số hóa', max: 2, points: null },
      { name: 'Sử dụng kho dữ liệu cá nhân', max: 4, points: null },
      { name: 'Khai thác dữ liệu dân cư — hồ sơ', max: 2, points: null },
      { name: 'Khai thác dữ liệu dân cư — thủ tục', max: 2, points: null },
      { name: 'Chứng thực điện tử cấp xã', max: 2, points: null },
    ],
    hai_long: [
      { name: 'Xử lý phản ánh, kiến nghị đúng hạn', max: 6, points: null },
      { name: 'Hài lòng về xử lý phản ánh, kiến nghị', max: 6, points: null },
      { name: `Hài lòng về giải quyết TTHC (tối đa khi ≥ ${SATISFIED_FULL_POINTS_AT} %)`, max: 6, points: null },
    ],
  };
  return GROUPS.map(({ group, name, max }) => {
    const criteria = groups[group];
    const known = criteria.filter((k) => k.points !== null);
    return {
      group,
      name,
      max,
      criteria,
      estimated: known.length > 0 ? round(known.reduce((s, k) => s + (k.points ?? 0), 0), 2) : null,
      estimatedOf: known.reduce((s, k) => s + (k.max ?? 0), 0),
    };
  });
}

export interface OfficialScores {
  period: string;
  /** Group → score; absent groups were not imported. */
  scores: Partial<Record<IndexGroup | 'tong', number>>;
}

/** Official scores imported for a unit and period key ("2025-11", "2025-Q3", "2025"), or null. */
export async function officialScores(db: Db, unitCode: string, periodKey: string): Promise<OfficialScores | null> {
  const rows = await db
    .selectFrom('index_scores')
    .select(['nhom', sql<number>`score::float8`.as('score')])
    .where('unit_code', '=', unitCode)
    .where('period', '=', periodKey)
    .execute();
  if (rows.length === 0) return null;
  const scores: OfficialScores['scores'] = {};
  for (const r of rows) scores[r.nhom as IndexGroup | 'tong'] = Number(r.score);
  return { period: periodKey, scores };
}

/** One group's lines: official score, or the estimate with its formulas. */
export function groupLines(g: GroupEstimate, official: OfficialScores | null, detailed: boolean): string[] {
  const score = official?.scores[g.group];
  if (score !== undefined) return [`• ${g.name}: ${formatPoints(score)}/${g.max} điểm (điểm chính thức đã nhập)`];
  if (g.estimated === null) return [`• ${g.name} (${g.max} điểm): ${NO_DATA}`];
  const missing = g.max - g.estimatedOf;
  const head =
    missing === 0
      ? `• ${g.name}: ước tính ${formatPoints(g.estimated)}/${g.max} điểm`
      : `• ${g.name} (${g.max} điểm): ước tính ${formatPoints(g.estimated)}/${g.estimatedOf} điểm ở phần tính được; ${missing} điểm còn lại ${NO_DATA}`;
  if (!detailed) return [head];
  const lines = [head];
  for (const k of g.criteria) {
    const max = k.max === null ? '' : ` (${k.max} điểm)`;
    if (k.points !== null) lines.push(`   – ${k.name}${max}: ${k.formula}`);
    else lines.push(`   – ${k.name}${max}: ${NO_DATA}${k.formula ? ` (${k.formula})` : ''}`);
  }
  return lines;
}
