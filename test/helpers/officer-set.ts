// The officer question set (test/fixtures/officer-questions.jsonl): questions as officers of a Sở,
// a phòng, a xã and the province type them on Zalo, each with the metric, unit(s) and period(s)
// the answer must carry. Run through the skills' composition and the figure skill exactly as the core does;
// used by test/officer-questions.test.ts (with figures computed independently) and by
// bench/indicators.ts (recognition, wrong-unit answers and timing over 1 M dossiers).

import { readFileSync } from 'node:fs';
import type { ChatState, OfficerIdentity, Skill, TurnContext } from '../../src/core/skill.ts';
import { dossierStatusRoutes } from '../../src/dossiers/status-skill.ts';
import { composeSkills } from './skills.ts';
import type { Figure, Reply } from '../../src/core/types.ts';
import type { OfficerContext } from '../../src/core/officer-guard.ts';
import { createLogger } from '../../src/log.ts';
import { fold } from '../../src/text/fold.ts';

export type Expect =
  | { kind: 'figure'; metric: string; unit: string; period?: string; count?: boolean }
  | { kind: 'metrics'; metrics: string[]; unit: string; period: string }
  | { kind: 'compare'; metric: string; unit: string; periods: [string, string] }
  | { kind: 'compare_units'; metric: string; units: [string, string]; period: string }
  | { kind: 'ranking'; metric: string; unit: string; period: string | null; level: string; order: 'asc' | 'desc' | 'best'; byCount: boolean; top: boolean }
  | { kind: 'report'; unit: string; period: string }
  | { kind: 'refuse'; said: string; why: 'unknown' | 'outside' };

export interface OfficerItem {
  id: number;
  officer: string;
  q: string;
  /** Questions of one chat are asked in order (follow-ups). */
  chat?: string;
  expect: Expect;
}

export const OFFICER_SET = new URL('../fixtures/officer-questions.jsonl', import.meta.url);
/** Written before reading the bot's wording code, by someone who had not seen it: the honest measure. */
export const OFFICER_SET_BLIND = new URL('../fixtures/officer-questions-blind.jsonl', import.meta.url);

export function loadOfficerSet(file: URL = OFFICER_SET): OfficerItem[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as OfficerItem);
}

export function splitPeriod(p: string): { from: string; to: string } {
  const [from, to] = p.split('..') as [string, string];
  return { from, to };
}

export interface ItemResult {
  item: OfficerItem;
  reply: Reply;
  ms: number;
  /** CPU time of this process for the question (PGlite runs in-process): steadier than wall time on a shared machine. */
  cpuMs: number;
  /** Why the answer is not the one expected (recognition), or null. */
  wrong: string | null;
  /** Units the answer gives a figure for that were not the ones named (or the officer's own). */
  wrongUnits: string[];
  /** The question reached no figure, ranking, report or refusal at all (routed elsewhere or not understood). */
  unrecognised: boolean;
}

function figuresOf(reply: Reply): Figure[] {
  const list = (reply.meta?.figures as Figure[] | undefined) ?? [];
  return list.length > 0 ? list : reply.figure ? [reply.figure] : [];
}

function periodIs(f: { period: { from: string; to: string } }, p: string | null | undefined): boolean {
  if (!p) return true;
  const { from, to } = splitPeriod(p);
  return f.period.from === from && f.period.to === to;
}

/** Whether the reply is the answer expected, structurally (the figures themselves are checked elsewhere). */
export function judge(item: OfficerItem, reply: Reply): string | null {
  const e = item.expect;
  const figs = figuresOf(reply);
  const report = reply.meta?.report as { unit: string; from: string; to: string } | undefined;
  switch (e.kind) {
    case 'figure': {
      const f = reply.figure;
      if (!f) return `no figure (${reply.intent})`;
      if (f.metric !== e.metric) return `metric ${f.metric}`;
      if (f.unit !== e.unit) return `unit ${f.unit}`;
      if (!periodIs(f, e.period)) return `period ${f.period.from}..${f.period.to}`;
      if (figs.length > 1) return `${figs.length} figures`;
      return null;
    }
    case 'metrics': {
      if (figs.map((f) => f.metric).join(',') !== e.metrics.join(',')) return `metrics ${figs.map((f) => f.metric).join(',') || 'none'}`;
      const bad = figs.find((f) => f.unit !== e.unit || !periodIs(f, e.period));
      return bad ? `unit/period ${bad.unit} ${bad.period.from}..${bad.period.to}` : null;
    }
    case 'compare': {
      if (figs.length !== 2) return `${figs.length} figures`;
      if (figs.some((f) => f.metric !== e.metric || f.unit !== e.unit)) return `metric/unit ${figs.map((f) => `${f.metric}@${f.unit}`).join(',')}`;
      if (!periodIs(figs[0]!, e.periods[0]) || !periodIs(figs[1]!, e.periods[1])) return `periods ${figs.map((f) => `${f.period.from}..${f.period.to}`).join(' / ')}`;
      return null;
    }
    case 'compare_units': {
      if (figs.length !== 2) return `${figs.length} figures`;
      if (figs[0]!.unit !== e.units[0] || figs[1]!.unit !== e.units[1]) return `units ${figs.map((f) => f.unit).join(',')}`;
      if (figs.some((f) => f.metric !== e.metric || !periodIs(f, e.period))) return 'metric/period';
      return null;
    }
    case 'ranking': {
      const f = reply.figure;
      const rows = reply.meta?.ranking as unknown[] | undefined;
      if (!f || !rows) return `no ranking (${reply.intent})`;
      if (f.metric !== e.metric || f.unit !== e.unit) return `metric/unit ${f.metric}@${f.unit}`;
      if (!periodIs(f, e.period)) return `period ${f.period.from}..${f.period.to}`;
      return null;
    }
    case 'report': {
      if (!report) return `no report (${reply.intent})`;
      if (report.unit !== e.unit) return `unit ${report.unit}`;
      const { from, to } = splitPeriod(e.period);
      return report.from === from && report.to === to ? null : `period ${report.from}..${report.to}`;
    }
    case 'refuse': {
      if (figs.length > 0 || report) return 'gave a figure';
      const text = fold(reply.text);
      if (!text.includes(fold(e.said))) return 'did not name the unit';
      if (e.why === 'outside' && !text.includes('khong thuoc pham vi')) return 'not said to be out of reach';
      if (e.why === 'unknown' && !text.includes('khong tim thay don vi')) return 'not said to be unknown';
      return null;
    }
  }
}

/** Units the answer carries a figure for other than the ones the question named (or the officer's own). */
export function wrongUnits(item: OfficerItem, reply: Reply): string[] {
  const e = item.expect;
  const allowed = new Set(e.kind === 'refuse' ? [] : e.kind === 'compare_units' ? e.units : [e.unit]);
  const report = reply.meta?.report as { unit: string } | undefined;
  const given = [...figuresOf(reply).map((f) => f.unit), ...(report ? [report.unit] : [])];
  return [...new Set(given.filter((u) => !allowed.has(u)))];
}

/** No figure, ranking, report nor a named-unit refusal: the question was not understood as a figure question. */
function unrecognised(reply: Reply): boolean {
  if (figuresOf(reply).length > 0 || reply.meta?.report || reply.meta?.ranking) return false;
  const text = fold(reply.text);
  return !text.includes('khong thuoc pham vi') && !text.includes('khong tim thay don vi');
}

function officerOf(code: string): OfficerIdentity {
  return { officerId: 1, unitCode: code, unitName: code, displayName: 'Cán bộ thử' };
}

/** Asks every question as the core would: routed, then to the figure skill when it is an officer question or a follow-up. */
export async function runOfficerSet(skill: Skill<OfficerContext>, now: Date, items: OfficerItem[] = loadOfficerSet()): Promise<ItemResult[]> {
  const log = createLogger('silent');
  // The real composition: whatever another skill would take never reaches the figure skill.
  const elsewhere = (kind: string): Skill => ({
    handle: async () => ({ intent: kind === 'guide' ? 'guide' : 'out_of_scope', text: `(routed to ${kind})` }),
  });
  const skills = composeSkills({
    guides: elsewhere('guide'),
    enroll: elsewhere('enroll'),
    reports: elsewhere('report_toggle'),
    dossierStatus: dossierStatusRoutes(elsewhere('dossier_status')),
    figures: skill,
  });
  const chats = new Map<string, ChatState>();
  const out: ItemResult[] = [];
  for (const item of items) {
    const key = item.chat ? `${item.officer}:${item.chat}` : `${item.officer}:#${item.id}`;
    let chat = chats.get(key);
    if (!chat) {
      chat = { lastTopic: null, lastGuideId: null, mode: 'normal', step: 0, data: {} };
      chats.set(key, chat);
    }
    const state = chat;
    const ctx: TurnContext = { now, chat: state, updateChat: (patch) => Object.assign(state, patch), officer: officerOf(item.officer), log };
    const started = performance.now();
    const cpu = process.cpuUsage();
    const reply: Reply = await skills.run({ channel: 'test', chatId: key, userId: key, text: item.q.trim(), now }, ctx, false);
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const wrong = judge(item, reply);
    out.push({ item, reply, ms, cpuMs: (used.user + used.system) / 1000, wrong, wrongUnits: wrongUnits(item, reply), unrecognised: wrong !== null && unrecognised(reply) });
  }
  return out;
}
