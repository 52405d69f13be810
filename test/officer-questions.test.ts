// The officer question set on the demo province, every figure checked against numbers computed
// here from the seeded dossier rows in plain JS (no roll-up, no figure code of the bot).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { Figure, Reply } from '../src/core/types.ts';
import { seedDemo } from '../src/indicators/demo.ts';
import { createFigureSkill } from '../src/indicators/figure-skill.ts';
import { createLogger } from '../src/log.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { type ItemResult, loadOfficerSet, OFFICER_SET_BLIND, type OfficerItem, runOfficerSet, splitPeriod } from './helpers/officer-set.ts';

const NOW = new Date('2025-11-20T09:00:00+07:00');
const VN = 7 * 3600_000;
const day = (ms: number) => new Date(ms + VN).toISOString().slice(0, 10);

interface Row {
  unit: string;
  online: boolean;
  fee: boolean;
  paid: boolean;
  digitized: boolean;
  eResult: boolean;
  recv: string;
  due: number;
  dueDay: string;
  done: number | null;
  doneDay: string | null;
}

let db: TestDatabase;
let results: ItemResult[];
let blind: ItemResult[];
let rows: Row[];
let paths: Map<string, string>;
let dataStart: string;

/** Numerator and denominator of a metric over a unit's subtree, straight from the rows. */
function expected(metric: string, unit: string, period: string | null | undefined): { n: number; d: number | null } {
  const root = paths.get(unit)!;
  const mine = rows.filter((r) => paths.get(r.unit)!.startsWith(root));
  if (metric === 'open') return { n: mine.filter((r) => r.done === null).length, d: null };
  if (metric === 'overdue_open') return { n: mine.filter((r) => r.done === null && r.due < NOW.getTime()).length, d: null };
  const { from, to } = splitPeriod(period!);
  const recv = mine.filter((r) => r.recv >= from && r.recv <= to);
  const done = mine.filter((r) => r.doneDay !== null && r.doneDay >= from && r.doneDay <= to);
  const count = (xs: Row[], p: (r: Row) => boolean) => xs.filter(p).length;
  switch (metric) {
    case 'online_rate':
      return { n: count(recv, (r) => r.online), d: recv.length };
    case 'online_payment_rate':
      return { n: count(recv, (r) => r.fee && r.paid), d: count(recv, (r) => r.fee) };
    case 'digitized_rate':
      return { n: count(recv, (r) => r.digitized), d: recv.length };
    case 'on_time_rate':
      return { n: count(done, (r) => r.done! <= r.due), d: done.length };
    case 'early_rate':
      return { n: count(done, (r) => r.doneDay! < r.dueDay), d: done.length };
    case 'late_rate':
      return { n: count(done, (r) => r.done! > r.due), d: done.length };
    case 'e_result_rate':
      return { n: count(done, (r) => r.eResult), d: done.length };
    case 'received':
      return { n: recv.length, d: null };
    case 'completed':
      return { n: done.length, d: null };
  }
  throw new Error(`no expected figure for ${metric}`);
}

const pct = (n: number, d: number) => `${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(Math.round((n * 1000) / d) / 10)} %`;

/** The figure's numbers against the rows; null when right. */
function checkFigure(f: Figure, text: string): string | null {
  const before = f.period.to < dataStart && !['open', 'overdue_open'].includes(f.metric);
  const { n, d } = expected(f.metric, f.unit, `${f.period.from}..${f.period.to}`);
  if (before) return f.numerator === null ? null : `before the data but ${f.numerator}`;
  if (f.numerator !== n || f.denominator !== d) return `${f.metric}@${f.unit} ${f.period.from}..${f.period.to}: ${f.numerator}/${f.denominator}, rows say ${n}/${d}`;
  if (d !== null && d > 0 && !text.includes(pct(n, d))) return `text lacks ${pct(n, d)}`;
  return null;
}

function checkNumbers(item: OfficerItem, reply: Reply): string | null {
  const e = item.expect;
  if (e.kind === 'refuse') return null;
  if (e.kind === 'report') {
    const r = reply.meta!.report as { received: number; processed: number; late: number; unit: string; from: string; to: string };
    const p = `${r.from}..${r.to}`;
    const got = [r.received, r.processed, r.late];
    const want = [expected('received', r.unit, p).n, expected('completed', r.unit, p).n, expected('late_rate', r.unit, p).n];
    return got.join() === want.join() ? null : `report ${got} vs rows ${want}`;
  }
  if (e.kind === 'ranking') {
    const ranking = reply.meta!.ranking as { unit: string; numerator: number | null; value: number | null }[];
    for (const x of ranking) {
      const { n } = expected(e.metric, x.unit, e.period);
      if (x.numerator !== n) return `ranking ${x.unit}: ${x.numerator}, rows say ${n}`;
    }
    if (e.top) {
      // The answer first: the unit the question asks for, by the rows.
      const scored = ranking.map((x) => {
        const { n, d } = expected(e.metric, x.unit, e.period);
        return { unit: x.unit, key: e.byCount || d === null ? n : d > 0 ? n / d : null };
      });
      const desc = e.order === 'desc' || (e.order === 'best' && !['late_rate', 'overdue_open', 'open'].includes(e.metric));
      const valid = scored.filter((s) => s.key !== null).sort((a, b) => (desc ? b.key! - a.key! : a.key! - b.key!) || a.unit.localeCompare(b.unit));
      const top = valid[0]!.unit;
      if (!reply.text.split('\n')[0]!.includes(`(${top})`)) return `first line does not name ${top}: ${reply.text.split('\n')[0]}`;
    }
    return null;
  }
  const figs = (reply.meta?.figures as Figure[] | undefined) ?? [reply.figure!];
  for (const f of figs) {
    const bad = checkFigure(f, reply.text);
    if (bad) return bad;
  }
  return null;
}

/** Right / wrong / not recognised / wrong unit over one set, printed with every failure. */
function score(label: string, set: ItemResult[]): { rate: number; wrongUnit: number } {
  const failures: string[] = [];
  let right = 0;
  let wrongUnit = 0;
  let unrecognised = 0;
  for (const r of set) {
    const why = r.wrong ?? checkNumbers(r.item, r.reply);
    if (r.wrongUnits.length > 0) {
      wrongUnit++;
      failures.push(`#${r.item.id} [${r.item.officer}] ${r.item.q}: WRONG UNIT ${r.wrongUnits.join(',')}`);
    } else if (r.unrecognised) {
      unrecognised++;
      failures.push(`#${r.item.id} [${r.item.officer}] ${r.item.q}: NOT RECOGNISED ${why} — ${r.reply.text.split('\n')[0]}`);
    } else if (why) failures.push(`#${r.item.id} [${r.item.officer}] ${r.item.q}: ${why}`);
    else right++;
  }
  const wrong = set.length - right - wrongUnit - unrecognised;
  console.log(
    `${label}: ${right}/${set.length} right (${((right / set.length) * 100).toFixed(1)} %), wrong ${wrong}, not recognised ${unrecognised}, wrong-unit answers ${wrongUnit}\n${failures.join('\n')}`,
  );
  return { rate: right / set.length, wrongUnit };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db, { now: NOW });
  const deps: AppDeps = { config: loadConfig({ DATA_DIR: db.dataDir }), db, log: createLogger('silent') };
  const skill = await createFigureSkill(deps);
  const units = await db.sql.query<{ code: string; path: string }>('SELECT code, path FROM units');
  paths = new Map(units.map((u) => [u.code, u.path]));
  const raw = await db.sql.query<{
    ma_don_vi: string;
    kenh_nop: string;
    co_phi: boolean;
    thanh_toan_truc_tuyen: boolean;
    da_so_hoa: boolean;
    ket_qua_dien_tu: boolean;
    ngay_tiep_nhan: Date;
    han_xu_ly: Date;
    ngay_hoan_thanh: Date | null;
  }>('SELECT ma_don_vi, kenh_nop, co_phi, thanh_toan_truc_tuyen, da_so_hoa, ket_qua_dien_tu, ngay_tiep_nhan, han_xu_ly, ngay_hoan_thanh FROM dossiers');
  rows = raw.map((r) => {
    const due = new Date(r.han_xu_ly).getTime();
    const done = r.ngay_hoan_thanh ? new Date(r.ngay_hoan_thanh).getTime() : null;
    return {
      unit: r.ma_don_vi,
      online: r.kenh_nop === 'truc_tuyen',
      fee: r.co_phi,
      paid: r.thanh_toan_truc_tuyen,
      digitized: r.da_so_hoa,
      eResult: r.ket_qua_dien_tu,
      recv: day(new Date(r.ngay_tiep_nhan).getTime()),
      due,
      dueDay: day(due),
      done,
      doneDay: done === null ? null : day(done),
    };
  });
  dataStart = rows.map((r) => r.recv).sort()[0]!;
  results = await runOfficerSet(skill, NOW);
  blind = await runOfficerSet(skill, NOW, loadOfficerSet(OFFICER_SET_BLIND));
}, 300_000);

afterAll(async () => {
  await db?.close();
});

describe('officer question set (demo province)', () => {
  it('has at least 150 questions in officers’ wording, for a Sở, a phòng and a xã officer', () => {
    const items = loadOfficerSet();
    expect(items.length).toBeGreaterThanOrEqual(150);
    for (const o of ['SYT', 'SYT.NV2', 'XA.ANPHU']) expect(items.filter((i) => i.officer === o).length).toBeGreaterThan(20);
  });

  it('answers ≥ 95 % right, every figure equal to the rows, and never a unit other than the one named', () => {
    const { rate, wrongUnit } = score('officer set', results);
    expect(wrongUnit).toBe(0);
    expect(rate).toBeGreaterThanOrEqual(0.95);
  });

  it('the blind set (written before reading the wording code) too', () => {
    expect(blind.length).toBeGreaterThanOrEqual(80);
    const { rate, wrongUnit } = score('blind set', blind);
    expect(wrongUnit).toBe(0);
    expect(rate).toBeGreaterThanOrEqual(0.95);
  });

  it('a named unit that is unknown or out of reach gets no figure at all', () => {
    for (const r of [...results, ...blind].filter((x) => x.item.expect.kind === 'refuse')) {
      expect(r.reply.figure, r.item.q).toBeUndefined();
      expect(r.reply.meta?.report, r.item.q).toBeUndefined();
    }
  });
});
