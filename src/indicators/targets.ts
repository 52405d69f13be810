import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { KNOWLEDGE_ROOT } from '../paths.ts';
import { sql } from 'kysely';
import type { Db } from '../store/db.ts';

/** The project's targets file (found from the project root, so any working directory works). */
export const DEFAULT_TARGETS_PATH = join(KNOWLEDGE_ROOT, 'targets.yaml');

/** The scope used when a deployment's own scope has no entry for a metric. */
export const DEFAULT_SCOPE = 'default';

export interface Target {
  /** online_rate | online_payment_rate | on_time_rate | digitized_rate | e_result_rate | … */
  metric: string;
  /** "default", or a deployment's scope such as "ba-ria-vung-tau" (TARGET_SCOPE). */
  scope: string;
  /** The unit (code) whose plan set it: it applies to that unit and its sub-units only. Absent: every unit of the scope. */
  unit?: string;
  op: '>=' | '<=';
  /** A fraction 0..1 (the file may say "70%"). */
  threshold: number;
  period?: string;
  /** The document the target comes from, cited in answers. */
  source: string;
  note?: string;
}

export class TargetsError extends Error {}

/** How answers and chart legends write a target's comparison. */
export function opSign(op: Target['op']): '≥' | '≤' {
  return op === '>=' ? '≥' : '≤';
}

// "70%", "70 %", "0.7" or 0.7 → 0.7; percentages above 1 without a sign are refused as ambiguous.
const threshold = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const text = typeof v === 'number' ? null : v.trim().replace(',', '.');
  const percent = text?.endsWith('%') ?? false;
  const n = typeof v === 'number' ? v : Number(text!.replace(/\s*%$/, ''));
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: `không phải số hay phần trăm: ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  const value = percent ? n / 100 : n;
  if (value < 0 || value > 1) {
    ctx.addIssue({ code: 'custom', message: `cần từ 0 đến 1 hoặc 0%–100%, có ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return Math.round(value * 1e6) / 1e6;
});

const entrySchema = z.strictObject({
  metric: z.string().regex(/^[a-z][a-z0-9_]*$/, 'tên chỉ tiêu dạng snake_case, ví dụ online_rate'),
  scope: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'phạm vi dạng chữ thường, ví dụ default, ba-ria-vung-tau').default(DEFAULT_SCOPE),
  unit: z.string().trim().min(1, 'mã đơn vị không được để trống').optional(),
  op: z.enum(['>=', '<=']).default('>='),
  threshold,
  period: z.coerce.string().optional(),
  source: z.string().trim().min(5, 'cần ghi văn bản nguồn'),
  note: z.string().optional(),
});

const fileSchema = z.strictObject({ targets: z.array(z.unknown()).min(1, 'cần ít nhất một chỉ tiêu') });

/**
 * Reads and validates the targets file. A bad file throws a TargetsError naming the entry
 * (index, metric, scope) and the field.
 */
export function loadTargets(path: string = DEFAULT_TARGETS_PATH): Target[] {
  const file = resolve(path);
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new TargetsError(`${file}: không đọc được tệp chỉ tiêu / cannot read targets: ${(err as Error).message}`);
  }
  const top = fileSchema.safeParse(raw);
  if (!top.success) {
    const issue = top.error.issues[0]!;
    throw new TargetsError(`${file}: ${issue.path.join('.') || 'targets'}: ${issue.message}`);
  }
  const seen = new Set<string>();
  return top.data.targets.map((item, i) => {
    const parsed = entrySchema.safeParse(item);
    const label = describe(item, i);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || '(mục)';
      throw new TargetsError(`${file}: ${label}, trường ${field}: ${issue.message}`);
    }
    const t = parsed.data;
    const key = `${t.metric}@${t.scope}@${(t.unit ?? '').toUpperCase()}`;
    if (seen.has(key)) throw new TargetsError(`${file}: ${label}: trùng chỉ tiêu ${t.metric} cho phạm vi ${t.scope}${t.unit ? `, đơn vị ${t.unit}` : ''}`);
    seen.add(key);
    const target: Target = { metric: t.metric, scope: t.scope, op: t.op, threshold: t.threshold, source: t.source };
    if (t.unit !== undefined) target.unit = t.unit;
    if (t.period !== undefined) target.period = t.period;
    if (t.note !== undefined) target.note = t.note;
    return target;
  });
}

function describe(item: unknown, i: number): string {
  const o = (item && typeof item === 'object' ? item : {}) as Record<string, unknown>;
  const name = typeof o.metric === 'string' ? ` (${o.metric}${typeof o.scope === 'string' ? `, ${o.scope}` : ''})` : '';
  return `mục thứ ${i + 1}${name}`;
}

/** Where a unit sits, for matching targets set for a unit's subtree. */
export interface TargetUnit {
  code: string;
  /** Materialised path "/ROOT/…/SELF/". */
  path: string;
}

/**
 * The target for `metric` that applies to `unit` in the deployment's `scope`: one set for the
 * unit or the nearest unit above it, else one for the whole scope; null when none was set for it.
 * A target never crosses scopes: another province's (or the demo's) plan is not this unit's.
 */
export function targetFor(targets: readonly Target[], metric: string, scope: string = DEFAULT_SCOPE, unit?: TargetUnit): Target | null {
  const candidates = targets.filter((t) => t.metric === metric && t.scope === scope);
  let best: Target | null = null;
  let depth = -1;
  for (const t of candidates) {
    if (t.unit === undefined) {
      if (depth < 0) {
        best = t;
        depth = 0;
      }
      continue;
    }
    const at = unit ? unit.path.toUpperCase().indexOf(`/${t.unit.toUpperCase()}/`) : -1;
    if (at >= 0 && at + 1 > depth) {
      best = t;
      depth = at + 1;
    }
  }
  return best;
}

/** The plan's years ("2023", "2023–2025") have all passed by `year`. */
export function targetEnded(target: Target, year: number): boolean {
  const years = (target.period ?? '').match(/\b(19|20)\d{2}\b/g)?.map(Number) ?? [];
  return years.length > 0 && Math.max(...years) < year;
}

/** Whether `value` (a fraction) meets the target; null when there is no value. */
export function meets(target: Target, value: number | null): boolean | null {
  if (value === null || !Number.isFinite(value)) return null;
  // Rates are ratios of integers: compare with a hair of tolerance so 0.7 of 10/10ths is met.
  const eps = 1e-9;
  return target.op === '>=' ? value >= target.threshold - eps : value <= target.threshold + eps;
}

/**
 * Mirrors the file into the `targets` table (the file is the source of truth). Upserts rather than
 * replacing, so replicas starting together on one PostgreSQL server do not trip over each other.
 */
export async function syncTargets(db: Db, targets: readonly Target[]): Promise<void> {
  const k = sql<{
    metric: string;
    scope: string;
    op: string;
    threshold: number;
    period: string | null;
    source: string;
    note: string | null;
    unit: string;
  }>`unnest(${targets.map((t) => t.metric)}::text[], ${targets.map((t) => t.scope)}::text[], ${targets.map((t) => t.op)}::text[],
    ${targets.map((t) => t.threshold)}::float8[], ${targets.map((t) => t.period ?? null)}::text[], ${targets.map((t) => t.source)}::text[],
    ${targets.map((t) => t.note ?? null)}::text[], ${targets.map((t) => t.unit ?? '')}::text[])`.as<'k'>(
    sql`k(metric, scope, op, threshold, period, source, note, unit)`,
  );
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('targets')
      .columns(['metric', 'scope', 'op', 'threshold', 'period', 'source', 'note', 'unit'])
      .expression((eb) => eb.selectFrom(k).selectAll())
      .onConflict((oc) =>
        oc.columns(['metric', 'scope', 'unit']).doUpdateSet((eb) => ({
          op: eb.ref('excluded.op'),
          threshold: eb.ref('excluded.threshold'),
          period: eb.ref('excluded.period'),
          source: eb.ref('excluded.source'),
          note: eb.ref('excluded.note'),
        })),
      )
      .execute();
    await trx
      .deleteFrom('targets as t')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom(k)
              .select(sql`1`.as('one'))
              .whereRef('k.metric', '=', 't.metric')
              .whereRef('k.scope', '=', 't.scope')
              .whereRef('k.unit', '=', 't.unit'),
          ),
        ),
      )
      .execute();
  });
}
