import { fold } from '../text/fold.ts';
import { asksCount, expandAbbreviations, type Metric, parseMetrics } from './metrics.ts';
import { type Period, parsePeriods } from './periods.ts';
import type { UnitLevel } from './units.ts';

/** "xã nào thấp nhất", "phòng nào trễ hạn nhiều nhất", "theo xã". */
export interface Ranking {
  level: UnitLevel;
  /** Highest first, lowest first, or the metric's own "best first". */
  order: 'desc' | 'asc' | 'best';
  /** Ranked by the number of dossiers ("nhiều nhất", "ít nhất") rather than the rate. */
  byCount: boolean;
  /** Answer with the top one first ("… nào … nhất"). */
  top: boolean;
}

/** What an officer asked, as far as the words tell. Missing parts are empty (ask back or follow up). */
export interface OfficerQuestion {
  kind: 'figure' | 'report' | 'chart';
  /** Every metric named, in order; the first is `metric`. */
  metrics: Metric[];
  metric: Metric | null;
  /** Every period named, in order (two for a comparison); the first is `period`. */
  periods: Period[];
  period: Period | null;
  /** "theo phòng", "theo đơn vị", "xếp hạng": rank the direct sub-units. */
  breakdown: boolean;
  ranking: Ranking | null;
  /** "so với", "vs", "so sánh", "tăng hay giảm": a comparison is asked. */
  compare: boolean;
  /** "so với cùng kỳ năm trước" instead of the previous period. */
  vsLastYear: boolean;
  /** "lý do", "vì sao", "nguyên nhân": late reasons for any period length. */
  reasons: boolean;
  /** A number of dossiers is asked ("mấy hồ sơ trễ") rather than a rate. */
  count: boolean;
  /** Reads as a follow-up to the previous figure ("còn tháng trước thì sao", "phòng dược thì sao"). */
  followUp: boolean;
  /** Folded, abbreviations expanded. */
  folded: string;
}

const RANK_LEVEL: [RegExp, UnitLevel][] = [
  [/\b(xa|phuong|thi tran)( (xa|phuong))? nao\b|\b(theo|tung|cac|giua cac) (xa|phuong)\b/, 'commune'],
  [/\b(phong|chi cuc|van phong|bo phan) nao\b|\b(theo|tung|cac|giua cac) (phong|chi cuc|bo phan)\b/, 'division'],
  [/\b(don vi|co quan|noi) nao\b|\b(theo|tung|cac|giua cac) (don vi|co quan)\b|\btheo (tung|cac)\b|\bxep (hang|thu)\b/, 'any'],
];

function readRanking(t: string, count: boolean): Ranking | null {
  const level = RANK_LEVEL.find(([re]) => re.test(t))?.[1];
  if (!level) return null;
  const low = /\b(thap nhat|it nhat|kem nhat|cham nhat|thap hon|yeu nhat|te nhat|duoi cung|bet)\b|\b(it|thap)\b.*\bnhat\b/.test(t);
  const high = /\b(cao nhat|nhieu nhat|tot nhat|dan dau|cao hon|nhat)\b/.test(t);
  const byCount = count || /\b(nhieu|it)\b.*\bnhat\b/.test(t);
  const best = /\b(tot nhat|dan dau)\b/.test(t);
  return { level, order: best ? 'best' : low ? 'asc' : high ? 'desc' : 'best', byCount, top: low || high };
}

const FOLLOW_UP = /^(con|the con|vay con|con ve)\b|\bthi sao\b|\bthi the nao\b|\bthe nao\b$|\b(tang|giam) hay (giam|tang)\b|\bthi (bao nhieu|may)\b|^(so voi|so sanh voi)\b/;

/**
 * `q` with its metric, period and ranking lists replaced: the first metric and period are the ones
 * answered, and a ranking means a breakdown by unit, whoever filled the lists (typed, pressed, or
 * carried over from the last figure).
 */
export function withLists(
  q: Omit<OfficerQuestion, 'metric' | 'period' | 'breakdown'>,
  lists: Partial<Pick<OfficerQuestion, 'metrics' | 'periods' | 'ranking'>> = {},
): OfficerQuestion {
  const metrics = lists.metrics ?? q.metrics;
  const periods = lists.periods ?? q.periods;
  const ranking = lists.ranking === undefined ? q.ranking : lists.ranking;
  return { ...q, metrics, metric: metrics[0] ?? null, periods, period: periods[0] ?? null, ranking, breakdown: ranking !== null };
}

export function readQuestion(text: string, now: Date): OfficerQuestion {
  const folded = expandAbbreviations(fold(text));
  const chart = /\b(bieu do|do thi|chart|ve do thi)\b/.test(folded);
  const metrics = parseMetrics(folded);
  const report = !chart && /\bbao cao\b/.test(folded) && (metrics.length === 0 || /\bbao cao nhanh\b/.test(folded));
  const periods = parsePeriods(folded, now, text);
  const count = asksCount(folded);
  const ranking = readRanking(folded, count);
  return withLists({
    kind: chart ? 'chart' : report ? 'report' : 'figure',
    metrics,
    periods,
    ranking,
    compare: /\b(so voi|so sanh|voi ky truoc|(tang|giam) hay (giam|tang)|tang hay khong|giam hay khong|chenh lech)\b/.test(folded) || periods.length > 1,
    vsLastYear: /\bcung ky\b/.test(folded),
    reasons: /\b(ly do|vi sao|tai sao|nguyen nhan)\b/.test(folded),
    count,
    followUp: FOLLOW_UP.test(folded),
    folded,
  });
}
