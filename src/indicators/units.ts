import type { Sql } from '../store/sql.ts';
import { fold } from '../text/fold.ts';

export interface UnitRow {
  code: string;
  name: string;
  parentCode: string | null;
  /** Materialised path "/ROOT/…/SELF/": a subtree is a prefix match. */
  path: string;
}

/** The unit table is small (a province has hundreds of units); read it whole per question. */
export async function loadUnits(sql: Sql): Promise<UnitRow[]> {
  return sql.query<UnitRow>(`SELECT code, name, parent_code AS "parentCode", path FROM units ORDER BY path`);
}

export function inSubtree(unit: UnitRow, root: UnitRow): boolean {
  return unit.path.startsWith(root.path);
}

// Words that start unit names; officers often drop them ("nghiệp vụ 1" for "Phòng Nghiệp vụ 1").
const TYPE_WORDS = /^(phong|so|ubnd|uy ban nhan dan|van phong|chi cuc|trung tam|ban|xa|phuong|thi tran|huyen|quan|thanh pho|thi xa|tinh|bo phan|to)\s+/;

function nameKeys(name: string): string[] {
  const full = fold(name);
  const keys = [full];
  let rest = full;
  for (let i = 0; i < 2; i++) {
    const stripped = rest.replace(TYPE_WORDS, '');
    if (stripped === rest) break;
    rest = stripped;
    // A bare "1" or "y te" alone would match too much; keep at least two syllables.
    if (rest.split(' ').length >= 2) keys.push(rest);
  }
  return keys;
}

export type UnitMention = { kind: 'unit'; unit: UnitRow } | { kind: 'none' };

/**
 * Finds a unit named in the question, by code (as typed) or by folded name, preferring the
 * longest match. Searches all units, so a unit outside the officer's subtree can be refused by name.
 */
export function findUnitMention(original: string, folded: string, units: UnitRow[]): UnitMention {
  // Codes may contain dots or dashes ("SYT.NV1"); only trailing punctuation is not part of them.
  const tokens = new Set(
    original
      .split(/[\s,;()]+/)
      .map((w) => w.replace(/[.:?!]+$/, '').toUpperCase())
      .filter((w) => w.length >= 2),
  );
  const byCode = units.filter((u) => tokens.has(u.code.toUpperCase()));
  if (byCode.length > 0) return { kind: 'unit', unit: byCode.sort((a, b) => b.code.length - a.code.length)[0]! };
  const text = ` ${folded} `;
  let best: { unit: UnitRow; len: number } | null = null;
  for (const unit of units) {
    for (const key of nameKeys(unit.name)) {
      if (key.length > (best?.len ?? 0) && text.includes(` ${key} `)) best = { unit, len: key.length };
    }
  }
  return best ? { kind: 'unit', unit: best.unit } : { kind: 'none' };
}

export function childrenOf(unit: UnitRow, units: UnitRow[]): UnitRow[] {
  return units.filter((u) => u.parentCode === unit.code);
}
