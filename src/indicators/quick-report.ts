// "Báo cáo nhanh": the daily outline of the Tây Ninh plan (seed 003, ĐỀ CƯƠNG BÁO CÁO NHANH) —
// totals, processed/total, early, on time, late with reasons, apologies, feedback, digitisation.

import type { Reply } from '../core/types.ts';
import type { Database } from '../store/db.ts';
import { vnTime } from '../time/vietnam.ts';
import { lateReasons, openAt, overdueOpen, subtreeCounters } from './figures.ts';
import { formatInt, formatPercent } from './format.ts';
import { NO_DATA } from './index766.ts';
import { dayText, type Period, periodText } from './periods.ts';
import { inSubtree, loadUnits, type UnitRow, unitByCode, unknownUnitText } from './units.ts';

export class UnknownReportUnitError extends Error {}

function share(n: number, d: number): string {
  return d > 0 ? ` (${formatPercent((n / d) * 100)})` : '';
}

/**
 * The quick report of a unit's subtree for the Vietnam calendar day of `now`, or for a named
 * period ("báo cáo nhanh tháng 10"): the same outline summed over the period's days.
 */
export async function buildQuickReport(db: Pick<Database, 'kysely'>, unitCode: string, now: Date, units?: UnitRow[], period?: Period): Promise<Reply> {
  const all = units ?? (await loadUnits(db.kysely));
  const unit = unitByCode(unitCode, all);
  if (!unit) throw new UnknownReportUnitError(unknownUnitText(unitCode));
  const codes = all.filter((u) => inSubtree(u, unit)).map((u) => u.code);
  const at = vnTime(now);
  const day = at.toISODate() as string;
  const from = period?.from ?? day;
  const to = period?.to ?? day;
  const inDay = from === to ? 'trong ngày' : 'trong kỳ';
  const c = await subtreeCounters(db.kysely, unit, from, to);
  // Open at the end of the period (so far), from the roll-up; past deadline now, from the dossiers.
  const open = { open: await openAt(db.kysely, unit, to), overdue: await overdueOpen(db.kysely, codes, now) };
  const total = c.completed + open.open;
  const onTime = c.completed - c.completedLate - c.completedEarly;
  const reasons = c.completedLate > 0 ? await lateReasons(db.kysely, unit, from, to, 5) : [];
  const when = period && !(period.kind === 'day' && from === day) ? periodText(period) : `ngày ${at.toFormat('dd/MM/yyyy')}, số liệu đến ${at.toFormat('HH:mm')}`;
  const lines = [
    'BÁO CÁO NHANH',
    'Kết quả giải quyết hồ sơ TTHC và số hóa hồ sơ',
    `${unit.name} (${unit.code}) — ${when}`,
    '',
    '1. Kết quả giải quyết hồ sơ TTHC',
    `- Tổng số hồ sơ TTHC: ${formatInt(total)} (đã giải quyết ${inDay} ${formatInt(c.completed)}, đang giải quyết ${to === day ? '' : `cuối kỳ (${dayText(to)}) `}${formatInt(open.open)}; tiếp nhận mới ${inDay} ${formatInt(c.received)}, trong đó trực tuyến ${formatInt(c.receivedOnline)})`,
    `- Số hồ sơ đã xử lý/tổng số hồ sơ: ${formatInt(c.completed)}/${formatInt(total)}${share(c.completed, total)}`,
    `  + Số hồ sơ xử lý trước hạn: ${formatInt(c.completedEarly)}${share(c.completedEarly, c.completed)}`,
    `  + Số hồ sơ xử lý đúng hạn: ${formatInt(onTime)}${share(onTime, c.completed)}`,
    `  + Số hồ sơ trễ hạn: ${formatInt(c.completedLate)}${share(c.completedLate, c.completed)}${
      reasons.length > 0 ? ` — lý do: ${reasons.map((r) => `${r.reason ?? 'không ghi lý do'} (${formatInt(r.n)})`).join('; ')}` : ''
    }`,
    `  + Hồ sơ đang giải quyết đã quá hạn: ${formatInt(open.overdue)}`,
    `- Việc thực hiện xin lỗi người dân, doanh nghiệp khi để xảy ra trễ hạn: ${NO_DATA} (dữ liệu nhập chưa có thư xin lỗi)`,
    `- Xử lý phản ánh, kiến nghị của người dân, doanh nghiệp: ${NO_DATA} (dữ liệu nhập chưa có phản ánh, kiến nghị)`,
    '',
    '2. Số hóa hồ sơ',
    `- Hồ sơ tiếp nhận ${inDay} đã số hóa: ${formatInt(c.digitized)}/${formatInt(c.received)}${share(c.digitized, c.received)}`,
    `- Hồ sơ giải quyết ${inDay} có kết quả điện tử: ${formatInt(c.eResult)}/${formatInt(c.completed)}${share(c.eResult, c.completed)}`,
  ];
  return {
    intent: 'officer',
    text: lines.join('\n'),
    meta: {
      report: {
        unit: unit.code,
        day,
        from,
        to,
        total,
        processed: c.completed,
        early: c.completedEarly,
        onTime,
        late: c.completedLate,
        lateReasons: reasons,
        open: open.open,
        overdue: open.overdue,
        received: c.received,
        digitized: c.digitized,
        eResult: c.eResult,
      },
    },
  };
}
