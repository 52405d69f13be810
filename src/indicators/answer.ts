import type { Figure, Reply } from '../core/types.ts';
import { sql } from 'kysely';
import type { Db } from '../store/db.ts';
import { vnDay, vnDayOf, vnTime } from '../time/vietnam.ts';
import {
  type Counters,
  countOf,
  dataStart,
  lateReasons,
  openAt,
  openCountsByUnit,
  overdueOpen,
  overdueReasons,
  type Ratio,
  rateOf,
  subtreeCounters,
  subtreeCountersPair,
  unitsCounters,
} from './figures.ts';
import { formatInt, formatPercent, formatPoints, formatPpChange, round } from './format.ts';
import { ESTIMATE_NOTE, estimateGroups, groupLines, groupOf, type IndexGroup, NO_DATA, officialScores, SATISFIED_FULL_POINTS_AT } from './index766.ts';
import { indexGroupOf, METRICS, type Metric, type RateMetric } from './metrics.ts';
import { dayText, indexPeriodKey, type Period, periodText, previousPeriod, sameTimeLastYear } from './periods.ts';
import type { Ranking } from './question.ts';
import { meets, opSign, type Target, targetEnded, targetFor } from './targets.ts';
import { childrenOf, inSubtree, rankedUnits, type UnitRow } from './units.ts';

export interface AnswerContext {
  db: Db;
  targets: readonly Target[];
  targetScope: string;
  units: UnitRow[];
  now: Date;
  /** First day of the data, read once per question (comparisons ask for it per side). */
  firstDay?: Promise<string | null>;
}

export interface FigureRequest {
  metric: Metric;
  unit: UnitRow;
  period: Period;
  breakdown: boolean;
  vsLastYear: boolean;
  /** Late reasons asked for explicitly ("lý do", "vì sao"). */
  reasons?: boolean;
  /** A number of dossiers was asked ("mấy hồ sơ trễ"): lead with the count. */
  count?: boolean;
}

function subtreeCodes(unit: UnitRow, units: UnitRow[]): string[] {
  return units.filter((u) => inSubtree(u, unit)).map((u) => u.code);
}

export function unitLabel(u: UnitRow): string {
  return `${u.name} (${u.code})`;
}

/** How much of a period the imported data cover. */
interface Coverage {
  /** First day of data when it starts inside the period (the period is only partly covered). */
  partFrom: string | null;
  /** No data at all for the period (it ends before the data start). */
  none: boolean;
  first: string | null;
}

async function coverage(ctx: AnswerContext, p: Period): Promise<Coverage> {
  ctx.firstDay ??= dataStart(ctx.db);
  const first = await ctx.firstDay;
  if (!first || first <= p.from) return { partFrom: null, none: false, first };
  return first > p.to ? { partFrom: null, none: true, first } : { partFrom: first, none: false, first };
}

function coverageText(p: Period, cov: Coverage): string {
  const base = periodText(p);
  if (cov.partFrom) return `${base} — dữ liệu chỉ có từ ngày ${dayText(cov.partFrom)}`;
  return base;
}

/** The target that applies to this unit (its own plan or one above it in the deployment's scope). */
function figureTarget(ctx: AnswerContext, metric: Metric, unit: UnitRow, value: number | null, partial: boolean): { target: Figure['target']; t: Target | null } {
  const t = targetFor(ctx.targets, metric, ctx.targetScope, unit);
  if (!t) return { target: null, t: null };
  return {
    t,
    target: { op: t.op, threshold: round(t.threshold * 100, 2), source: t.source, met: partial ? null : meets(t, value === null ? null : value / 100) },
  };
}

function targetLine(ctx: AnswerContext, metric: Metric, unit: UnitRow, p: Period, found: { target: Figure['target']; t: Target | null }, cov: Coverage): string | null {
  if (METRICS[metric].kind !== 'rate' || metric === 'early_rate' || metric === 'late_rate') return null;
  const { target, t } = found;
  if (!target || !t) return `Chưa có chỉ tiêu nào được đặt cho ${unit.name} về ${METRICS[metric].name.charAt(0).toLowerCase()}${METRICS[metric].name.slice(1)} (phạm vi ${ctx.targetScope}).`;
  const op = opSign(t.op);
  const plan = `${t.source}${t.period ? `, năm ${t.period}` : ''}`;
  const year = vnDay(p.from).year;
  const ended = targetEnded(t, year) ? ' Kế hoạch này đã hết kỳ; số liệu chỉ để đối chiếu.' : '';
  if (cov.partFrom) return `Chỉ tiêu ${op} ${formatPercent(target.threshold)} (${plan}): chưa đánh giá ĐẠT/CHƯA ĐẠT vì dữ liệu chỉ có một phần kỳ (từ ngày ${dayText(cov.partFrom)}).${ended}`;
  const verdict = target.met === null ? 'chưa đủ số liệu để đánh giá' : target.met ? 'ĐẠT' : 'CHƯA ĐẠT';
  return `Chỉ tiêu ${op} ${formatPercent(target.threshold)} (${plan}) — ${verdict}.${ended}`;
}

function daysIn(p: Period): number {
  return Math.round((Date.parse(p.to) - Date.parse(p.from)) / 86_400_000) + 1;
}

function figureOf(metric: Metric, unit: UnitRow, period: Period, r: { numerator: number | null; denominator: number | null; value: number | null }, target: Figure['target']): Figure {
  return {
    metric,
    unit: unit.code,
    period: { from: period.from, to: period.to, label: period.label },
    // The JSON carries two decimals; the text rounds the exact value once, to one.
    value: r.value === null ? null : round(r.value, 2),
    numerator: r.numerator,
    denominator: r.denominator,
    target,
  };
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function shown(metric: Metric, r: Ratio): string {
  const info = METRICS[metric];
  return r.value === null ? `chưa có ${info.denominator}` : `${formatPercent(r.value)} (${formatInt(r.numerator)}/${formatInt(r.denominator)})`;
}

/** A figure for a rate, count or the live open counts; with change and ranking when asked. */
export async function answerFigure(ctx: AnswerContext, req: FigureRequest): Promise<Reply> {
  const info = METRICS[req.metric];
  if (info.kind === 'index') return answerIndex(ctx, req);
  if (req.metric === 'overdue_open' || req.metric === 'open') return answerOpen(ctx, req.metric, req.unit, req.breakdown);
  const prev = req.vsLastYear ? sameTimeLastYear(req.period) : previousPeriod(req.period, ctx.now);
  const [[c, pc], cov] = await Promise.all([subtreeCountersPair(ctx.db, req.unit, req.period, prev), coverage(ctx, req.period)]);
  const head = `${info.name} — ${unitLabel(req.unit)}, ${coverageText(req.period, cov)}:`;
  const lines: string[] = [head];
  let figure: Figure;
  if (cov.none) {
    lines.push(`Chưa có dữ liệu cho kỳ này: dữ liệu đã nhập bắt đầu từ ngày ${dayText(cov.first!)}.`);
    figure = figureOf(req.metric, req.unit, req.period, { numerator: null, denominator: null, value: null }, null);
    return { intent: 'officer', text: lines.join('\n'), figure };
  }
  if (info.kind === 'rate') {
    const metric = req.metric as RateMetric;
    const r = rateOf(metric, c);
    const p = rateOf(metric, pc);
    const found = figureTarget(ctx, metric, req.unit, r.value, cov.partFrom !== null);
    figure = figureOf(metric, req.unit, req.period, r, found.target);
    if (r.value === null) lines.push(`Chưa có ${info.denominator} trong kỳ này nên chưa tính được tỷ lệ.`);
    else if (req.count && (metric === 'late_rate' || metric === 'early_rate' || metric === 'on_time_rate')) {
      lines.push(`${formatInt(r.numerator)} ${info.numerator} trên ${formatInt(r.denominator)} ${info.denominator} (${formatPercent(r.value)}).`);
    } else lines.push(`${formatPercent(r.value)} (${formatInt(r.numerator)}/${formatInt(r.denominator)} — ${info.numerator} / ${info.denominator}).`);
    const tl = targetLine(ctx, metric, req.unit, req.period, found, cov);
    if (tl) lines.push(tl);
    if (r.value !== null && p.value !== null) {
      lines.push(`So với ${prev.label}: ${formatPpChange(r.value - p.value)} (kỳ trước ${formatPercent(p.value)}).`);
    } else if (r.value !== null) lines.push(`Chưa có số liệu ${prev.label} để so sánh.`);
    if (metric === 'late_rate' || metric === 'on_time_rate') {
      lines.push(`Trước hạn ${formatInt(c.completedEarly)} · đúng hạn ${formatInt(c.completed - c.completedLate - c.completedEarly)} · trễ hạn ${formatInt(c.completedLate)}.`);
    }
    if (metric === 'late_rate' && c.completedLate > 0) {
      // With the count, for one day, or on request ("lý do …"); the reasons roll-up keeps it cheap.
      if (req.reasons || req.count || daysIn(req.period) <= 1) {
        const reasons = await lateReasons(ctx.db, req.unit, req.period.from, req.period.to);
        lines.push(`Lý do trễ hạn: ${reasons.map((x) => `${x.reason ?? 'không ghi lý do'} (${formatInt(x.n)})`).join('; ')}.`);
      } else lines.push('Muốn xem lý do trễ hạn của cả kỳ, anh/chị hỏi: "lý do trễ hạn …" kèm kỳ.');
    }
  } else {
    const metric = req.metric as 'received' | 'completed';
    const n = countOf(metric, c);
    const pn = countOf(metric, pc);
    figure = figureOf(metric, req.unit, req.period, { numerator: n, denominator: null, value: n }, null);
    lines.push(
      metric === 'received'
        ? `${formatInt(n)} hồ sơ (trực tuyến ${formatInt(c.receivedOnline)}, trực tiếp/bưu chính ${formatInt(c.received - c.receivedOnline)}).`
        : `${formatInt(n)} hồ sơ (trước hạn ${formatInt(c.completedEarly)}, đúng hạn ${formatInt(c.completed - c.completedLate - c.completedEarly)}, trễ hạn ${formatInt(c.completedLate)}).`,
    );
    const diff = n - pn;
    lines.push(
      `So với ${prev.label} (${formatInt(pn)}): ${diff === 0 ? 'không đổi' : `${diff > 0 ? 'tăng' : 'giảm'} ${formatInt(Math.abs(diff))} hồ sơ`}${pn > 0 && diff !== 0 ? ` (${formatPercent((Math.abs(diff) / pn) * 100)})` : ''}.`,
    );
  }
  if (req.breakdown) {
    const ranked = await rankingBlock(ctx, req.metric, req.unit, req.period, { level: 'any', order: 'best', byCount: false, top: false });
    lines.push('', ...ranked.lines);
  }
  return { intent: 'officer', text: lines.join('\n'), figure };
}

/** Several metrics of one unit and period, answered together. */
export async function answerMetrics(ctx: AnswerContext, metrics: Metric[], req: Omit<FigureRequest, 'metric'>): Promise<Reply> {
  const replies: Reply[] = [];
  for (const metric of metrics) replies.push(await answerFigure(ctx, { ...req, metric }));
  const figures = replies.map((r) => r.figure).filter((f): f is Figure => f !== undefined);
  return { intent: 'officer', text: replies.map((r) => r.text).join('\n\n'), figure: figures[0], meta: { figures } };
}

interface Side {
  unit: UnitRow;
  period: Period;
  label: string;
}

/** Two periods of one unit, or two units over one period: the change first, then each side. */
export async function answerComparison(ctx: AnswerContext, metrics: Metric[], a: Side, b: Side): Promise<Reply> {
  const lines: string[] = [];
  const figures: Figure[] = [];
  for (const metric of metrics) {
    const info = METRICS[metric];
    if (info.kind === 'index' || metric === 'open' || metric === 'overdue_open') {
      const r = await answerFigure(ctx, { metric, unit: a.unit, period: a.period, breakdown: false, vsLastYear: false });
      lines.push(r.text);
      if (r.figure) figures.push(r.figure);
      continue;
    }
    const [[ca, cb], covA, covB] = await Promise.all([
      a.unit === b.unit ? subtreeCountersPair(ctx.db, a.unit, a.period, b.period) : Promise.all([subtreeCounters(ctx.db, a.unit, a.period.from, a.period.to), subtreeCounters(ctx.db, b.unit, b.period.from, b.period.to)]),
      coverage(ctx, a.period),
      coverage(ctx, b.period),
    ]);
    const value = (c: Counters): Ratio => (info.kind === 'rate' ? rateOf(metric as RateMetric, c) : { numerator: countOf(metric as 'received' | 'completed', c), denominator: 0, value: countOf(metric as 'received' | 'completed', c) });
    const va = value(ca);
    const vb = value(cb);
    const show = (r: Ratio) => (info.kind === 'rate' ? shown(metric, r) : `${formatInt(r.numerator)} hồ sơ`);
    let change: string;
    if (va.value === null || vb.value === null) change = 'chưa so sánh được vì một bên chưa có hồ sơ';
    else if (info.kind === 'rate') change = formatPpChange(va.value - vb.value);
    else {
      const d = va.value - vb.value;
      change = d === 0 ? 'không đổi' : `${d > 0 ? 'tăng' : 'giảm'} ${formatInt(Math.abs(d))} hồ sơ`;
    }
    const sameUnit = a.unit === b.unit;
    const subject = sameUnit ? `${info.name} — ${unitLabel(a.unit)}` : `${info.name}, ${periodText(a.period)}`;
    const verb = sameUnit ? `${a.label} so với ${b.label}` : `${a.unit.name} so với ${b.unit.name}`;
    const word = sameUnit ? change : change.replace(/^tăng/, 'cao hơn').replace(/^giảm/, 'thấp hơn').replace(/^không đổi/, 'bằng nhau');
    lines.push(`${subject}: ${verb} ${word}.`);
    const sideText = (s: Side, r: Ratio, cov: Coverage) => `• ${sameUnit ? coverageText(s.period, cov) : unitLabel(s.unit)}: ${show(r)}`;
    lines.push(sideText(a, va, covA), sideText(b, vb, covB));
    if (covA.partFrom || covB.partFrom) lines.push(`Lưu ý: dữ liệu chỉ có từ ngày ${dayText((covA.partFrom ?? covB.partFrom)!)}, nên kỳ đó chỉ tính phần có dữ liệu.`);
    const fa = figureOf(metric, a.unit, a.period, info.kind === 'rate' ? va : { numerator: va.numerator, denominator: null, value: va.value }, null);
    const fb = figureOf(metric, b.unit, b.period, info.kind === 'rate' ? vb : { numerator: vb.numerator, denominator: null, value: vb.value }, null);
    figures.push(fa, fb);
    lines.push('');
  }
  return { intent: 'officer', text: lines.join('\n').trim(), figure: figures[0], meta: { figures } };
}

interface RankRow {
  unit: UnitRow;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

const LEVEL_WORD: Record<Ranking['level'], string> = { commune: 'xã, phường', division: 'phòng, đơn vị', any: 'đơn vị' };

/** The sub-units of `parent` at the asked level, ranked; the answer (top one) first. */
async function rankingBlock(ctx: AnswerContext, metric: Metric, parent: UnitRow, period: Period, ranking: Ranking): Promise<{ lines: string[]; rows: RankRow[] }> {
  const info = METRICS[metric];
  const ranked = rankedUnits(parent, ctx.units, ranking.level);
  if (ranked.length === 0) return { lines: [`${parent.name} không có ${LEVEL_WORD[ranking.level]} trực thuộc để xếp hạng.`], rows: [] };
  let rows: RankRow[];
  if (metric === 'open' || metric === 'overdue_open') {
    const today = vnDayOf(ctx.now);
    const counts = await openCountsByUnit(ctx.db, ranked, ctx.units, ctx.now, today);
    rows = ranked.map((u) => {
      const n = counts.get(u.code)!;
      const v = metric === 'open' ? n.open : n.overdue;
      return { unit: u, value: v, numerator: v, denominator: null };
    });
  } else {
    const counters = await unitsCounters(
      ctx.db,
      ranked.map((u) => u.code),
      period.from,
      period.to,
    );
    rows = ranked.map((u) => {
      const c = counters.get(u.code)!;
      if (info.kind === 'rate') {
        const r = rateOf(metric as RateMetric, c);
        return { unit: u, value: r.value, numerator: r.numerator, denominator: r.denominator };
      }
      const n = countOf(metric as 'received' | 'completed', c);
      return { unit: u, value: n, numerator: n, denominator: null };
    });
  }
  const key = (r: RankRow) => (ranking.byCount ? r.numerator : r.value);
  const sign = ranking.order === 'asc' ? 1 : ranking.order === 'desc' ? -1 : info.lowerIsBetter ? 1 : -1;
  rows.sort((x, y) => {
    const a = key(x);
    const b = key(y);
    if (a === null) return b === null ? x.unit.code.localeCompare(y.unit.code) : 1;
    if (b === null) return -1;
    return sign * (a - b) || x.unit.code.localeCompare(y.unit.code);
  });
  const show = (r: RankRow) =>
    r.value === null
      ? 'chưa có hồ sơ'
      : info.kind === 'rate'
        ? ranking.byCount
          ? `${formatInt(r.numerator!)} ${info.numerator} (${formatPercent(r.value)} của ${formatInt(r.denominator!)})`
          : `${formatPercent(r.value)} (${formatInt(r.numerator!)}/${formatInt(r.denominator!)})`
        : `${formatInt(r.value)} hồ sơ`;
  const lines: string[] = [];
  const first = rows[0]!;
  const what = ranking.byCount && info.kind === 'rate' ? `số ${info.numerator}` : lower(info.name);
  const dir = sign === 1 ? (ranking.byCount || info.kind !== 'rate' ? 'ít nhất' : 'thấp nhất') : ranking.byCount || info.kind !== 'rate' ? 'nhiều nhất' : 'cao nhất';
  if (ranking.top && key(first) !== null) lines.push(`${first.unit.name} (${first.unit.code}) có ${what} ${dir}: ${show(first)}.`);
  lines.push(`Xếp hạng ${LEVEL_WORD[ranking.level]} thuộc ${parent.name} theo ${what}, ${periodText(period)} (${dir} trước):`);
  let place = 0;
  for (const r of rows) lines.push(`${key(r) === null ? '–' : `${++place}.`} ${r.unit.name} (${r.unit.code}): ${show(r)}`);
  return { lines, rows };
}

/** "xã nào thấp nhất", "phòng nào trễ hạn nhiều nhất", "theo xã": the ranking, its answer first. */
export async function answerRanking(ctx: AnswerContext, metric: Metric, parent: UnitRow, period: Period, ranking: Ranking): Promise<Reply> {
  if (METRICS[metric].kind === 'index') return answerFigure(ctx, { metric, unit: parent, period, breakdown: true, vsLastYear: false });
  const { lines, rows } = await rankingBlock(ctx, metric, parent, period, ranking);
  if (rows.length === 0) return { intent: 'officer', text: lines.join('\n') };
  const live = metric === 'open' || metric === 'overdue_open';
  const day = vnDayOf(ctx.now);
  const p = live ? { from: day, to: day, label: 'hiện tại' } : { from: period.from, to: period.to, label: period.label };
  const figure: Figure = { metric, unit: parent.code, period: p, value: null, numerator: null, denominator: null, target: null };
  return {
    intent: 'officer',
    text: lines.join('\n'),
    figure,
    meta: { ranking: rows.map((r) => ({ unit: r.unit.code, value: r.value === null ? null : round(r.value, 2), numerator: r.numerator, denominator: r.denominator })) },
  };
}

/** Dossiers open now in a subtree, and those past their deadline, with the reasons recorded. */
async function answerOpen(ctx: AnswerContext, metric: 'open' | 'overdue_open', unit: UnitRow, breakdown: boolean): Promise<Reply> {
  const codes = subtreeCodes(unit, ctx.units);
  const at = vnTime(ctx.now);
  const day = at.toISODate() as string;
  const children = childrenOf(unit, ctx.units);
  const counts = await openCountsByUnit(ctx.db, [unit, ...children], ctx.units, ctx.now, day);
  const n = counts.get(unit.code)!;
  const label = `tính đến ${at.toFormat('HH:mm dd/MM/yyyy')}`;
  const lines: string[] = [];
  if (metric === 'open') {
    lines.push(`${unitLabel(unit)}: ${formatInt(n.open)} hồ sơ đang giải quyết (${label}), trong đó ${formatInt(n.overdue)} hồ sơ đã quá hạn.`);
  } else {
    lines.push(
      n.overdue === 0
        ? `${unitLabel(unit)}: không có hồ sơ quá hạn chưa giải quyết (${label}); đang giải quyết ${formatInt(n.open)} hồ sơ, tất cả còn trong hạn.`
        : `${unitLabel(unit)}: có ${formatInt(n.overdue)} hồ sơ đã quá hạn mà chưa giải quyết xong (${label}), trên ${formatInt(n.open)} hồ sơ đang giải quyết. Đề nghị đôn đốc xử lý và thực hiện xin lỗi người dân, doanh nghiệp theo quy định.`,
    );
  }
  if (n.overdue > 0) {
    const reasons = await overdueReasons(ctx.db, codes, ctx.now);
    lines.push(`Lý do ghi trên hồ sơ quá hạn: ${reasons.map((x) => `${x.reason ?? 'chưa ghi lý do'} (${formatInt(x.n)})`).join('; ')}.`);
  }
  if ((breakdown || n.overdue > 0) && children.length > 0) {
    const list = children.map((c) => ({ c, n: counts.get(c.code)! }));
    list.sort((a, b) => a.n.overdue - b.n.overdue || a.n.open - b.n.open || a.c.code.localeCompare(b.c.code));
    lines.push('', 'Các đơn vị trực thuộc (ít hồ sơ quá hạn nhất trước):', ...list.map((x, i) => `${i + 1}. ${x.c.name} (${x.c.code}): ${formatInt(x.n.overdue)} hồ sơ quá hạn / ${formatInt(x.n.open)} đang giải quyết`));
  } else if (breakdown) lines.push(`${unit.name} không có đơn vị trực thuộc để xếp hạng.`);
  const value = metric === 'open' ? n.open : n.overdue;
  return {
    intent: 'officer',
    text: lines.join('\n'),
    figure: { metric, unit: unit.code, period: { from: day, to: day, label }, value, numerator: value, denominator: null, target: null },
  };
}

/**
 * Sub-units ranked by their official 766 scores. Only official scores rank: estimates leave out
 * criteria, so ranking them would compare incomplete numbers. Units outside the officer's subtree
 * (sibling departments) are never shown.
 */
async function indexRankingLines(ctx: AnswerContext, req: FigureRequest, key: string | null, only: IndexGroup | null): Promise<string[]> {
  const children = childrenOf(req.unit, ctx.units);
  const note = 'So sánh với các đơn vị ngoài phạm vi của anh/chị (đơn vị cùng cấp) không thuộc quyền xem số liệu.';
  if (children.length === 0) return [`${req.unit.name} không có đơn vị trực thuộc để xếp hạng. ${note}`];
  if (!key) return ['Xếp hạng theo Bộ chỉ số 766 chỉ có theo tháng, quý hoặc năm.'];
  const group = only ?? 'tong';
  const rows = await ctx.db
    .selectFrom('index_scores')
    .select(['unit_code as code', sql<number>`score::float8`.as('score')])
    .where(sql<boolean>`unit_code = ANY(${children.map((c) => c.code)}::text[])`)
    .where('period', '=', key)
    .where('nhom', '=', group)
    .execute();
  const score = new Map(rows.map((r) => [r.code, Number(r.score)]));
  const ranked = [...children].sort((a, b) => (score.get(b.code) ?? -1) - (score.get(a.code) ?? -1) || a.code.localeCompare(b.code));
  const lines = [`Xếp hạng các đơn vị trực thuộc theo điểm chính thức (${req.period.label}):`];
  ranked.forEach((u, i) => {
    const v = score.get(u.code);
    lines.push(v === undefined ? `– ${u.name} (${u.code}): ${NO_DATA}` : `${i + 1}. ${u.name} (${u.code}): ${formatPoints(v)} điểm`);
  });
  lines.push(note);
  return lines;
}

/** 766: official scores when imported, else per-group estimates from dossier data. */
async function answerIndex(ctx: AnswerContext, req: FigureRequest): Promise<Reply> {
  const key = indexPeriodKey(req.period);
  const official = key ? await officialScores(ctx.db, req.unit.code, key) : null;
  const c: Counters = await subtreeCounters(ctx.db, req.unit, req.period.from, req.period.to);
  // "Still open" is as of now, whatever the period (facts/indicators-766.md, group 2).
  const today = vnDayOf(ctx.now);
  const open = {
    open: await openAt(ctx.db, req.unit, today),
    overdue: await overdueOpen(ctx.db, subtreeCodes(req.unit, ctx.units), ctx.now),
  };
  const groups = estimateGroups(c, open);
  const only = indexGroupOf(req.metric);
  const shownGroups = only ? groups.filter((g) => g.group === only) : groups;
  const anyEstimate = shownGroups.some((g) => official?.scores[g.group] === undefined);
  const lines = [`${only ? `Bộ chỉ số 766 — nhóm ${groupOf(only).name}` : 'Bộ chỉ số 766'} — ${unitLabel(req.unit)}, ${periodText(req.period)}:`];
  if (!only) {
    const total = official?.scores.tong;
    lines.push(
      total !== undefined
        ? `Tổng điểm chính thức: ${formatPoints(total)}/100.`
        : official
          ? 'Tổng điểm chính thức: chưa có dữ liệu.'
          : `Chưa có điểm chính thức được nhập cho ${key ? req.period.label : 'khoảng thời gian này (điểm chính thức chỉ có theo tháng, quý, năm)'}.`,
    );
  }
  if (anyEstimate) lines.push(`Phần không có điểm chính thức là ${ESTIMATE_NOTE}, từ dữ liệu hồ sơ:`);
  for (const g of shownGroups) lines.push(...groupLines(g, official, only !== null));
  if (anyEstimate && !only) lines.push('Không cộng thành tổng điểm vì còn tiêu chí chưa có dữ liệu.');
  let value: number | null;
  let numerator: number | null = null;
  let denominator: number | null = null;
  if (!only) value = official?.scores.tong ?? null;
  else {
    const g = shownGroups[0]!;
    const score = official?.scores[only];
    // A partial estimate is not a group score: only a fully computable group gets a value.
    value = score ?? (g.estimatedOf === g.max ? g.estimated : null);
    if (score === undefined && only === 'tien_do') {
      numerator = c.completed - c.completedLate + (open.open - open.overdue);
      denominator = c.completed + open.open;
    }
  }
  if (req.breakdown) lines.push('', ...(await indexRankingLines(ctx, req, key, only)));
  if (only === 'hai_long' && official?.scores.hai_long === undefined) {
    lines.push(`Lưu ý: tiêu chí hài lòng về giải quyết TTHC đạt điểm tối đa khi tỷ lệ hài lòng ≥ ${SATISFIED_FULL_POINTS_AT} %.`);
  }
  const figure: Figure = {
    metric: req.metric,
    unit: req.unit.code,
    period: { from: req.period.from, to: req.period.to, label: req.period.label },
    value,
    numerator,
    denominator,
    target: null,
  };
  return { intent: 'officer', text: lines.join('\n'), figure, meta: { estimate: anyEstimate, noData: NO_DATA } };
}

export type { Ratio };
