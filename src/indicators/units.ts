import { sql } from 'kysely';
import type { Db } from '../store/db.ts';
import { fold } from '../text/fold.ts';
import { expandAbbreviations } from './metrics.ts';

export interface UnitRow {
  code: string;
  name: string;
  parentCode: string | null;
  /** Materialised path "/ROOT/…/SELF/": a subtree is a prefix match. */
  path: string;
  /** Short names from the units import (`ten_goi_khac`). */
  aliases?: string[];
}

/** The unit table is small (a province has hundreds of units); read it whole per question. */
export async function loadUnits(db: Db): Promise<UnitRow[]> {
  return db
    .selectFrom('units')
    .select(['code', 'name', 'parent_code as parentCode', 'path', (eb) => eb.fn.coalesce('aliases', sql<string[]>`'{}'`).as('aliases')])
    .orderBy('path')
    .execute();
}

export function inSubtree(unit: UnitRow, root: UnitRow): boolean {
  return unit.path.startsWith(root.path);
}

export function childrenOf(unit: UnitRow, units: UnitRow[]): UnitRow[] {
  return units.filter((u) => u.parentCode === unit.code);
}

/** What the CLI, the console and the report say of a unit code not among the imported units. */
export function unknownUnitText(code: string, hint = ''): string {
  return `Không có đơn vị mã ${code} / unknown unit ${code}${hint}`;
}

/** A unit by code, whatever the case it was typed in. */
export function unitByCode(code: string, units: UnitRow[]): UnitRow | undefined {
  const c = code.toUpperCase();
  return units.find((u) => u.code.toUpperCase() === c);
}

// ---- How people name units -------------------------------------------------------------------

// Words that start unit names; officers often drop them ("nghiệp vụ y" for "Phòng Nghiệp vụ Y").
const TYPE_WORDS = [
  'van phong',
  'phong',
  'so',
  'chi cuc',
  'trung tam',
  'ban',
  'xa',
  'phuong',
  'thi tran',
  'huyen',
  'quan',
  'thanh pho',
  'thi xa',
  'tinh',
  'bo phan',
  'to',
  'benh vien',
  'tram y te',
];
// Descriptors officers leave out: "phòng dược" for "Phòng Nghiệp vụ Dược".
const GENERIC = ['nghiep vu', 'quan ly', 'chuyen mon'];
// Phrases written in more than one way in unit names, and their usual short forms.
const SHORTHAND: [string, string[]][] = [
  ['an toan ve sinh thuc pham', ['an toan thuc pham', 've sinh an toan thuc pham', 'attp', 'atvstp', 'vsattp']],
  ['ubnd', ['uy ban nhan dan', 'uy ban']],
  ['van phong', ['vp']],
  ['chi cuc', ['cc']],
  ['nghiep vu', ['nv']],
  ['trung tam', ['ttam']],
  ['phong', ['p']],
];

/** Folded words of a text, with each word's index in the original (to quote it back). */
interface Words {
  words: string[];
  origin: number[];
  original: string[];
}

function words(text: string): Words {
  const original = text.split(/\s+/).filter(Boolean);
  const out: Words = { words: [], origin: [], original };
  original.forEach((w, i) => {
    for (const part of fold(w).split(/[^a-z0-9_.-]+|(?<=[a-z])\.(?=[a-z]|$)/)) {
      const p = part.replace(/^[.\-_]+|[.\-_]+$/g, '');
      if (p) {
        out.words.push(p);
        out.origin.push(i);
      }
    }
  });
  return out;
}

function norm(name: string): string {
  return words(name.replace(/\([^)]*\)/g, ' ')).words.join(' ');
}

function stripType(name: string): { type: string; body: string } | null {
  for (const t of TYPE_WORDS) if (name.startsWith(`${t} `)) return { type: t, body: name.slice(t.length + 1) };
  return null;
}

/** Every way the unit may be written: its name, without its type word, derived short forms, aliases. */
export function unitKeys(unit: UnitRow, parent: UnitRow | undefined): string[] {
  const keys = new Set<string>();
  const add = (k: string, minWords = 1) => {
    const k2 = k.trim();
    if (k2 && k2.split(' ').length >= minWords && k2.length >= 2) keys.add(k2);
  };
  let full = norm(unit.name);
  for (const [long, shorts] of SHORTHAND.slice(1, 2)) for (const s of shorts) full = full.replace(new RegExp(`^${s} `), `${long} `);
  add(full);
  let rest = full.replace(/^ubnd /, '');
  add(rest, 2);
  const typed = stripType(rest);
  const parentName = parent ? norm(parent.name).replace(/^ubnd /, '') : null;
  // "Văn phòng Sở Y tế": its body is the parent's name, which names the parent, not this unit.
  const bodyIsParent = typed !== null && parentName !== null && typed.body === parentName;
  if (typed) {
    rest = typed.body;
    if (!bodyIsParent) add(rest, 2);
    const bodyWords = rest.split(' ');
    if (bodyWords.length >= 3 && !bodyIsParent) {
      const acronym = bodyWords.map((w) => w[0]).join('');
      add(acronym);
      add(`${typed.type} ${acronym}`);
    }
    for (const g of GENERIC) {
      if (rest.startsWith(`${g} `)) {
        const tail = rest.slice(g.length + 1);
        add(`${typed.type} ${tail}`);
        add(tail, 2);
      }
    }
    // "Văn phòng Sở Y tế" under "Sở Y tế": "văn phòng sở", "văn phòng".
    if (parentName) {
      const p = parentName;
      const pt = stripType(p);
      if (full.endsWith(` ${p}`) && pt) {
        const head = full.slice(0, -p.length - 1);
        add(`${head} ${pt.type}`);
        add(head, 2);
      }
    }
  }
  for (const a of unit.aliases ?? []) add(norm(a));
  // Each key also in its usual other spellings ("chi cục ATTP" for "chi cục an toàn vệ sinh thực phẩm").
  for (const k of [...keys]) {
    for (const [long, shorts] of SHORTHAND) {
      // "phòng" → "p" only where it starts the name ("P. Dược"), not inside "văn phòng".
      const at = long === 'phong' ? k.startsWith('phong ') : ` ${k} `.includes(` ${long} `);
      if (at) for (const s of shorts) add(` ${k} `.replace(` ${long} `, ` ${s} `));
    }
  }
  // A bare "p" or "cc" alone never names a unit; "phòng" alone neither.
  for (const k of keys) if (TYPE_WORDS.includes(k) || SHORTHAND.some(([, s]) => s.includes(k) && k.length < 3)) keys.delete(k);
  return [...keys];
}

export type UnitMention =
  | { kind: 'unit'; unit: UnitRow; said: string }
  /** Named in the question but not found among the units. */
  | { kind: 'unknown'; said: string }
  /** A short name several units share, none of them in the officer's subtree or all of them. */
  | { kind: 'ambiguous'; said: string; units: UnitRow[] };

interface KeyIndex {
  byFirst: Map<string, { key: string[]; units: UnitRow[] }[]>;
  abbreviations: Set<string>;
}

const indexCache = new WeakMap<UnitRow[], KeyIndex>();

function keyIndex(units: UnitRow[]): KeyIndex {
  const cached = indexCache.get(units);
  if (cached) return cached;
  const byCode = new Map(units.map((u) => [u.code, u]));
  const byKey = new Map<string, UnitRow[]>();
  for (const u of units) {
    for (const k of unitKeys(u, u.parentCode ? byCode.get(u.parentCode) : undefined)) {
      const list = byKey.get(k) ?? [];
      if (!list.includes(u)) list.push(u);
      byKey.set(k, list);
    }
  }
  const byFirst = new Map<string, { key: string[]; units: UnitRow[] }[]>();
  for (const [k, us] of byKey) {
    const key = k.split(' ');
    const list = byFirst.get(key[0]!) ?? [];
    list.push({ key, units: us });
    byFirst.set(key[0]!, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.key.length - a.key.length);
  const abbreviations = new Set([...byKey.keys()].filter((k) => !k.includes(' ')));
  const index = { byFirst, abbreviations };
  indexCache.set(units, index);
  return index;
}

// Words that can follow a type word without naming a unit ("phòng nào", "theo xã", "các phòng").
const NOT_A_NAME = new Set(
  'nao minh ta nay nha do kia cac tung thi co la da dang duoc bao may so ty le ho thang quy nam tuan ngay hom truc tuyen dung tre qua han va voi vs cua theo xep hang cao thap nhieu it nhat hon khong chua roi the nhu sao lam tong toan ca tren duoi trong ngoai ket nhan giai xu tiep'.split(
    ' ',
  ),
);
const isNameWord = (word: string) => !NOT_A_NAME.has(word) && !TYPE_WORDS.includes(word) && !/^[tq]\d{1,2}$|^\d/.test(word);

// All-caps words officers use that are not units.
const KNOWN_CAPS = new Set(
  'tl tt ttrt tttt ttht hs kq kqdt bc bcn dvc dvcqg tthc ubnd pakn vneid csdl sh onl ok vs qd kh syt bn dc ko hqua hnay th stt dvhc hcc'.split(' '),
);

// Shorthand of type words that can stand alone for a unit (not "p": too many other uses).
const TYPE_SHORTHAND = new Map(
  SHORTHAND.filter(([long]) => TYPE_WORDS.includes(long)).flatMap(([long, shorts]) => shorts.filter((x) => x.length > 1).map((x) => [x, long] as const)),
);

// Words that may follow a unit's name in a question without being part of it.
const AFTER_NAME = new Set('dat tang giam bi moi hien luon chi deu vay ha a nhe oi ne gi nhu khi lai cung van thuc con'.split(' '));

/** A word that, right after a unit's typed name, makes it a longer name rather than ending it ("tế" of "phòng y tế huyện"). */
function continuesName(word: string, index: KeyIndex): boolean {
  // Shorthand is read as what it stands for ("thg" is "tháng", "hs" is "hồ sơ").
  const first = expandAbbreviations(word).split(' ')[0] ?? word;
  return [word, first].every((x) => isNameWord(x) && !KNOWN_CAPS.has(x) && !AFTER_NAME.has(x) && !index.byFirst.has(x));
}

const SO_FOLLOW = /^(hoa|ho|voi|lieu|luong|sanh|thu|may|nao|nay|it|nhieu|cai|bo|tien)$/;
// First words of a Sở's name ("sở tư pháp", "sở GTVT"): after "sở" they name a department.
const DEPARTMENTS = 'tu|giao|tai|xay|noi|cong|nong|van|ke|lao|thong|khoa|ngoai|y|gd|gddt|tnmt|ldtbxh|khcn|tttt|nn|gtvt|vhttdl|kh|dt';
const DEPARTMENT_WORDS = new RegExp(`^(${DEPARTMENTS})$`);
/** "của sở", "sở mình": the officer's own Sở — but "của sở GTVT" names another one. */
const OWN_SO = new RegExp(`^(cua|toan|ca|tai|o|trong) so(?= |$)(?! (hoa|ho|voi|lieu|luong|sanh|nay|${DEPARTMENTS})\\b)|^so (minh|ta|nha)\\b`);
// Small or type words that also begin names ("phòng tổ chức", "huyện Cao Lãnh", "xã Đà …"): a name
// when a name word follows them.
const NAME_STARTS_TOO = new Set('to ban cao thap do da la ca nam ho'.split(' '));
// Syllables of place names that, without diacritics, are also small words ("Đất Đỏ", "Đà", "La Gi");
// written with their diacritics as those words ("đó", "đã", "là", "cả"), they end the name.
const PLACE_SYLLABLES = new Set(['do', 'da', 'la', 'ca']);
const SMALL_WORDS = new Set(['đó', 'đã', 'là', 'cả']);
// Between a unit and its parent, the parent only says whose unit it is ("phòng dược sở y tế").
const OF_WORDS = new Set(['cua', 'thuoc', 'truc', 'o', 'tai']);

/**
 * Units named in the question, in the order written: by code (any case), by name or short name,
 * or as "sở"/"tỉnh"/"phòng mình" relative to the officer's own unit. A name that looks like a
 * unit ("phòng kế hoạch", "ATTP") but matches none is returned as unknown, never dropped, so the
 * answer can say so instead of giving another unit's figure.
 */
export function findUnitMentions(original: string, units: UnitRow[], home?: UnitRow): UnitMention[] {
  const w = words(original);
  const taken = new Array<boolean>(w.words.length).fill(false);
  const found: { at: number; end: number; mention: UnitMention }[] = [];
  const said = (from: number, to: number) =>
    w.original
      .slice(w.origin[from], w.origin[to - 1]! + 1)
      .join(' ')
      .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  const take = (from: number, to: number, mention: UnitMention) => {
    for (let i = from; i < to; i++) taken[i] = true;
    found.push({ at: from, end: to, mention });
  };
  const prefer = (cands: UnitRow[]): UnitRow[] => {
    if (cands.length <= 1 || !home) return cands;
    const inside = cands.filter((u) => inSubtree(u, home));
    if (inside.length > 0) return inside;
    const above = cands.filter((u) => inSubtree(home, u));
    return above.length > 0 ? above : cands;
  };

  // Codes: a word (as typed, any case) equal to a unit code.
  const codes = new Map(units.map((u) => [u.code.toLowerCase(), u]));
  w.original.forEach((raw, i) => {
    const c = raw.replace(/^[^\p{L}\p{N}]+|[.:?!,;)]+$/gu, '').toLowerCase();
    const u = codes.get(c);
    if (!u) return;
    // A code that is also a word ("TINH" typed as "tỉnh") counts only when typed in capitals.
    if (/^[a-z]+$/.test(c) && raw !== raw.toUpperCase() && (TYPE_WORDS.includes(c) || NOT_A_NAME.has(c))) return;
    const idx = w.origin.map((o, j) => (o === i ? j : -1)).filter((j) => j >= 0);
    if (idx.length > 0) take(idx[0]!, idx.at(-1)! + 1, { kind: 'unit', unit: u, said: raw });
  });

  const index = keyIndex(units);
  for (let i = 0; i < w.words.length; i++) {
    if (taken[i]) continue;
    for (const { key, units: cands } of index.byFirst.get(w.words[i]!) ?? []) {
      if (i + key.length > w.words.length) continue;
      let ok = true;
      for (let j = 0; j < key.length; j++) if (w.words[i + j] !== key[j] || taken[i + j]) ok = false;
      if (!ok) continue;
      // "trung tâm y tế huyện": a type word before a name without one ("y tế" of "Sở Y tế") makes
      // another unit's name, left to the unknown-name check below.
      const before1 = w.words[i - 1];
      const before2 = i >= 2 ? `${w.words[i - 2]} ${before1}` : '';
      const typedBefore = [before2, before1].some((b) => b && TYPE_WORDS.includes(b) && b !== 'so') && !TYPE_WORDS.some((t) => key.join(' ').startsWith(`${t} `));
      if (typedBefore && !taken[i - 1]) continue;
      // "phòng y tế huyện" is not "Phòng Y": a typed name that goes on is another unit's, left to
      // the unknown-name check below.
      if (TYPE_WORDS.includes(key[0]!)) {
        let end = i + key.length;
        while (end < w.words.length && end < i + key.length + 3 && !taken[end] && continuesName(w.words[end]!, index)) end++;
        if (end > i + key.length) {
          take(i, end, { kind: 'unknown', said: said(i, end) });
          i = end - 1;
          break;
        }
      }
      const best = prefer(cands);
      const text = said(i, i + key.length);
      take(i, i + key.length, best.length === 1 ? { kind: 'unit', unit: best[0]!, said: text } : { kind: 'ambiguous', said: text, units: best });
      i += key.length - 1;
      break;
    }
  }

  // Relative names: "của sở", "toàn tỉnh", "phòng mình".
  const rel = (re: RegExp, pick: () => UnitRow | undefined, what: string) => {
    for (let i = 0; i < w.words.length; i++) {
      const rest = w.words.slice(i).join(' ');
      const m = re.exec(rest);
      if (m?.index !== 0) continue;
      const n = m[0].split(' ').length;
      if (taken.slice(i, i + n).some(Boolean)) continue;
      const u = pick();
      take(i, i + n, u ? { kind: 'unit', unit: u, said: said(i, i + n) } : { kind: 'unknown', said: what });
    }
  };
  if (home) {
    const ancestors = units.filter((u) => inSubtree(home, u)).sort((a, b) => b.path.length - a.path.length);
    rel(OWN_SO, () => ancestors.find((u) => /^so /.test(norm(u.name))), 'sở');
    rel(/^(cua|toan|ca|tai|o|trong) tinh\b|^tinh (minh|ta|nha)\b/, () => ancestors.find((u) => / tinh |^tinh /.test(` ${norm(u.name)} `)) ?? ancestors.at(-1), 'tỉnh');
    rel(/^(phong|don vi|xa|phuong|co quan|chi cuc|van phong|so) (minh|ta|nha)\b|^(don vi|co quan) (nay|toi)\b/, () => home, 'đơn vị mình');
  }

  // Names that look like a unit but match none.
  for (let i = 0; i < w.words.length; i++) {
    if (taken[i]) continue;
    const two = `${w.words[i]} ${w.words[i + 1] ?? ''}`;
    // "VP", "CC": the shorthand of a type word stands for it ("VP" alone is the officer's văn phòng).
    const short = TYPE_SHORTHAND.get(w.words[i]!);
    const type = short ?? TYPE_WORDS.find((t) => `${two} `.startsWith(`${t} `));
    if (!type) continue;
    const n = short ? 1 : type.split(' ').length;
    const next = w.words[i + n];
    // "huyện Cao Lãnh", "phòng tổ chức": a small or type word that a name word follows starts a name too.
    const after = w.words[i + n + 1];
    const startsName =
      next !== undefined &&
      !taken[i + n] &&
      (isNameWord(next) || (NAME_STARTS_TOO.has(next) && after !== undefined && !taken[i + n + 1] && isNameWord(after)));
    if (!startsName) {
      // A bare "chi cục", "văn phòng", "trung tâm": the one such unit the officer has, if only one.
      if (home && (type === 'chi cuc' || type === 'van phong' || type === 'trung tam') && w.words[i - 1] !== 'cac' && w.words[i - 1] !== 'theo') {
        const mine = units.filter((u) => inSubtree(u, home) && norm(u.name).startsWith(`${type} `));
        const text = said(i, i + n);
        take(i, i + n, mine.length === 1 ? { kind: 'unit', unit: mine[0]!, said: text } : mine.length > 1 ? { kind: 'ambiguous', said: text, units: mine } : { kind: 'unknown', said: text });
      }
      continue;
    }
    if (type === 'so' && (SO_FOLLOW.test(next) || !DEPARTMENT_WORDS.test(next))) continue;
    if (type === 'xa' && w.words[i - 1] === 'tu') continue; // "nộp từ xa"
    if (type === 'to' || type === 'ban' || type === 'quan' || type === 'tinh') continue; // too common as words
    let end = i + n + 1;
    // Later words may be type words too ("trung tâm y tế huyện").
    const inName = (j: number) => {
      const word = w.words[j]!;
      if (taken[j] || /^[tq]\d{1,2}$|^\d/.test(word)) return false;
      if (!NOT_A_NAME.has(word)) return true;
      return PLACE_SYLLABLES.has(word) && !SMALL_WORDS.has(w.original[w.origin[j]!]!.toLowerCase());
    };
    while (end < w.words.length && end < i + n + 4 && inName(end)) end++;
    take(i, end, { kind: 'unknown', said: said(i, end) });
  }
  w.original.forEach((raw, i) => {
    const token = raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (!/^[A-ZĐ][A-ZĐ0-9]{2,7}$/u.test(token) || /^[TQ]\d|^(II|III|IV|VI)$/.test(token)) return;
    const j = w.origin.indexOf(i);
    if (j < 0 || taken[j]) return;
    const f = fold(token);
    if (KNOWN_CAPS.has(f) || index.abbreviations.has(f)) return;
    take(j, j + 1, { kind: 'unknown', said: token });
  });
  found.sort((a, b) => a.at - b.at);
  // "phòng dược sở y tế", "phòng dược của sở": the parent right after its unit only qualifies it.
  const kept = found.filter((f, k) => {
    const prev = found[k - 1];
    if (prev?.mention.kind !== 'unit' || f.mention.kind !== 'unit' || prev.mention.unit === f.mention.unit) return true;
    if (!inSubtree(prev.mention.unit, f.mention.unit)) return true;
    return !w.words.slice(prev.end, f.at).every((x) => OF_WORDS.has(x));
  });
  return kept.map((f) => f.mention);
}

/** The first unit named (compatibility for callers that need one), or none. */
export function findUnitMention(original: string, _folded: string, units: UnitRow[], home?: UnitRow): { kind: 'unit'; unit: UnitRow } | { kind: 'none' } {
  const m = findUnitMentions(original, units, home).find((x) => x.kind === 'unit');
  return m && m.kind === 'unit' ? { kind: 'unit', unit: m.unit } : { kind: 'none' };
}

/** "xã nào", "theo phòng": which kind of unit a ranking compares. */
export type UnitLevel = 'commune' | 'division' | 'any';

const COMMUNE = /^(ubnd )?(xa|phuong|thi tran)\b/;

export function levelOf(unit: UnitRow): UnitLevel {
  return COMMUNE.test(norm(unit.name)) ? 'commune' : 'division';
}

/**
 * The units a ranking compares: the direct sub-units of `parent` of that level, or, when none
 * of them is, the nearest descendants of that level (a province officer's "phòng nào").
 */
export function rankedUnits(parent: UnitRow, units: UnitRow[], level: UnitLevel): UnitRow[] {
  const fits = (u: UnitRow) => level === 'any' || levelOf(u) === level;
  const direct = childrenOf(parent, units).filter(fits);
  if (direct.length > 0 || level === 'any') return direct;
  const below = units.filter((u) => u !== parent && inSubtree(u, parent) && fits(u));
  return below.filter((u) => !below.some((o) => o !== u && inSubtree(u, o)));
}
