import { fold } from '../text/fold.ts';
import { expandAbbreviations, type Metric, parseMetric } from './metrics.ts';
import { type Period, parsePeriod } from './periods.ts';

/** What an officer asked, as far as the words tell. Missing parts are null (ask back). */
export interface OfficerQuestion {
  kind: 'figure' | 'report' | 'chart';
  metric: Metric | null;
  period: Period | null;
  /** "theo phòng", "theo đơn vị", "xếp hạng": rank the direct sub-units. */
  breakdown: boolean;
  /** "so với cùng kỳ năm trước" instead of the previous period. */
  vsLastYear: boolean;
  /** "lý do", "vì sao", "nguyên nhân": late reasons for any period length. */
  reasons: boolean;
  /** Folded, abbreviations expanded (for unit matching). */
  folded: string;
}

export function readQuestion(text: string, now: Date): OfficerQuestion {
  const folded = expandAbbreviations(fold(text));
  const chart = /\b(bieu do|do thi|chart|ve do thi)\b/.test(folded);
  const metric = parseMetric(folded);
  const report = !chart && /\bbao cao\b/.test(folded) && (metric === null || /\bbao cao nhanh\b/.test(folded));
  return {
    kind: chart ? 'chart' : report ? 'report' : 'figure',
    metric,
    period: parsePeriod(folded, now, text),
    breakdown: /\btheo (phong|don vi|tung|cac)\b|\b(tung|cac) (phong|don vi)\b|\bxep (hang|thu)\b|\bdon vi nao\b|\bphong nao\b/.test(folded),
    vsLastYear: /\bcung ky\b/.test(folded),
    reasons: /\b(ly do|vi sao|tai sao|nguyen nhan)\b/.test(folded),
    folded,
  };
}
