// The figures an officer can ask for, and how to recognise them in a folded question.

import { GROUP_POINTS, GROUPS as INDEX_GROUPS, type IndexGroup } from './index766.ts';

export type RateMetric =
  | 'online_rate'
  | 'online_payment_rate'
  | 'on_time_rate'
  | 'early_rate'
  | 'late_rate'
  | 'digitized_rate'
  | 'e_result_rate';
export type CountMetric = 'received' | 'completed' | 'open' | 'overdue_open';
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
  open: { name: 'Số hồ sơ đang giải quyết', kind: 'count', lowerIsBetter: true, asOfNow: true },
  overdue_open: { name: 'Số hồ sơ quá hạn chưa giải quyết', kind: 'count', lowerIsBetter: true, asOfNow: true },
  index_766: { name: 'Bộ chỉ số 766', kind: 'index' },
  ...(Object.fromEntries(INDEX_GROUPS.map((g) => [`index_766_${g.group}`, { name: `Nhóm ${g.name} (766)`, kind: 'index' }])) as Record<
    `index_766_${IndexGroup}`,
    MetricInfo
  >),
};

/** The 766 group an index metric is about; null for the whole index and for other metrics. */
export function indexGroupOf(metric: Metric): IndexGroup | null {
  return metric.startsWith('index_766_') ? (metric.slice('index_766_'.length) as IndexGroup) : null;
}

export function isMetric(s: string): s is Metric {
  return Object.hasOwn(METRICS, s);
}

/**
 * Officer shorthand, expanded on folded text before matching (folding already makes "tỉ"/"tỷ"
 * one form). Order matters: longer forms first ("ttrt" before "tt", "bcn" before "bc").
 */
const ABBREVIATIONS: [RegExp, string][] = [
  [/\bhqua\b|\bhom wa\b|\bhwa\b/g, 'hom qua'],
  [/\bhnay\b|\bh nay\b/g, 'hom nay'],
  // "tl" is "tỷ lệ" only before what a rate is of or when: citizens write "tl" for "trả lời"
  // ("tl giup toi lam cccd o dau", "nhờ tl giúp" were refused as officer questions).
  [/\btl(?= (tt|ttht|tttt|ttrt|truc tuyen|onl|online|ol|dung han|som han|tre han|qua han|so hoa|sh|thanh toan|hs|ho so|kq|ket qua|hai long|giai quyet|cua|thang|thg|th|quy|nam|toan|phong|xa|chi cuc|q\s?[1-4]|t\s?\d)\b)/g, 'ty le'],
  [/\bhs\b|\bhso\b/g, 'ho so'],
  [/\bttht\b|\btttt\b|\bttrt\b|\btt tt\b/g, 'thanh toan truc tuyen'],
  [/\bthanh toan tt\b/g, 'thanh toan truc tuyen'],
  [/\btt\b/g, 'truc tuyen'],
  [/\bonl\b|\bonline\b|\bqua mang\b|\bol\b/g, 'truc tuyen'],
  [/\bkqdt\b|\bkqđt\b/g, 'ket qua dien tu'],
  [/\bkq\b/g, 'ket qua'],
  // "kq đt", "trả kq dt": after "kết quả" only, "đt" is never "đào tạo" or "điện thoại".
  [/\bket qua dt\b/g, 'ket qua dien tu'],
  [/\bbcn\b/g, 'bao cao nhanh'],
  [/\bbc\b/g, 'bao cao'],
  [/\bq\s?([1-4])\b/g, 'quy $1'],
  [/\bt\s?(1[0-2]|0?[1-9])(?=\b|\/)/g, 'thang $1'],
  [/\bthg\b|\bthag\b|\bth\b/g, 'thang'],
  [/\bbnhieu\b|\bbn\b|\bbao nhiu\b|\bbao nhieu\b|\bbao nhjeu\b|\bbnh\b/g, 'bao nhieu'],
  [/\bdc\b|\bdk\b(?= bao)|\bđc\b/g, 'duoc'],
  [/\bvs\b|\bsv\b/g, 'so voi'],
  [/\bdvcqg\b/g, 'dich vu cong quoc gia'],
  [/\bsh\b/g, 'so hoa'],
  [/\bpb\b/g, 'phong'],
  [/\bdv\b/g, 'don vi'],
  [/\bko\b|\bk\b|\bkhong\b|\bhok\b|\bkg\b/g, 'khong'],
  [/\bthang thu\b/g, 'thang'],
  [/\bnam ngoai\b|\bnam roi\b/g, 'nam ngoai'],
  [/%/g, ' phan tram '],
];

// "nay nhận được bao nhiêu hồ sơ": a bare "nay" is today unless it ends a period ("tháng nay").
const BARE_TODAY = /(^|\s)(?<!(thang|tuan|quy|nam|hom|ngay|den|toi|hien|luc|bay|gio|ky|dip|cho|truoc|sau) )nay(?=\s|$)/g;

export function expandAbbreviations(folded: string): string {
  let t = folded.replace(/[?!,;:…"“”()]+/g, ' ').replace(/\.(\s|$)/g, ' ').replace(/\s+/g, ' ').trim();
  for (const [re, to] of ABBREVIATIONS) t = t.replace(re, to);
  t = t.replace(BARE_TODAY, '$1hom nay');
  return t.replace(/\s+/g, ' ').trim();
}

/** The words of each 766 group, tried in the table's order. */
const GROUP_WORDS: Record<IndexGroup, RegExp> = {
  cong_khai: /\bcong khai\b|\bminh bach\b/,
  tien_do: /\btien do\b/,
  truc_tuyen: /\bdich vu (cong )?truc tuyen\b|\bthanh toan truc tuyen\b|\btruc tuyen\b/,
  so_hoa: /\bso hoa\b/,
  hai_long: /\bhai long\b/,
};

const INDEX_CONTEXT = new RegExp(String.raw`\b766\b|\bbo chi so\b|\bchi so\b|\bdiem\b|\bnhom\b|\b${GROUP_POINTS}\b`);

/**
 * The words of each metric (the one home of them), tried in this order; a match takes its words
 * so a later metric cannot reuse them ("thanh toán trực tuyến" is not also "trực tuyến").
 */
const METRIC_WORDS: [Metric, RegExp][] = [
  ['online_payment_rate', /\bthanh toan( (truc tuyen|dien tu|khong dung tien mat|qua cong))?\b|\bkhong dung tien mat\b/],
  [
    'overdue_open',
    /\b(ho so )?(qua han|tre han|tre hen|tre)( ma)? (chua|dang|con)( (giai quyet|xu ly|hoan thanh|tra|ton))?( xong)?\b|\bqua han\b/,
  ],
  ['open', /\b(dang|chua) (giai quyet|xu ly|thu ly|hoan thanh|tra ket qua|tra)( xong)?\b|\bton dong\b|\bcon ton\b|\bton\b|\bchua xong\b/],
  ['early_rate', /\b((giai quyet|xu ly|tra( ket qua)?|hoan thanh) )?(truoc han|som han|som hen)\b/],
  ['late_rate', /\b((giai quyet|xu ly|tra( ket qua)?|hoan thanh) )?(tre han|tre hen|tre|cham tra|cham)\b|\bly do tre\b/],
  ['on_time_rate', /\b((giai quyet|xu ly|tra( ket qua)?|hoan thanh) )?(dung han|dung hen|dung thoi han|dung tien do)\b/],
  ['e_result_rate', /\b(tra )?ket qua (dien tu|truc tuyen|ban dien tu)\b/],
  ['digitized_rate', /\bso hoa\b/],
  ['online_rate', /\b(nop |ho so |tiep nhan )?(truc tuyen|tu xa)\b/],
  ['completed', /\b(da |duoc )?(hoan thanh|giai quyet xong|xu ly xong|tra ket qua|da giai quyet|da xu ly)\b/],
  ['received', /\b(tiep nhan|nhan duoc|nhan|ho so moi|nop vao)\b/],
];

/** A count asked without naming what is counted ("bao nhiêu hồ sơ", "mấy hồ sơ"): received. */
const COUNT_WORDS = /\b(bao nhieu|may|tong so|so luong|tong|so) (ho so|bo ho so)\b|\bho so\b.*\b(bao nhieu|may)\b/;
const SOLVED_WORDS = /\bgiai quyet\b|\bxu ly\b/;

/** Every metric named in an expanded folded question, in the order they are written. */
export function parseMetrics(t: string): Metric[] {
  if (INDEX_CONTEXT.test(t)) {
    for (const { group } of INDEX_GROUPS) if (GROUP_WORDS[group].test(t)) return [`index_766_${group}`];
    return ['index_766'];
  }
  let rest = ` ${t} `;
  const found: { metric: Metric; at: number }[] = [];
  for (const [metric, re] of METRIC_WORDS) {
    const g = new RegExp(re.source, 'g');
    let m: RegExpExecArray | null;
    let hit = false;
    for (;;) {
      m = g.exec(rest);
      if (!m) break;
      if (!hit) found.push({ metric, at: m.index });
      hit = true;
      rest = rest.slice(0, m.index) + ' '.repeat(m[0].length) + rest.slice(m.index + m[0].length);
    }
  }
  if (found.length === 0) {
    if (SOLVED_WORDS.test(rest) && !/\bty le\b/.test(rest)) return ['completed'];
    if (COUNT_WORDS.test(rest)) return ['received'];
    return [];
  }
  // "số hồ sơ nhận" + "trễ hạn": one question about late dossiers, not also about those received.
  const out = found.sort((a, b) => a.at - b.at).map((f) => f.metric);
  return out.length > 1 && out.includes('received') && !/\b(tiep nhan|nhan duoc)\b/.test(t) ? out.filter((m) => m !== 'received') : out;
}

/** Reads the first metric named in an expanded folded question; null when none is named. */
export function parseMetric(t: string): Metric | null {
  return parseMetrics(t)[0] ?? null;
}

/** A count is asked ("bao nhiêu hồ sơ trễ", "mấy hồ sơ") rather than a rate. */
export function asksCount(t: string): boolean {
  return /\b(bao nhieu|may) (ho so|cai|bo)\b|\b(so|so luong|tong so) ho so\b|\bho so\b.*\b(bao nhieu|may)( cai)?$|\bmay\b.*\bho so\b/.test(t) && !/\bty le\b|\bphan tram\b/.test(t);
}

/** Offered as buttons when a figure question names no metric, in this order, with their short labels. */
export const METRIC_CHOICES: readonly { metric: Metric; label: string }[] = [
  { metric: 'online_rate', label: 'Tỷ lệ trực tuyến' },
  { metric: 'online_payment_rate', label: 'Thanh toán trực tuyến' },
  { metric: 'on_time_rate', label: 'Giải quyết đúng hạn' },
  { metric: 'overdue_open', label: 'Hồ sơ quá hạn' },
  { metric: 'digitized_rate', label: 'Số hóa hồ sơ' },
  { metric: 'index_766', label: 'Chỉ số 766' },
];
