import type { Reply } from '../core/types.ts';
import { vnFormat } from '../time/vietnam.ts';
import type { AnswerContext } from './answer.ts';
import { countOf, rateOf, seriesCounters, unitsCounters, ZERO_COUNTERS } from './figures.ts';
import { formatPercent } from './format.ts';
import { METRICS, type Metric, type RateMetric } from './metrics.ts';
import { daysOf, monthsOf, type Period } from './periods.ts';
import { opSign, targetFor } from './targets.ts';
import { rankedUnits, type UnitLevel, type UnitRow } from './units.ts';

/** "Quyết định 1402/QĐ-UBND ngày …" → "QĐ 1402/QĐ-UBND", for a legend that fits. */
export function shortSource(source: string): string {
  const number = /\d+\/[A-ZĐ]+(?:-[A-ZĐ]+)*/u.exec(source)?.[0];
  if (!number) return source.length > 40 ? `${source.slice(0, 40)}…` : source;
  const kind = /^\s*(Quyết định|QĐ)/iu.test(source) ? 'QĐ' : /^\s*(Kế hoạch|KH)/iu.test(source) ? 'KH' : '';
  return kind ? `${kind} ${number}` : number;
}

export const CHARTABLE: Metric[] = [
  'online_rate',
  'online_payment_rate',
  'on_time_rate',
  'early_rate',
  'late_rate',
  'digitized_rate',
  'e_result_rate',
  'received',
  'completed',
];

export const CHART_HELP =
  'Biểu đồ có cho các tỷ lệ (trực tuyến, thanh toán trực tuyến, đúng hạn, trước hạn, trễ hạn, số hóa, kết quả điện tử) và số hồ sơ tiếp nhận, giải quyết.';

/** "biểu đồ … theo phòng/xã": one bar per unit of that level below `unit`, over the whole period. */
export async function answerUnitsChart(ctx: AnswerContext, metric: Metric, unit: UnitRow, period: Period, level: UnitLevel): Promise<Reply> {
  const info = METRICS[metric];
  if (!CHARTABLE.includes(metric)) return { intent: 'officer', text: `Chưa vẽ được biểu đồ cho "${info.name}". ${CHART_HELP}` };
  const units = rankedUnits(unit, ctx.units, level);
  if (units.length === 0) return { intent: 'officer', text: `${unit.name} không có đơn vị trực thuộc để vẽ biểu đồ so sánh.` };
  const counters = await unitsCounters(
    ctx.db,
    units.map((u) => u.code),
    period.from,
    period.to,
  );
  const values = units.map((u) => {
    const c = counters.get(u.code)!;
    return info.kind === 'rate' ? rateOf(metric as RateMetric, c).value : countOf(metric as 'received' | 'completed', c);
  });
  const title = `${info.name} — các đơn vị thuộc ${unit.name}, ${period.label}`;
  const { renderBarChart } = await import('./chart.ts');
  const png = renderBarChart({
    title,
    labels: units.map((u) => u.name),
    values,
    seriesLabel: info.kind === 'rate' ? `${info.name} (%)` : info.name,
    percent: info.kind === 'rate',
  });
  const stamp = vnFormat(ctx.now, 'yyyyMMdd');
  const shown = units.map((u, i) => `${u.name} (${u.code}): ${values[i] === null ? 'chưa có hồ sơ' : info.kind === 'rate' ? formatPercent(values[i]!) : values[i]}`);
  return {
    intent: 'officer',
    text: `${title}:\n${shown.join('\n')}`,
    image: { png, filename: `bieu-do-${metric}-${unit.code.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-theo-don-vi-${stamp}.png`, caption: title },
  };
}

/** A month-by-month chart of a metric over a period, with the target line. */
export async function answerChart(ctx: AnswerContext, metric: Metric, unit: UnitRow, period: Period): Promise<Reply> {
  const info = METRICS[metric];
  if (!CHARTABLE.includes(metric)) {
    return {
      intent: 'officer',
      text: `Chưa vẽ được biểu đồ cho "${info.name}". ${CHART_HELP}`,
    };
  }
  // A month or less is drawn day by day; longer periods month by month.
  const monthly = monthsOf(period);
  const by = monthly.length > 1 ? 'month' : 'day';
  const months = by === 'month' ? monthly : daysOf(period);
  const byMonth = await seriesCounters(ctx.db, unit, period.from, period.to, by);
  const values = months.map((m) => {
    const c = byMonth.get(m.key) ?? ZERO_COUNTERS;
    return info.kind === 'rate' ? rateOf(metric as RateMetric, c).value : countOf(metric as 'received' | 'completed', c);
  });
  const t = info.kind === 'rate' ? targetFor(ctx.targets, metric, ctx.targetScope, unit) : null;
  const target = t
    ? { value: t.threshold * 100, label: `Chỉ tiêu ${opSign(t.op)} ${formatPercent(t.threshold * 100)} (${shortSource(t.source)})` }
    : undefined;
  const title = `${info.name} — ${unit.name}, ${period.label}`;
  // Loaded on the first chart: the canvas addon and chart.js cost ~30 MB the server rarely needs.
  const { renderLineChart } = await import('./chart.ts');
  const png = renderLineChart({
    title,
    labels: months.map((m) => m.label),
    values,
    seriesLabel: info.kind === 'rate' ? `${info.name} (%)` : `${info.name}`,
    percent: info.kind === 'rate',
    ...(target ? { target } : {}),
  });
  const stamp = vnFormat(ctx.now, 'yyyyMMdd');
  const shown = values.map((v, i) => `${months[i]!.label}: ${v === null ? 'chưa có hồ sơ' : info.kind === 'rate' ? formatPercent(v) : v}`);
  const caption = `${title}${target ? ` · ${target.label}` : ''}`;
  return {
    intent: 'officer',
    text: `Biểu đồ ${info.name.charAt(0).toLowerCase()}${info.name.slice(1)} — ${unit.name}, ${period.label}:\n${shown.join('\n')}${target ? `\n${target.label}` : ''}`,
    image: { png, filename: `bieu-do-${metric}-${unit.code.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${stamp}.png`, caption },
  };
}
