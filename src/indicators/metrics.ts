// The figures an officer can ask for, and how to recognise them in a folded question.

export type RateMetric =
  | 'online_rate'
  | 'online_payment_rate'
  | 'on_time_rate'
  | 'early_rate'
  | 'late_rate'
  | 'digitized_rate'
  | 'e_result_rate';
export type CountMetric = 'received' | 'completed' | 'overdue_open';
export type IndexGroup = 'cong_khai' | 'tien_do' | 'truc_tuyen' | 'so_hoa' | 'hai_long';
export type IndexMetric = 'index_766' | `index_766_${IndexGroup}`;
export type Metric = RateMetric | CountMetric | IndexMetric;

export interface MetricInfo {
  /** How the bot names it (Vietnamese). */
  name: string;
  kind: 'rate' | 'count' | 'index';
  /** Lower is better (late, overdue): ranks ascending. */
  lowerIsBetter?: boolean;
  /** Period-free: counted as of now. */
  asOfNow?: boolean;
  /** What the numerator and denominator count, for the answer text. */
  numerator?: string;
  denominator?: string;
}

export const METRICS: Record<Metric, MetricInfo> = {
  online_rate: { name: 'Tỷ lệ hồ sơ trực tuyến', kind: 'rate', numerator: 'hồ sơ nộp trực tuyến', denominator: 'hồ sơ tiếp nhận' },
  online_payment_rate: {
    name: 'Tỷ lệ thanh toán trực tuyến',
    kind: 'rate',
    numerator: 'hồ sơ thanh toán trực tuyến',
    denominator: 'hồ sơ có phí, lệ phí',
  },
  on_time_rate: { name: 'Tỷ lệ giải quyết đúng hạn', kind: 'rate', numerator: 'hồ sơ đúng hạn (kể cả trước hạn)', denominator: 'hồ sơ đã giải quyết' },
  early_rate: { name: 'Tỷ lệ giải quyết trước hạn', kind: 'rate', numerator: 'hồ sơ trước hạn', denominator: 'hồ sơ đã giải quyết' },
  late_rate: {
    name: 'Tỷ lệ giải quyết trễ hạn',
    kind: 'rate',
    lowerIsBetter: true,
    numerator: 'hồ sơ trễ hạn',
    denominator: 'hồ sơ đã giải quyết',
  },
  digitized_rate: { name: 'Tỷ lệ số hóa hồ sơ', kind: 'rate', numerator: 'hồ sơ đã số hóa', denominator: 'hồ sơ tiếp nhận' },
  e_result_rate: {
    name: 'Tỷ lệ trả kết quả điện tử',
    kind: 'rate',
    numerator: 'hồ sơ có kết quả điện tử',
    denominator: 'hồ sơ đã giải quyết',
  },
  received: { name: 'Số hồ sơ tiếp nhận', kind: 'count' },
  completed: { name: 'Số hồ sơ đã giải quyết', kind: 'count' },
  overdue_open: { name: 'Số hồ sơ quá hạn chưa giải quyết', kind: 'count', lowerIsBetter: true, asOfNow: true },
  index_766: { name: 'Bộ chỉ số 766', kind: 'index' },
  index_766_cong_khai: { name: 'Nhóm Công khai, minh bạch (766)', kind: 'index' },
  index_766_tien_do: { name: 'Nhóm Tiến độ giải quyết (766)', kind: 'index' },
  index_766_truc_tuyen: { name: 'Nhóm Dịch vụ trực tuyến (766)', kind: 'index' },
  index_766_so_hoa: { name: 'Nhóm Số hóa hồ sơ (766)', kind: 'index' },
  index_766_hai_long: { name: 'Nhóm Mức độ hài lòng (766)', kind: 'index' },
};

export function isMetric(s: string): s is Metric {
  return Object.hasOwn(METRICS, s);
}

/** Common officer shorthand, expanded on folded text before matching. */
const ABBREVIATIONS: [RegExp, string][] = [
  [/\btl\b/g, 'ty le'],
  [/\bhs\b/g, 'ho so'],
  [/\bttht\b|\btttt\b/g, 'thanh toan truc tuyen'],
  [/\btt\b/g, 'truc tuyen'],
  [/\bonl\b|\bonline\b|\bqua mang\b/g, 'truc tuyen'],
  [/\bbcn\b/g, 'bao cao nhanh'],
  [/\bbc\b/g, 'bao cao'],
  [/\bq\s?([1-4])\b/g, 'quy $1'],
  [/\bt\s?(1[0-2]|0?[1-9])(?=\b|\/)/g, 'thang $1'],
  [/\bdvcqg\b/g, 'dich vu cong quoc gia'],
  [/\bsh\b/g, 'so hoa'],
  [/\bkqdt\b/g, 'ket qua dien tu'],
  [/\bpb\b/g, 'phong'],
  [/\bdv\b/g, 'don vi'],
  [/\bko\b|\bk\b|\bkhong\b/g, 'khong'],
  [/\bthang thu\b/g, 'thang'],
];

export function expandAbbreviations(folded: string): string {
  let t = folded.replace(/[?!.,;:]+(\s|$)/g, ' ').replace(/\s+/g, ' ').trim();
  for (const [re, to] of ABBREVIATIONS) t = t.replace(re, to);
  return t;
}

const GROUPS: [RegExp, IndexGroup][] = [
  [/\bcong khai\b|\bminh bach\b/, 'cong_khai'],
  [/\btien do\b/, 'tien_do'],
  [/\bdich vu (cong )?truc tuyen\b|\bthanh toan truc tuyen\b|\btruc tuyen\b/, 'truc_tuyen'],
  [/\bso hoa\b/, 'so_hoa'],
  [/\bhai long\b/, 'hai_long'],
];

/** Reads the metric from an expanded folded question; null when none is named. */
export function parseMetric(t: string): Metric | null {
  const indexContext = /\b766\b|\bbo chi so\b|\bchi so\b|\bdiem\b|\bnhom\b|\b\d{1,2}([.,]\d+)?\/(18|20|22)\b/.test(t);
  if (indexContext) {
    for (const [re, group] of GROUPS) if (re.test(t)) return `index_766_${group}`;
    return 'index_766';
  }
  if (/\bthanh toan\b.*\b(truc tuyen|khong dung tien mat|dien tu)\b|\bkhong dung tien mat\b/.test(t)) return 'online_payment_rate';
  if (/\b(qua han|tre han|tre hen)\b.*\b(dang|chua (giai quyet|xu ly|hoan thanh|tra)|ton|con)\b|\bqua han\b|\bton dong\b/.test(t)) {
    return 'overdue_open';
  }
  if (/\btruoc han\b|\bsom han\b/.test(t)) return 'early_rate';
  if (/\b(tre han|tre hen|cham tra|giai quyet cham|ly do tre)\b/.test(t)) return 'late_rate';
  if (/\bdung han\b|\bdung hen\b/.test(t)) return 'on_time_rate';
  if (/\bket qua dien tu\b|\btra ket qua (dien tu|truc tuyen)\b/.test(t)) return 'e_result_rate';
  if (/\bso hoa\b/.test(t)) return 'digitized_rate';
  if (/\btruc tuyen\b|\btu xa\b/.test(t)) return 'online_rate';
  if (/\b(hoan thanh|da giai quyet|giai quyet xong|da xu ly|xu ly xong|tra ket qua)\b/.test(t)) return 'completed';
  if (/\b(tiep nhan|nhan duoc|tong so ho so|bao nhieu ho so|so ho so|so luong ho so)\b/.test(t)) return 'received';
  return null;
}
