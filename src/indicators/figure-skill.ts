import type { AppDeps } from '../app.ts';
import type { Skill, TurnContext } from '../core/skill.ts';
import type { Button, IncomingMessage, Reply } from '../core/types.ts';
import { type AnswerContext, answerComparison, answerFigure, answerMetrics, answerRanking, unitLabel } from './answer.ts';
import { answerChart, answerUnitsChart, CHART_HELP, CHARTABLE } from './chart-answer.ts';
import { estimateGroups } from './index766.ts';
import { type IndexGroup, METRICS, type Metric } from './metrics.ts';
import { buildQuickReport } from './quick-report.ts';
import { type Period, previousPeriod } from './periods.ts';
import { type OfficerQuestion, readQuestion } from './question.ts';
import { loadTargets, type Target } from './targets.ts';
import { childrenOf, findUnitMentions, inSubtree, loadUnits, type UnitRow, unitByCode } from './units.ts';

/** Button data the figure skill understands: `fig:m:<metric>` or `fig:p:<period>`. */
export const BUTTON_PREFIX = 'fig:';

const METRIC_PHRASES: Record<string, string> = {
  online_rate: 'ty le truc tuyen',
  online_payment_rate: 'ty le thanh toan truc tuyen',
  on_time_rate: 'ty le dung han',
  late_rate: 'ho so tre han',
  overdue_open: 'ho so qua han dang giai quyet',
  digitized_rate: 'ty le so hoa',
  e_result_rate: 'ty le ket qua dien tu',
  received: 'so ho so tiep nhan',
  completed: 'so ho so da giai quyet',
  index_766: 'diem bo chi so 766',
  report: 'bao cao nhanh',
};

const PERIOD_PHRASES: Record<string, { label: string; phrase: string }> = {
  today: { label: 'Hôm nay', phrase: 'hom nay' },
  week: { label: 'Tuần này', phrase: 'tuan nay' },
  month: { label: 'Tháng này', phrase: 'thang nay' },
  last_month: { label: 'Tháng trước', phrase: 'thang truoc' },
  quarter: { label: 'Quý này', phrase: 'quy nay' },
  year: { label: 'Năm nay', phrase: 'nam nay' },
  m6: { label: '6 tháng gần nhất', phrase: '6 thang qua' },
  m12: { label: '12 tháng gần nhất', phrase: '12 thang qua' },
};

const METRIC_CHOICES: [string, string][] = [
  ['Tỷ lệ trực tuyến', 'online_rate'],
  ['Thanh toán trực tuyến', 'online_payment_rate'],
  ['Giải quyết đúng hạn', 'on_time_rate'],
  ['Hồ sơ quá hạn', 'overdue_open'],
  ['Số hóa hồ sơ', 'digitized_rate'],
  ['Chỉ số 766', 'index_766'],
  ['Báo cáo nhanh', 'report'],
];

// Things officers ask about that our imports do not carry: say so instead of a wrong figure.
const NOT_IMPORTED: [RegExp, string][] = [
  [/\b(phan anh|kien nghi|pakn)\b/, 'Số liệu phản ánh, kiến nghị (PAKN)'],
  [/\bdong bo\b/, 'Số liệu đồng bộ hồ sơ lên Cổng Dịch vụ công quốc gia'],
  [/\bxin loi\b/, 'Số liệu thư xin lỗi người dân, doanh nghiệp'],
];

interface Pending {
  text: string;
}

/** The last figure question answered in this chat, for follow-ups that change one part of it. */
export interface LastFigure {
  metrics: Metric[];
  period: Period | null;
  unit: string;
  /** When it was answered (ms): a follow-up an hour later is a new question. */
  at: number;
}

const FOLLOW_UP_MS = 60 * 60_000;

function buttonsOf(pairs: [string, string][], kind: 'm' | 'p'): Button[][] {
  const rows: Button[][] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    rows.push(pairs.slice(i, i + 2).map(([label, key]) => ({ label, data: `${BUTTON_PREFIX}${kind}:${key}` })));
  }
  return rows;
}

function askMetric(chart: boolean): Reply {
  const pairs = chart
    ? METRIC_CHOICES.filter(([, m]) => CHARTABLE.includes(m as Metric))
    : METRIC_CHOICES;
  return {
    intent: 'clarify',
    text: chart ? 'Anh/chị muốn xem biểu đồ chỉ số nào?' : 'Anh/chị muốn xem số liệu nào? Vui lòng chọn một chỉ số:',
    buttons: buttonsOf(pairs, 'm'),
  };
}

function askPeriod(q: OfficerQuestion): Reply {
  const keys =
    q.kind === 'chart'
      ? ['m6', 'm12', 'year']
      : q.metric?.startsWith('index_766')
        ? ['month', 'last_month', 'quarter', 'year']
        : ['today', 'week', 'month', 'last_month', 'quarter', 'year'];
  const name = q.metric ? METRICS[q.metric].name : 'số liệu';
  return {
    intent: 'clarify',
    text: `${name}: anh/chị muốn xem kỳ nào?`,
    buttons: buttonsOf(
      keys.map((k) => [PERIOD_PHRASES[k]!.label, k]),
      'p',
    ),
  };
}

/** How a 766 group (or all five) is scored, from facts/indicators-766.md. */
function scoringRules(metric: Metric): string {
  const zero = { received: 0, receivedOnline: 0, receivedWithFee: 0, paidOnline: 0, digitized: 0, completed: 0, completedEarly: 0, completedLate: 0, eResult: 0 };
  const only = metric === 'index_766' ? null : (metric.slice('index_766_'.length) as IndexGroup);
  const groups = estimateGroups(zero, { open: 0, overdue: 0 }).filter((g) => !only || g.group === only);
  const lines = ['Cách tính Bộ chỉ số 766 (QĐ 766/QĐ-TTg), theo cách tính trên Cổng DVCQG tại thời điểm cập nhật dữ liệu:'];
  for (const g of groups) {
    lines.push(`• ${g.name} — ${g.max} điểm:`);
    for (const k of g.criteria) lines.push(`   – ${k.name}${k.max === null ? '' : ` (${k.max} điểm)`}`);
  }
  lines.push('Tiêu chí tỷ lệ: điểm = điểm tối đa × tỷ lệ; tiêu chí có ngưỡng T: đủ điểm khi tỷ lệ ≥ T, dưới đó điểm tối đa × tỷ lệ / T.');
  return lines.join('\n');
}

function completeness(q: OfficerQuestion): number {
  return (q.metric || q.kind === 'report' ? 1 : 0) + (q.period ? 1 : 0);
}

/** A figure question with one part missing takes it from the previous figure question of the chat. */
function withLast(q: OfficerQuestion, last: LastFigure | undefined, namedUnit: boolean, now: Date): { q: OfficerQuestion; unit: string | null } {
  if (!last || now.getTime() - last.at > FOLLOW_UP_MS || q.kind !== 'figure') return { q, unit: null };
  const missingMetric = q.metrics.length === 0;
  const missingPeriod = q.periods.length === 0;
  // A complete question stands alone; one missing its metric or period, or worded as a follow-up, continues the last.
  if (!missingMetric && !missingPeriod && !q.followUp) return { q, unit: null };
  const metrics = missingMetric ? last.metrics : q.metrics;
  let periods = q.periods;
  let compare = q.compare;
  if (missingPeriod && last.period) periods = [last.period];
  // "so với tháng trước tăng hay giảm": the last period against the one named, or the one before it.
  if (q.compare && last.period && q.periods.length <= 1 && !q.vsLastYear && missingMetric) {
    // "so với tháng trước" after a figure means the period before the one just shown.
    const other = /\b(thang|quy|nam|tuan|ky) truoc\b/.test(q.folded) ? undefined : q.periods[0];
    const before = !other || (other.from === last.period.from && other.to === last.period.to) ? previousPeriod(last.period, now) : other;
    periods = [last.period, before];
    compare = true;
  }
  return {
    q: { ...q, metrics, metric: metrics[0] ?? null, periods, period: periods[0] ?? null, compare },
    unit: namedUnit ? null : last.unit,
  };
}

/** Officer figures (issue 5): only reached by enrolled officers; every figure stays in their subtree. */
export async function createFigureSkill(deps: AppDeps): Promise<Skill> {
  const targets: Target[] = loadTargets();
  const scope = deps.config.TARGET_SCOPE;

  async function handle(message: IncomingMessage, ctx: TurnContext): Promise<Reply> {
    const officer = ctx.officer;
    if (!officer) {
      return { intent: 'officer', text: 'Số liệu chỉ dành cho cán bộ đã đăng ký. Cán bộ gửi /dangky MÃ (mã mời của đơn vị) để đăng ký.' };
    }
    const pending = ctx.chat.data.figPending as Pending | undefined;
    const last = ctx.chat.data.figLast as LastFigure | undefined;
    let text = message.text;
    const data = message.callbackData;
    if (data?.startsWith(BUTTON_PREFIX)) {
      const [, kind, key = ''] = data.split(':');
      const phrase = kind === 'm' ? METRIC_PHRASES[key] : PERIOD_PHRASES[key]?.phrase;
      if (!phrase) return { intent: 'officer', text: 'Lựa chọn này đã cũ. Anh/chị vui lòng hỏi lại, ví dụ: "tỷ lệ trực tuyến tháng này".' };
      text = `${pending?.text ?? ''} ${phrase}`.trim();
    }
    let q = readQuestion(text, ctx.now);
    if (pending && !data && completeness(q) < 2) {
      const merged = readQuestion(`${pending.text} ${text}`, ctx.now);
      if (completeness(merged) > completeness(q)) {
        q = merged;
        text = `${pending.text} ${text}`;
      }
    }
    const units = await loadUnits(deps.db.sql);
    const home = unitByCode(officer.unitCode, units);
    if (!home) return { intent: 'officer', text: `Không tìm thấy đơn vị ${officer.unitCode} của anh/chị trong dữ liệu. Vui lòng liên hệ quản trị viên.` };
    const forget = () => ctx.updateChat({ data: { ...ctx.chat.data, figPending: undefined } });

    // Every unit named must be found and within reach; never answered with another unit's figure.
    const mentions = findUnitMentions(text, units, home);
    const unknown = mentions.find((m) => m.kind === 'unknown');
    if (unknown) {
      forget();
      const mine = [home, ...childrenOf(home, units)].map((u) => `${u.name} (${u.code})`).join('; ');
      return {
        intent: 'officer',
        text: `Không tìm thấy đơn vị "${unknown.said}" trong danh sách đơn vị đã nhập, nên chưa có số liệu cho đơn vị này. Anh/chị xem được: ${mine}. Có thể gõ mã đơn vị, hoặc nhờ quản trị viên thêm tên gọi khác (cột ten_goi_khac khi nhập danh sách đơn vị).`,
      };
    }
    const ambiguous = mentions.find((m) => m.kind === 'ambiguous');
    if (ambiguous && ambiguous.kind === 'ambiguous') {
      forget();
      return {
        intent: 'officer',
        text: `"${ambiguous.said}" có thể là: ${ambiguous.units.map((u) => `${u.name} (${u.code})`).join('; ')}. Anh/chị ghi rõ tên hoặc mã đơn vị.`,
      };
    }
    const named: UnitRow[] = [];
    const saidOf = new Map<UnitRow, string>();
    for (const m of mentions) {
      if (m.kind !== 'unit' || named.includes(m.unit)) continue;
      named.push(m.unit);
      saidOf.set(m.unit, m.said);
    }
    const follow = withLast(q, last, named.length > 0, ctx.now);
    q = follow.q;
    if (named.length === 0 && follow.unit) {
      const u = unitByCode(follow.unit, units);
      if (u) named.push(u);
    }
    const outside = named.find((u) => !inSubtree(u, home));
    if (outside) {
      forget();
      return {
        intent: 'officer',
        text: `Xin lỗi, anh/chị chỉ xem được số liệu của ${home.name} và các đơn vị trực thuộc; ${saidOf.has(outside) ? `"${saidOf.get(outside)}" (${outside.name})` : outside.name} không thuộc phạm vi này nên không có số liệu nào được đưa ra.`,
      };
    }
    const unit = named[0] ?? home;

    const remember = (reply: Reply): Reply => {
      ctx.updateChat({ data: { ...ctx.chat.data, figPending: { text } satisfies Pending } });
      return reply;
    };
    const missing = NOT_IMPORTED.find(([re]) => re.test(q.folded));
    if (missing && q.kind !== 'report') {
      forget();
      return { intent: 'officer', text: `${missing[1]}: chưa có dữ liệu. Hiện hệ thống chỉ nhập hồ sơ TTHC (import dossiers) và điểm Bộ chỉ số 766 chính thức (import scores).` };
    }
    if (q.kind === 'report') {
      forget();
      return buildQuickReport(deps.db, unit.code, ctx.now, units, q.period ?? undefined);
    }
    if (!q.metric) return remember(askMetric(q.kind === 'chart'));
    if (q.kind === 'chart' && !CHARTABLE.includes(q.metric)) {
      return { intent: 'officer', text: `Chưa vẽ được biểu đồ cho "${METRICS[q.metric].name}". ${CHART_HELP}` };
    }
    if (!q.period && q.metric.startsWith('index_766') && /\b(toi da|cach tinh|tinh the nao|tinh nhu the nao)\b/.test(q.folded)) {
      forget();
      return { intent: 'officer', text: scoringRules(q.metric) };
    }
    const liveOnly = q.metrics.every((m) => METRICS[m].asOfNow);
    if (!q.period && (q.kind === 'chart' || !liveOnly)) return remember(askPeriod(q));
    const lastFigure: LastFigure = { metrics: q.metrics, period: q.period, unit: unit.code, at: ctx.now.getTime() };
    ctx.updateChat({ data: { ...ctx.chat.data, figPending: undefined, figLast: lastFigure } });

    const actx: AnswerContext = { sql: deps.db.sql, targets, targetScope: scope, units, now: ctx.now };
    if (q.kind === 'chart') {
      // "biểu đồ … theo phòng": the units side by side, not the parent day by day.
      if (q.ranking) return answerUnitsChart(actx, q.metric, unit, q.period!, q.ranking.level);
      return answerChart(actx, q.metric, unit, q.period!);
    }
    // Open and overdue dossiers are counted as of now and need no period.
    const period = q.period ?? { kind: 'day' as const, from: '', to: '', end: '', label: '' };
    if (q.ranking && (q.ranking.top || q.ranking.level !== 'any' || !METRICS[q.metric].asOfNow)) {
      return answerRanking(actx, q.metric, unit, period, q.ranking);
    }
    if (named.length >= 2) {
      const side = (u: UnitRow) => ({ unit: u, period, label: unitLabel(u) });
      return answerComparison(actx, q.metrics, side(named[0]!), side(named[1]!));
    }
    if (q.periods.length >= 2) {
      const [a, b] = q.periods as [Period, Period];
      // The later period is compared with the earlier one, whatever order they were written in.
      const [later, earlier] = a.from >= b.from ? [a, b] : [b, a];
      return answerComparison(actx, q.metrics, { unit, period: later, label: later.label }, { unit, period: earlier, label: earlier.label });
    }
    const req = { unit, period, breakdown: q.breakdown, vsLastYear: q.vsLastYear, reasons: q.reasons, count: q.count };
    if (q.metrics.length > 1) return answerMetrics(actx, q.metrics, req);
    return answerFigure(actx, { ...req, metric: q.metric });
  }

  return { handle };
}
