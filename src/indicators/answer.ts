import { DateTime } from 'luxon';
import type { Figure, Reply } from '../core/types.ts';
import type { Sql } from '../store/sql.ts';
import {
  type Counters,
  childCounters,
  countOf,
  lateReasons,
  openAt,
  overdueOpen,
  type Ratio,
  rateOf,
  subtreeCounters,
  subtreeCountersPair,
} from './figures.ts';
import { formatDay, formatInt, formatPercent, formatPoints, formatPpChange, round } from './format.ts';
import { ESTIMATE_NOTE, estimateGroups, GROUPS, groupLines, NO_DATA, officialScores } from './index766.ts';
import { type IndexGroup, METRICS, type Metric, type RateMetric } from './metrics.ts';
import { dayAfter, dayStart, indexPeriodKey, type Period, previousPeriod, sameTimeLastYear, ZONE } from './periods.ts';
import { meets, type Target, targetFor } from './targets.ts';
import { type UnitRow, childrenOf, inSubtree } from './units.ts';

export interface AnswerContext {
  sql: Sql;
  targets: readonly Target[];
  targetScope: string;
  units: UnitRow[];
  now: Date;
}

export interface FigureRequest {
  metric: Metric;
  unit: UnitRow;
  period: Period;
  breakdown: boolean;
  vsLastYear: boolean;
  /** Late reasons asked for explicitly ("lý do", "vì sao"). */
  reasons?: boolean;
}

function subtreeCodes(unit: UnitRow, units: UnitRow[]): string[] {
  return units.filter((u) => inSubtree(u, unit)).map((u) => u.code);
}

function periodText(p: Period): string {
  if (p.kind === 'day') return p.label;
  if (p.to !== p.end) return `${p.label} (${formatDay(p.from)}–${formatDay(p.to)})`;
  return p.label;
}

function figureTarget(ctx: AnswerContext, metric: Metric, value: number | null): Figure['target'] {
  const t = targetFor(ctx.targets, metric, ctx.targetScope);
  if (!t) return null;
  return { op: t.op, threshold: round(t.threshold * 100, 2), source: t.source, met: meets(t, value === null ? null : value / 100) };
}

function targetLine(target: Figure['target']): string | null {
  if (!target) return null;
  const op = target.op === '>=' ? '≥' : '≤';
  const verdict = target.met === null ? 'chưa đủ số liệu để đánh giá' : target.met ? 'ĐẠT' : 'CHƯA ĐẠT';
  return `Chỉ tiêu: ${op} ${formatPercent(target.threshold)} (${target.source}) — ${verdict}.`;
}

function unitLabel(u: UnitRow): string {
  return `${u.name} (${u.code})`;
}

/** A figure for a rate, count or the live overdue count; with change and ranking when asked. */
export async function answerFigure(ctx: AnswerContext, req: FigureRequest): Promise<Reply> {
  const info = METRICS[req.metric];
  if (info.kind === 'index') return answerIndex(ctx, req);
  if (req.metric === 'overdue_open') return answerOverdue(ctx, req.unit, req.breakdown);
  const { sql } = ctx;
  const prev = req.vsLastYear ? sameTimeLastYear(req.period) : previousPeriod(req.period, ctx.now);
  const [c, pc] = await subtreeCountersPair(sql, req.unit, req.period, prev);
  const head = `${info.name} — ${unitLabel(req.unit)}, ${periodText(req.period)}:`;
  const lines: string[] = [head];
  let figure: Figure;
  if (info.kind === 'rate') {
    const metric = req.metric as RateMetric;
    const r = rateOf(metric, c);
    const p = rateOf(metric, pc);
    const target = figureTarget(ctx, metric, r.value);
    figure = figureOf(req, r, target);
    lines.push(
      r.value === null
        ? `Chưa có ${info.denominator} trong kỳ này nên chưa tính được tỷ lệ.`
        : `${formatPercent(r.value)} (${formatInt(r.numerator)}/${formatInt(r.denominator)} — ${info.numerator} / ${info.denominator}).`,
    );
    const tl = targetLine(target);
    if (tl) lines.push(tl);
    if (r.value !== null && p.value !== null) {
      lines.push(`So với ${prev.label}: ${formatPpChange(r.value - p.value)} (kỳ trước ${formatPercent(p.value)}).`);
    } else if (r.value !== null) lines.push(`Chưa có số liệu ${prev.label} để so sánh.`);
    if (metric === 'late_rate' || metric === 'on_time_rate') {
      lines.push(`Trước hạn ${formatInt(c.completedEarly)} · đúng hạn ${formatInt(c.completed - c.completedLate - c.completedEarly)} · trễ hạn ${formatInt(c.completedLate)}.`);
    }
    if (metric === 'late_rate' && c.completedLate > 0) {
      // Reasons are read from the dossier rows (the roll-up has none): automatic for one day,
      // on request ("lý do …") for longer periods, so those stay a roll-up query.
      if (req.reasons || daysIn(req.period) <= 1) {
        const reasons = await lateReasons(sql, subtreeCodes(req.unit, ctx.units), dayStart(req.period.from), dayAfter(req.period.to));
        lines.push(`Lý do trễ hạn: ${reasons.map((x) => `${x.reason ?? 'không ghi lý do'} (${formatInt(x.n)})`).join('; ')}.`);
      } else lines.push('Muốn xem lý do trễ hạn của cả kỳ, anh/chị hỏi: "lý do trễ hạn …" kèm kỳ.');
    }
  } else {
    const metric = req.metric as 'received' | 'completed';
    const n = countOf(metric, c);
    const pn = countOf(metric, pc);
    figure = { ...figureOf(req, { numerator: n, denominator: null, value: n }, null) };
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
  if (req.breakdown) lines.push('', ...(await rankingLines(ctx, req)));
  return { intent: 'officer', text: lines.join('\n'), figure };
}

function daysIn(p: Period): number {
  return Math.round((Date.parse(p.to) - Date.parse(p.from)) / 86_400_000) + 1;
}

function figureOf(req: FigureRequest, r: { numerator: number | null; denominator: number | null; value: number | null }, target: Figure['target']): Figure {
  return {
    metric: req.metric,
    unit: req.unit.code,
    period: { from: req.period.from, to: req.period.to, label: req.period.label },
    value: r.value,
    numerator: r.numerator,
    denominator: r.denominator,
    target,
  };
}

/** Direct sub-units of the asked unit, best first. */
async function rankingLines(ctx: AnswerContext, req: FigureRequest): Promise<string[]> {
  const children = childrenOf(req.unit, ctx.units);
  if (children.length === 0) return [`${req.unit.name} không có đơn vị trực thuộc để xếp hạng.`];
  const info = METRICS[req.metric];
  const rows = await childCounters(ctx.sql, req.unit, req.period.from, req.period.to);
  const scored = rows.map((row) => {
    const value = info.kind === 'rate' ? rateOf(req.metric as RateMetric, row) : null;
    const count = info.kind === 'count' ? countOf(req.metric as 'received' | 'completed', row) : null;
    return { row, value, count, sortKey: value ? value.value : count };
  });
  const sign = info.lowerIsBetter ? 1 : -1;
  scored.sort((a, b) => {
    if (a.sortKey === null) return b.sortKey === null ? a.row.code.localeCompare(b.row.code) : 1;
    if (b.sortKey === null) return -1;
    return sign * (a.sortKey - b.sortKey) || a.row.code.localeCompare(b.row.code);
  });
  const lines = [`Xếp hạng các đơn vị trực thuộc (${info.lowerIsBetter ? 'thấp' : 'cao'} nhất trước):`];
  scored.forEach((s, i) => {
    const shown =
      s.value !== null
        ? s.value.value === null
          ? 'chưa có hồ sơ'
          : `${formatPercent(s.value.value)} (${formatInt(s.value.numerator)}/${formatInt(s.value.denominator)})`
        : `${formatInt(s.count ?? 0)} hồ sơ`;
    lines.push(`${s.sortKey === null ? '–' : `${i + 1}.`} ${s.row.name} (${s.row.code}): ${shown}`);
  });
  return lines;
}

async function answerOverdue(ctx: AnswerContext, unit: UnitRow, breakdown: boolean): Promise<Reply> {
  const n = await overdueOpen(ctx.sql, subtreeCodes(unit, ctx.units), ctx.now);
  const at = DateTime.fromJSDate(ctx.now, { zone: ZONE });
  const day = at.toISODate() as string;
  const label = `tính đến ${at.toFormat('HH:mm dd/MM/yyyy')}`;
  const text =
    n === 0
      ? `${unitLabel(unit)}: không có hồ sơ quá hạn chưa giải quyết (${label}).`
      : `${unitLabel(unit)}: có ${formatInt(n)} hồ sơ đã quá hạn mà chưa giải quyết xong (${label}). Đề nghị đôn đốc xử lý và thực hiện xin lỗi người dân, doanh nghiệp theo quy định.`;
  const lines = [text];
  if (breakdown) {
    const children = childrenOf(unit, ctx.units);
    if (children.length === 0) lines.push(`${unit.name} không có đơn vị trực thuộc để xếp hạng.`);
    else {
      const counts = await Promise.all(children.map(async (c) => ({ c, n: await overdueOpen(ctx.sql, subtreeCodes(c, ctx.units), ctx.now) })));
      counts.sort((a, b) => a.n - b.n || a.c.code.localeCompare(b.c.code));
      lines.push('', 'Các đơn vị trực thuộc (ít hồ sơ quá hạn nhất trước):', ...counts.map((x, i) => `${i + 1}. ${x.c.name} (${x.c.code}): ${formatInt(x.n)} hồ sơ`));
    }
  }
  return {
    intent: 'officer',
    text: lines.join('\n'),
    figure: { metric: 'overdue_open', unit: unit.code, period: { from: day, to: day, label }, value: n, numerator: n, denominator: null, target: null },
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
  const rows = await ctx.sql.query<{ code: string; score: number }>(
    `SELECT unit_code AS code, score::float8 AS score FROM index_scores WHERE unit_code = ANY($1::text[]) AND period = $2 AND nhom = $3`,
    [children.map((c) => c.code), key, group],
  );
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
  const official = key ? await officialScores(ctx.sql, req.unit.code, key) : null;
  const c: Counters = await subtreeCounters(ctx.sql, req.unit, req.period.from, req.period.to);
  // "Still open" is as of now, whatever the period (facts/indicators-766.md, group 2).
  const today = DateTime.fromJSDate(ctx.now, { zone: ZONE }).toISODate() as string;
  const open = {
    open: await openAt(ctx.sql, req.unit, today),
    overdue: await overdueOpen(ctx.sql, subtreeCodes(req.unit, ctx.units), ctx.now),
  };
  const groups = estimateGroups(c, open);
  const only = req.metric === 'index_766' ? null : (req.metric.slice('index_766_'.length) as IndexGroup);
  const shown = only ? groups.filter((g) => g.group === only) : groups;
  const anyEstimate = shown.some((g) => official?.scores[g.group] === undefined);
  const lines = [`${only ? `Bộ chỉ số 766 — nhóm ${GROUPS.find((g) => g.group === only)!.name}` : 'Bộ chỉ số 766'} — ${unitLabel(req.unit)}, ${periodText(req.period)}:`];
  if (!only) {
    const total = official?.scores.tong;
    lines.push(total !== undefined ? `Tổng điểm chính thức: ${formatPoints(total)}/100.` : official ? 'Tổng điểm chính thức: chưa có dữ liệu.' : `Chưa có điểm chính thức được nhập cho ${key ? req.period.label : 'khoảng thời gian này (điểm chính thức chỉ có theo tháng, quý, năm)'}.`);
  }
  if (anyEstimate) lines.push(`Phần không có điểm chính thức là ${ESTIMATE_NOTE}, từ dữ liệu hồ sơ:`);
  for (const g of shown) lines.push(...groupLines(g, official, only !== null));
  if (anyEstimate && !only) lines.push('Không cộng thành tổng điểm vì còn tiêu chí chưa có dữ liệu.');
  let value: number | null;
  let numerator: number | null = null;
  let denominator: number | null = null;
  if (!only) value = official?.scores.tong ?? null;
  else {
    const g = shown[0]!;
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
    lines.push('Lưu ý: tiêu chí hài lòng về giải quyết TTHC đạt điểm tối đa khi tỷ lệ hài lòng ≥ 90 %.');
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
