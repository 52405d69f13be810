import type { Config } from '../config.ts';
import { Composer, needsDatabase } from '../core/composer.ts';
import { type OfficerContext, officer } from '../core/officer-guard.ts';
import { privateChat } from '../core/private-chat.ts';
import type { Skill } from '../core/skill.ts';
import type { Button, IncomingMessage, Reply } from '../core/types.ts';
import type { Database } from '../store/db.ts';
import { fold } from '../text/fold.ts';
import { type AnswerContext, answerComparison, answerFigure, answerMetrics, answerRanking, unitLabel } from './answer.ts';
import { answerChart, answerUnitsChart, CHART_HELP, CHARTABLE } from './chart-answer.ts';
import { looksLikeFollowUp, looksLikeOfficerQuestion } from './detect.ts';
import { ZERO_COUNTERS } from './figures.ts';
import { estimateGroups } from './index766.ts';
import { indexGroupOf, isMetric, METRIC_CHOICES, METRICS, type Metric } from './metrics.ts';
import { buildQuickReport } from './quick-report.ts';
import { isPeriodChoice, PERIOD_CHOICES, type Period, type PeriodChoice, periodOfChoice, previousPeriod, samePeriod } from './periods.ts';
import { type OfficerQuestion, readQuestion, withLists } from './question.ts';
import { loadTargets, syncTargets, type Target } from './targets.ts';
import { childrenOf, findUnitMentions, inSubtree, loadUnits, type UnitRow, unitByCode } from './units.ts';

/** Button data of a clarification choice: `fig:m:<metric or report>` or `fig:p:<period choice>`. */
const BUTTON_PREFIX = 'fig:';
const REPORT_CHOICE = { key: 'report', label: 'Báo cáo nhanh' } as const;

// Things officers ask about that our imports do not carry: say so instead of a wrong figure.
const NOT_IMPORTED: [RegExp, string][] = [
  [/\b(phan anh|kien nghi|pakn)\b/, 'Số liệu phản ánh, kiến nghị (PAKN)'],
  [/\bdong bo\b/, 'Số liệu đồng bộ hồ sơ lên Cổng Dịch vụ công quốc gia'],
  [/\bxin loi\b/, 'Số liệu thư xin lỗi người dân, doanh nghiệp'],
];

/**
 * A figure question waiting for its missing metric or period (chat state `figPending`): what was
 * read so far, and the codes of the units it named. A pressed choice or a typed answer completes it.
 */
export interface PendingFigure {
  q: OfficerQuestion;
  units: string[];
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

function buttonsOf(pairs: (readonly [string, string])[], kind: 'm' | 'p'): Button[][] {
  const rows: Button[][] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    rows.push(pairs.slice(i, i + 2).map(([label, key]) => ({ label, data: `${BUTTON_PREFIX}${kind}:${key}` })));
  }
  return rows;
}

function askMetric(chart: boolean): Reply {
  const metrics = METRIC_CHOICES.filter((c) => !chart || CHARTABLE.includes(c.metric)).map((c) => [c.label, c.metric] as const);
  const pairs = chart ? metrics : [...metrics, [REPORT_CHOICE.label, REPORT_CHOICE.key] as const];
  return {
    intent: 'clarify',
    text: chart ? 'Anh/chị muốn xem biểu đồ chỉ số nào?' : 'Anh/chị muốn xem số liệu nào? Vui lòng chọn một chỉ số:',
    buttons: buttonsOf(pairs, 'm'),
  };
}

function askPeriod(q: OfficerQuestion): Reply {
  const keys: PeriodChoice[] =
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
      keys.map((k) => [PERIOD_CHOICES[k].label, k] as const),
      'p',
    ),
  };
}

/** How a 766 group (or all five) is scored, from facts/indicators-766.md. */
function scoringRules(metric: Metric): string {
  const only = indexGroupOf(metric);
  const groups = estimateGroups(ZERO_COUNTERS, { open: 0, overdue: 0 }).filter((g) => !only || g.group === only);
  const lines = ['Cách tính Bộ chỉ số 766 (QĐ 766/QĐ-TTg), theo cách tính trên Cổng DVCQG tại thời điểm cập nhật dữ liệu:'];
  for (const g of groups) {
    lines.push(`• ${g.name} — ${g.max} điểm:`);
    for (const k of g.criteria) lines.push(`   – ${k.name}${k.max === null ? '' : ` (${k.max} điểm)`}`);
  }
  lines.push('Tiêu chí tỷ lệ: điểm = điểm tối đa × tỷ lệ; tiêu chí có ngưỡng T: đủ điểm khi tỷ lệ ≥ T, dưới đó điểm tối đa × tỷ lệ / T.');
  return lines.join('\n');
}

/** A question with nothing read yet: what a pressed choice completes when no question is pending. */
const blank = (now: Date): OfficerQuestion => readQuestion('', now);

/** The pending question with a pressed choice filled in; null for a choice this version does not offer. */
function chosen(pending: OfficerQuestion, kind: string | undefined, key: string, now: Date): OfficerQuestion | null {
  if (kind === 'm' && key === REPORT_CHOICE.key) return { ...pending, kind: pending.kind === 'chart' ? 'chart' : 'report' };
  if (kind === 'm' && isMetric(key)) {
    const metrics = pending.metrics.includes(key) ? pending.metrics : [...pending.metrics, key];
    return withLists(pending, { metrics });
  }
  if (kind === 'p' && isPeriodChoice(key)) {
    const period = periodOfChoice(key, now);
    const periods = pending.periods.some((p) => samePeriod(p, period)) ? pending.periods : [...pending.periods, period];
    return withLists({ ...pending, compare: pending.compare || periods.length > 1 }, { periods });
  }
  return null;
}

/** A typed answer read as the continuation of the pending question (what it adds comes after what was asked). */
function continued(pending: OfficerQuestion, q: OfficerQuestion): OfficerQuestion {
  const metrics = [...new Set([...pending.metrics, ...q.metrics])];
  const periods = [...pending.periods];
  for (const p of q.periods) if (!periods.some((o) => samePeriod(o, p))) periods.push(p);
  return withLists({
    // "báo cáo" after a named metric asks for that metric, as the words together would read.
    kind:
      pending.kind === 'chart' || q.kind === 'chart'
        ? 'chart'
        : q.kind === 'report' && metrics.length > 0 && !/\bbao cao nhanh\b/.test(q.folded)
          ? 'figure'
          : q.kind,
    metrics,
    periods,
    ranking: pending.ranking ?? q.ranking,
    compare: pending.compare || q.compare || periods.length > 1,
    vsLastYear: pending.vsLastYear || q.vsLastYear,
    reasons: pending.reasons || q.reasons,
    count: pending.count || q.count,
    followUp: pending.followUp || q.followUp,
    folded: `${pending.folded} ${q.folded}`,
  });
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
    const before = !other || samePeriod(other, last.period) ? previousPeriod(last.period, now) : other;
    periods = [last.period, before];
    compare = true;
  }
  return {
    q: withLists({ ...q, compare }, { metrics, periods }),
    unit: namedUnit ? null : last.unit,
  };
}

/** The figure skill's settings: where its figures come from and which targets apply. */
export interface FigureSkillDeps {
  db: Database;
  config: Pick<Config, 'TARGET_SCOPE'>;
}

const isPending = (v: unknown): v is PendingFigure => typeof v === 'object' && v !== null && 'q' in v && Array.isArray((v as PendingFigure).units);

/** Officer figures (issue 5): behind the officer guard; every figure stays in the officer's subtree. */
export async function createFigureSkill(deps: FigureSkillDeps, targets: Target[] = loadTargets()): Promise<Skill<OfficerContext>> {
  const scope = deps.config.TARGET_SCOPE;

  async function handle(message: IncomingMessage, ctx: OfficerContext): Promise<Reply> {
    const officer = ctx.officer;
    // State written before pending questions were kept parsed is dropped, not misread.
    const pending = isPending(ctx.chat.data.figPending) ? ctx.chat.data.figPending : undefined;
    const last = ctx.chat.data.figLast as LastFigure | undefined;
    const text = message.text;
    const data = message.callbackData;
    let q: OfficerQuestion;
    // Units the pending question named, carried over when this message completes it.
    let carried: string[] = [];
    if (data?.startsWith(BUTTON_PREFIX)) {
      const [, kind, key = ''] = data.split(':');
      const picked = chosen(pending?.q ?? blank(ctx.now), kind, key, ctx.now);
      if (!picked) return { intent: 'officer', text: 'Lựa chọn này đã cũ. Anh/chị vui lòng hỏi lại, ví dụ: "tỷ lệ trực tuyến tháng này".' };
      q = picked;
      carried = pending?.units ?? [];
    } else {
      q = readQuestion(text, ctx.now);
      if (pending && completeness(q) < 2) {
        const merged = continued(pending.q, q);
        if (completeness(merged) > completeness(q)) {
          q = merged;
          carried = pending.units;
        }
      }
    }
    const units = await loadUnits(deps.db.kysely);
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
    for (const code of carried) {
      const u = unitByCode(code, units);
      if (u && !named.includes(u)) named.push(u);
    }
    for (const m of mentions) {
      if (m.kind !== 'unit' || named.includes(m.unit)) continue;
      named.push(m.unit);
      saidOf.set(m.unit, m.said);
    }
    const mentioned = named.map((u) => u.code);
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
      ctx.updateChat({ data: { ...ctx.chat.data, figPending: { q, units: mentioned } satisfies PendingFigure } });
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

    const actx: AnswerContext = { db: deps.db.kysely, targets, targetScope: scope, units, now: ctx.now };
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

/**
 * The figure skill's ways in, all for officers only (so only in a private chat): a pressed
 * clarification choice (refused in a group whoever presses it), an officer's figure question, and
 * a short follow-up to the last figure ("còn tháng trước thì sao").
 */
export function figureRoutes(skill: Skill<OfficerContext>): Composer {
  return new Composer()
    .callback(BUTTON_PREFIX, privateChat, needsDatabase, officer(skill))
    .text((t) => looksLikeOfficerQuestion(t.folded), needsDatabase, officer(skill))
    .text((t) => looksLikeFollowUp(fold(t.message.text), t.ctx.chat.data), needsDatabase, officer(skill));
}

export async function figures(deps: FigureSkillDeps): Promise<Composer> {
  // knowledge/targets.yaml is the source of truth; the table mirrors it for SQL users (reports, BI).
  const targets = loadTargets();
  await syncTargets(deps.db.kysely, targets);
  return figureRoutes(await createFigureSkill(deps, targets));
}
