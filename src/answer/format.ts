import { cached } from '../collections.ts';
import { saysAbroad } from './abroad.ts';
import type { Guide, Section } from '../retrieval/guides.ts';
import { analyze, foldedSyllables } from '../text/analyze.ts';
import { fold } from '../text/fold.ts';
import { STOPWORDS } from '../text/stopwords.ts';

/** Chat answers stay readable on a phone: about one screen. */
export const MAX_ANSWER_CHARS = 1200;

/**
 * What a reply's text costs of the screen's budget: a link counts as LINK_CHARS, however long.
 * It is tapped, not read; at its full length (median 89 characters on the dev replies, 153 of
 * 397 over 100, up to 447) it took the room of the very points it cites: "Khai báo trực tuyến:
 * qua Trang thông tin điện tử … (Công an tỉnh)…" was cut beside a 400-character source link
 * (lt4-021, review 14).
 */
export function screenLength(text: string): number {
  let n = text.length;
  for (const m of text.matchAll(/https?:\/\/\S+/g)) n -= Math.max(0, m[0].length - LINK_CHARS);
  return n;
}
const LINK_CHARS = 60;

/** Markdown the guides use that chat apps would show raw. */
export function plain(text: string): string {
  return text
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/`([^`]+)`/g, '$1')
    .trim();
}

/** Words a clause cannot end on ("hoặc ứng…" reads as a sentence broken off): dropped before a cut's "…". */
const DANGLING = /\s+(?:và|hoặc|hay|của|cho|với|là|thì|mà|để|do|nếu|như|các|những|một|bằng|theo|khi|nhưng)$/iu;

/** A word that opens a new phrase: a cut before it ends the phrase before whole ("… nơi cư trú" | "hoặc ứng dụng"). */
const CONNECTIVE = /^(?:hoặc|và|hay|nhưng|rồi|để|nếu|khi|thì|mà|trong|tại|theo|sau|trước)(?=[\s,]|$)/iu;

/** What follows a number's last digit and a space when the number goes on: more digits or its unit. */
const NUMBER_GOES_ON = /^(?:\d|(?:đồng|đ|nghìn|ngàn|triệu|tỷ|tỉ|%|ngày|giờ|phút|tháng|năm|tuần|tuổi|lần|tầng|km|m2|m²)(?![\p{L}\d]))/iu;

/** Names of offices, portals and databases the replies use: a reader cannot finish one cut short. */
const NAMES =
  /Cổng Dịch vụ công (?:quốc gia|Bộ Công an)|Cơ sở dữ liệu quốc gia về dân cư|Trung tâm [Pp]hục vụ hành chính công|Tổ công nghệ số cộng đồng|Ủy ban nhân dân|Phòng Cảnh sát giao thông|Cục Quản lý xuất nhập cảnh|Bảo hiểm xã hội Việt Nam/gu;

/** Where the NAMES in `text` start and end. */
function namesIn(text: string): [number, number][] {
  return [...text.matchAll(NAMES)].map((m) => [m.index, m.index + m[0].length]);
}

/** "TP. Hồ Chí Minh": a point that ends no sentence. */
const ABBREVIATION = /(?:^|[\s(])[A-ZĐ][A-Za-z]?\.$/u;

/**
 * Cuts near `max` characters where a reader loses least: after a whole sentence (no "…" needed),
 * else at a clause (";", ":"), else at a comma, else before a word that opens a phrase ("hoặc",
 * "để"), else between words — never inside brackets or
 * quotes, never mid-word, and not on a word that leaves the clause hanging ("và", "hoặc", "của").
 */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  let depth = 0;
  let quoted = false;
  const best = { sentence: -1, clause: -1, comma: -1, phrase: -1, space: -1, anySpace: -1 };
  const named = namesIn(text);
  for (let i = 0; i < Math.min(text.length - 1, max); i++) {
    const c = text[i]!;
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (c === '"' || c === '“' || c === '”') quoted = c === '“' ? true : c === '”' ? false : !quoted;
    if (text[i + 1] !== ' ') continue;
    // "Cổng Dịch vụ công quốc…" (review 14, pr4-004): a name is cut before or after, never inside.
    if (named.some(([from, to]) => i > from && i < to - 1)) continue;
    // "1800 1096", "7.000 đồng", "03 ngày làm việc": a number is never parted from its other
    // digit group or its unit.
    if (/\d/.test(c) && NUMBER_GOES_ON.test(text.slice(i + 2, i + 12))) continue;
    best.anySpace = i + 1;
    if (depth > 0 || quoted) continue;
    if (/[.!?]/.test(c) && !ABBREVIATION.test(text.slice(Math.max(0, i - 3), i + 1))) best.sentence = i + 1;
    else if (c === ';' || c === ':') best.clause = i;
    else if (c === ',') best.comma = i;
    else {
      best.space = i + 1;
      if (CONNECTIVE.test(text.slice(i + 2, i + 10))) best.phrase = i + 1;
    }
  }
  if (best.sentence >= max * 0.35) return text.slice(0, best.sentence);
  const at =
    best.clause >= max * 0.35
      ? best.clause
      : best.comma >= max * 0.4
        ? best.comma
        : best.phrase >= max * 0.4
          ? best.phrase
          : best.space > 0
            ? best.space
            : best.anySpace > 0
              ? best.anySpace
              : max;
  let head = text.slice(0, at).trimEnd();
  for (let k = 0; k < 3 && DANGLING.test(head); k++) head = head.replace(DANGLING, '');
  return `${head.replace(/[,;.:–—-]$/, '')}…`;
}

/** The length of a point's label ("Lệ phí và khi nào nộp: "), 0 without one: a cut before its content leaves a bare heading. */
function labelLength(text: string): number {
  return /^[^:]{1,90}:\s/u.exec(text)?.[0].length ?? 0;
}

/**
 * `text` whole when it fits `max`, else its first whole sentences that do, else cut after a ";"
 * clause or a list comma with "…"; undefined when no such cut fits. Review 7: 312 bullets of the
 * 176 dev answers ended in "…" (a fee bullet cut just before "7.000 đồng", "Được đổi tên khi nào
 * (khoản 1 Điều 28 …)…" left as a bare heading).
 */
export function wholeSentences(text: string, max: number): string | undefined {
  if (text.length <= max) return text;
  let depth = 0;
  let quoted = false;
  const best = { sentence: -1, clause: -1, comma: -1 };
  const label = labelLength(text);
  for (let i = label; i < Math.min(text.length - 1, max); i++) {
    const c = text[i]!;
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (c === '"' || c === '“' || c === '”') quoted = c === '“' ? true : c === '”' ? false : !quoted;
    if (text[i + 1] !== ' ' || depth > 0 || quoted) continue;
    if (/[.!?]/.test(c) && !ABBREVIATION.test(text.slice(Math.max(0, i - 3), i + 1))) best.sentence = i + 1;
    else if (c === ';') best.clause = i;
    else if (c === ',') best.comma = i;
  }
  if (best.sentence >= max * 0.35) return text.slice(0, best.sentence);
  // Cut after a clause or a list item, "…" says more follows: a list of cases cut at its first
  // ("Được đổi tên khi nào: tên gây nhầm lẫn…") must not read as the whole list.
  const cutAt = (at: number) => `${text.slice(0, at).replace(DANGLING, '')}…`;
  // Measured past the label: a comma right after a long label ("Hỏi kết quả trả lời có được công
  // khai không: có, …") is far into the text yet leaves the content one word long.
  const past = (at: number, share: number) => at - label >= (max - label) * share;
  if (best.clause >= 0 && past(best.clause, 0.35)) return cutAt(best.clause);
  if (best.comma >= 0 && past(best.comma, 0.4)) return cutAt(best.comma);
  return best.sentence > 0 ? text.slice(0, best.sentence) : undefined;
}

/**
 * A point in at most `max` characters: whole, else cut after a sentence, a clause or a list item
 * (wholeSentences), else within its content, never before it: "Được đổi tên khi nào (khoản 1
 * Điều 28 Bộ luật Dân sự)…" (l6-026, lt5-012) said nothing. Shown whole instead, up to half as long
 * again, when its label leaves no room.
 */
function wantedText(text: string, max: number): string {
  const cut = wholeSentences(text, max);
  if (cut !== undefined) return cut;
  const label = labelLength(text);
  if (max - label >= 40) return text.slice(0, label) + shorten(text.slice(label), max - label);
  return wholeSentences(text, Math.round(max * 1.5)) ?? text.slice(0, label) + shorten(text.slice(label), Math.max(40, max - label));
}

/** A law, decree or circular named at the start of a bracketed note: "(khoản 6 Điều 12 Nghị định 87/2020/NĐ-CP", "(theo Thông tư 75/2022". */
const CITATION =
  /^(?:theo |xem |sửa đổi bởi |sửa bởi |nay là |ban hành kèm )?(?:(?:điểm [a-zđ](?:, [a-zđ])*,? )?(?:khoản [\d, và]+ )?Điều \d+[a-zđ]?,? (?:của )?)?(?:(?:Luật|Bộ luật|Nghị định|Thông tư|Quyết định|Nghị quyết|Pháp lệnh|Hiến pháp)\s|khoản \d|Điều \d)/u;

/**
 * `text` without the legal references a citizen does not read: a bracketed note made only of them
 * ("(khoản 6 Điều 12 Nghị định 87/2020/NĐ-CP, khoản 2 Điều 9 Thông tư 01/2022/TT-BTP)") goes, a
 * note that also says something keeps that ("(Điều 33 Luật Hộ tịch; quá hạn vẫn đăng ký được)" →
 * "(quá hạn vẫn đăng ký được)"), and a trailing "— Thông tư 75/2022/TT-BTC" goes. Review 7 #8:
 * 114 bullets of the dev replies carried such notes, 40 of 169 answers cited two laws or more, often
 * in the first lines. The full entry ("xem đầy đủ") keeps them; 1 of 17 dev rubric points that
 * name a law had other wordings to credit.
 */
export function withoutCitations(text: string): string {
  return text
    .replace(/\s*\(([^()]*)\)/gu, (whole, inner: string) => {
      const kept = inner.split(/;\s*/u).filter((part) => !CITATION.test(part.trim()));
      if (kept.length === inner.split(/;\s*/u).length) return whole;
      return kept.length ? ` (${kept.join('; ')})` : '';
    })
    .replace(/\s+[—–]\s+(?:theo\s+)?(?:Thông tư|Nghị định|Quyết định)\s+\S+?(?=[.;]?(?:\s|$))/gu, '')
    // "Theo khoản 2 Điều 20 Luật Cư trú 2020, bạn được…" opening a sentence: "Bạn được…". Only a
    // reference ending in its year or number ("Luật Xuất cảnh, nhập cảnh …" has a comma of its own).
    .replace(
      /(^|[.!?]\s+)Theo [^,:;]{0,60}?(?:Luật|Bộ luật|Nghị định|Thông tư|Quyết định|Nghị quyết)\s[^,:;]*?\d{4}(?:\/[A-ZĐ0-9-]+)*, (\p{Ll})/gu,
      (_, before: string, letter: string) => before + letter.toUpperCase(),
    );
}

/**
 * A point the question does not ask about, in about `max` characters: as wantedText, but where
 * that would cut inside a sentence ("…"), its first whole sentences up to half as long again
 * instead: a statement read whole, the rest one tap away ("📄 Xem đầy đủ").
 */
function briefText(text: string, max: number): string {
  const cut = wantedText(text, max);
  if (!cut.endsWith('…')) return cut;
  const sentences = wholeSentences(text, Math.round(max * BRIEF_STRETCH));
  return sentences !== undefined && !sentences.endsWith('…') && sentences.length > labelLength(text) + 20 ? sentences : cut;
}
const BRIEF_STRETCH = 1.3;

/** A checklist item's first sentence: the thing to bring, without its caveats. */
export function firstSentence(text: string): string {
  const m = /^(.+?[.!?])\s/.exec(text);
  return m ? m[1]! : text;
}

/** The numbered items of a section ("1. …"), without their numbers. */
export function numberedItems(section: Section | undefined): string[] {
  if (!section) return [];
  const items: string[] = [];
  for (const line of section.body.split('\n')) {
    const m = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (m) items.push(plain(m[1]!));
    else if (items.length > 0 && line.trim() && !/^\s*[-*]\s/.test(line)) items[items.length - 1] += ` ${plain(line.trim())}`;
  }
  if (items.length === 0) {
    for (const line of section.body.split('\n')) {
      const m = /^\s*[-*]\s+(.*)$/.exec(line);
      if (m) items.push(plain(m[1]!));
    }
  }
  return items;
}

export function bullets(section: Section | undefined): string[] {
  if (!section) return [];
  return section.body
    .split('\n')
    .map((l) => /^\s*[-*]\s+(.*)$/.exec(l)?.[1])
    .filter((x): x is string => Boolean(x))
    .map(plain);
}

export function section(guide: Guide, kind: Section['kind']): Section | undefined {
  return guide.sections.find((s) => s.kind === kind);
}

export function steps(guide: Guide): string[] {
  return numberedItems(section(guide, 'steps'));
}

/**
 * A card's own numbered steps ("## Các bước" after "## Nội dung chính"): its points are what it
 * says, these how to do it online. Empty for how-tos (their steps are their points) and for cards
 * without such a section.
 */
export function cardSteps(guide: Guide): string[] {
  const own = guide.sections.filter((s) => s.kind === 'steps');
  const how = own.slice(1).find((s) => /bước/iu.test(s.heading));
  return how ? numberedItems(how).map(withoutCitations) : [];
}

/** "… thực hiện như thế nào?", "cách làm", "hướng dẫn", "các bước": the writer asks how to do it (folded). */
const HOW_ASK = /(?:^| )(?:nhu the nao|the nao|ntn|ra sao|lam sao|bang cach nao|cach (?:nao|lam|nop|dang ky|xin|doi|thuc hien)|huong dan|cac buoc|quy trinh)(?= |$)/;

export function sourceLine(guide: Guide): string {
  return `Nguồn: ${guide.title} — ${guide.url}`;
}

/**
 * An answer's citation: its link. The title is the answer's first line already; repeated here it
 * cost 60–110 characters of a 1200-character screen (the intro's first sentence was cut in 98 of
 * 183 answered real dev messages before).
 */
export function urlLine(guide: Guide): string {
  return `Nguồn: ${guide.url}`;
}

/** "2026-12-01" as a Vietnamese reader writes a date: "01/12/2026". */
function dayMonthYear(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** A section's lines as a chat shows them: "• " points, numbered steps, sub-points indented, no markdown. */
function sectionLines(body: string): string[] {
  const out: string[] = [];
  for (const raw of body.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const numbered = /^(\s*)(\d+)[.)]\s+(.*)$/.exec(raw);
    const bullet = /^(\s*)[-*]\s+(.*)$/.exec(raw);
    if (numbered) out.push(`${numbered[1] ? '   ' : ''}${numbered[2]}. ${plain(numbered[3]!)}`);
    else if (bullet) out.push(`${bullet[1] ? '   – ' : '• '}${plain(bullet[2]!)}`);
    // A wrapped line of the item above.
    else if (out.length > 0 && /^\s/.test(raw)) out[out.length - 1] += ` ${plain(line)}`;
    else out.push(plain(line));
  }
  return out;
}

/**
 * The whole entry, for "xem đầy đủ": title, every intro sentence, every section with its heading
 * and every point or step whole (legal references kept), then every source with the date the
 * entry was checked against them. A short reply shows one screen and cuts or leaves out points
 * (review 7 #4: in 125 of 169 dev answers a point ended in "…", with no way to read the rest).
 * Longer than a screen; the channels split it (bot/channels/split.ts).
 */
export function formatFull(guide: Guide): string {
  const parts = [guide.title];
  const intro = gist(guide);
  if (intro) parts.push(intro);
  for (const s of guide.sections) {
    if (s.kind === 'intro') continue;
    const lines = sectionLines(s.body);
    if (lines.length > 0) parts.push([`${s.heading}:`, ...lines].join('\n'));
  }
  const sources = guide.sources.length > 0 ? guide.sources : [guide.url];
  parts.push([`Nguồn (đối chiếu ngày ${dayMonthYear(guide.updated)}):`, ...sources.map((u) => `• ${u}`)].join('\n'));
  return parts.join('\n\n');
}

/**
 * Does a short reply leave out part of its entry (a point cut or not shown, an intro sentence
 * given way)? Only then is "xem đầy đủ" offered.
 */
export function leavesOut(guide: Guide, reply: string): boolean {
  const { first, rest } = introSentences(guide);
  const shown = (t: string) => reply.includes(withoutCitations(t));
  return ![first, ...rest].every(shown) || !points(guide).every(shown);
}

/**
 * Said first to someone complaining (pf3-001, lt5-017: a how-to with no word that they were
 * heard). One short line, counted in the screen's budget, so it never pushes the answer off.
 */
export const COMPLAINT_ACK = 'Rất tiếc vì bạn gặp phiền hà.';

/** The acknowledgement, pointing to where the complaint can go when the reply says so at its end. */
function ack(answer: AnswerParts): string {
  if (!answer.complaint) return '';
  return answer.seeAlso ? `${COMPLAINT_ACK} Cách gửi phản ánh có ở cuối tin.` : COMPLAINT_ACK;
}

export const STEP_HINT = 'Gõ "bước tiếp" để được hướng dẫn lần lượt từng bước.';

export interface AnswerParts {
  guide: Guide;
  /** A common-error bullet that matches the question. */
  error?: string | undefined;
  /** The question's folded words: the entry's points that share them are shown first and in full. */
  focus?: readonly string[] | undefined;
  /** The message tells of something that went wrong: the entry's help contact is shown too. */
  trouble?: boolean | undefined;
  /** The message complains of a service: one short line says it was heard before the answer. */
  complaint?: boolean | undefined;
  /** Another entry the writer also needs (where a complaint or praise goes), named with its link. */
  seeAlso?: { lead: string; guide: Guide } | undefined;
  /** Characters the answer may take (MAX_ANSWER_CHARS unless the reply says more around it). */
  budget?: number | undefined;
  /** false: the message asks no yes/no question, so an entry's bare "Có."/"Không." opening is left out. */
  yesNo?: boolean | undefined;
  /**
   * The message's separate asks that landed on this entry, each as its folded words: with two or
   * more, the point each asks about is put first (askedItems); a part of several shows the sentence
   * its asks are about (askedText).
   */
  asks?: readonly (readonly string[])[] | undefined;
  /** Phrases only our field uses ("vneid", "hộ chiếu") that the writer typed (specificFieldPhrases). */
  named?: readonly string[] | undefined;
  /**
   * A point of another entry on the same subject that answers what the message asks and this entry
   * does not say (someone abroad, see lentPoint): shown after the intro, its link with this one's.
   */
  lent?: { guide: Guide; point: string } | undefined;
}

/** The lent point's line, whole up to `max`. */
function lentLine(parts: AnswerParts, max: number): string {
  return parts.lent ? `• ${wantedText(parts.lent.point, max)}` : '';
}

/** The reply's source line: the entry's link, then the lent point's entry's. */
function sourcesLine(parts: AnswerParts): string {
  return parts.lent ? `${urlLine(parts.guide)}\n${urlLine(parts.lent.guide)}` : urlLine(parts.guide);
}

function seeAlsoLine(parts: AnswerParts, full = true): string {
  if (!parts.seeAlso) return '';
  const { lead, guide } = parts.seeAlso;
  return full ? `${lead} xem "${guide.title}" — ${guide.url}` : `${lead} ${guide.url}`;
}

/**
 * A help contact that is a place to go in person (Công an cấp xã, UBND or the một cửa desk). The
 * rubric of many real letters asks for it: "cần phải làm gì" about a căn cước, a passport refused
 * on an old CMND, a birth registered late — the card was right and its help section named the
 * place, but a card showed help only on trouble, and then the hotline first. Shown first, and on a
 * card without trouble where it fits, on dev lines designed on one half by id hash: 3 more pass
 * (k6 l6-027, k3 pf3-008, pf3-016, with knowledge as it was before those lines were read), the
 * other half holds (its counts only were read); always adding a help line there lost 1 line of it.
 */
const IN_PERSON = /công an (?:cấp )?(?:xã|phường)|UBND|Ủy ban nhân dân|một cửa/iu;

/** An entry's help bullets, the places to go in person first. */
function inPersonFirst(guide: Guide): string[] {
  const all = bullets(section(guide, 'help'));
  return [...all.filter((h) => IN_PERSON.test(h)), ...all.filter((h) => !IN_PERSON.test(h))];
}

/** The first `count` help bullets of an entry ("Tổng đài VNeID 1900 0368 (nhánh 4)") as one line. */
function helpLine(guide: Guide, count: number, all = bullets(section(guide, 'help'))): string {
  const help = all.slice(0, count);
  return help.length ? `Liên hệ: ${help.map((h) => wantedText(h, 140).replace(/\.$/, '')).join('; ')}.` : '';
}

/**
 * Which of `items` say something the question asks about beyond the entry's title: a shared pair of
 * content words ("xuất nhập cảnh", "lệ phí") or two shared content words. A card's key field that
 * answers the question must not be the one trimmed away.
 */
export function relevantItems(guide: Guide, items: readonly string[], focus: readonly string[] | undefined): Set<number> {
  return focusedOf(rankedItems(guide, items, focus));
}

/**
 * The items that share something with the question (see relevantItems), the most shared first. A
 * card shows them before the rest: on a long message the point a rubric looks for ("thu hồi",
 * "cấp lại") is often the third or fourth most shared, and in the card's own order it came after
 * the ones trimmed away.
 */
export function rankedItems(
  guide: Guide,
  items: readonly string[],
  focus: readonly string[] | undefined,
  ownWord = false,
): number[] {
  if (!focus || focus.length === 0) return [];
  const { title, of } = analysedGuide(guide);
  const words = new Set(focus.filter((t) => content(t) && !title.has(t)));
  const pairs = new Set(analyze(focus.join(' ')).bigrams.filter((b) => b.split('_').every(content)));
  const asked = askedKinds(focus);
  const yesNo = yesNoAsked(focus);
  const all = new Set(focus.filter(content));
  // How many of the items use each word the message shares with them (see ONE_ITEM_MIN).
  const users = new Map<string, number>();
  for (const item of items) for (const t of of(item).words) if (words.has(t)) users.set(t, (users.get(t) ?? 0) + 1);
  const scored: { i: number; score: number }[] = [];
  items.forEach((item, i) => {
    const a = of(item);
    let sharedPairs = 0;
    for (const b of a.pairs) if (pairs.has(b)) sharedPairs++;
    let sharedWords = 0;
    let own = false;
    for (const t of a.words) {
      if (!words.has(t)) continue;
      sharedWords++;
      if (ownWord && users.get(t) === 1 && items.length >= ONE_ITEM_MIN) own = true;
    }
    let kind = asked.reduce(
      (n, k) =>
        n +
        (k.weight ?? 1) * (k.against?.test(a.label) ? -ASKED_LABEL : k.label.test(a.label) ? ASKED_LABEL : k.says?.test(item) ? ASKED_SAYS : 0),
      0,
    );
    if (a.label && yesNo && ` ${a.label} `.includes(yesNo)) kind += ASKED_LABEL;
    // A label in the question's own words ("Đăng ký ở đâu" to "đăng ký … ở xã nơi vợ hay nơi
    // chồng", not "Nộp ở đâu") is the more on point of two that give the same kind of answer.
    if (kind > 0) kind += Math.min(2, [...a.labelWords].filter((t) => all.has(t)).length);
    if (sharedPairs > 0 || sharedWords >= 2 || kind > 0 || own) scored.push({ i, score: 2 * sharedPairs + sharedWords + kind });
  });
  // A long message shares words with nearly every point; only the points it shares most with
  // are the ones it asks about (the rest keep their order and their short form).
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  return scored.map(({ i }) => i);
}

const content = (t: string) => !STOPWORDS.has(t) && t.length > 1 && !/^\d+$/.test(t);

/**
 * A word of the message that one point alone uses (and the title does not) makes that point one
 * the message is about, though it shares no second word: "A1" of "doi bang lai xe may A1 co can
 * doi ko?" is only in "Bằng xe máy A1, A, B1 có phải đổi không"; read alone, that ask ranked no
 * point and its part showed another (review 10 F4). Only for an ask that ranks no point without it
 * (askedFirst): for the whole message it lost 2 lines of real dev half A (counted as two words, 3),
 * for every ask 1, and for a how-to's steps (read in order, not picked) 1. Only in entries of this
 * many points or more: in a short one every word is some point's alone.
 */
const ONE_ITEM_MIN = 4;

/**
 * What kind of thing a question asks for (how much, how long, where, which papers, who), read from
 * its folded words, and how a card's point that gives it is told: by its label ("Lệ phí và khi nào
 * nộp:", "Thời hạn giải quyết:", "Nộp ở đâu:", "Hồ sơ cần đính kèm:", "Ai đi đăng ký:") or, for an
 * unlabelled point, by what it says (an amount in đồng, a count of days). "mất bao nhiêu tiền",
 * "mấy ngày", "ở đâu" share no content word with those labels ("bao", "nhiêu" are function words),
 * so a card's fee point came fourth and was cut before its number (review 7 #4, the tạm trú probe).
 */
export interface AskedKind {
  /** The message asks for it: a pattern on its folded text, or, where a pattern will not do, a
   * reader of its folded words. */
  question: RegExp | ((words: readonly string[]) => boolean);
  /** Told anywhere in a message, not only in its asks (where the asker is, see lendableKinds). */
  anywhere?: boolean;
  label: RegExp;
  says?: RegExp;
  /** A label saying the point is for the opposite case ("Làm lại ở đâu (ở trong nước)" to someone abroad). */
  against?: RegExp;
  /** How many times a label's score (default 1). */
  weight?: number;
  /**
   * What a point or intro must say to answer it outright: an entry that says it nowhere leaves the
   * asker without it, and a close entry on the same subject that does can lend it (see lentPoint).
   */
  gives?: RegExp;
  /**
   * What an entry's intro or a point may state instead, in passing, for the entry to answer it
   * (the office named in an intro: "… do UBND cấp xã giải quyết"): read only to decide whether
   * the entry lacks the kind, never to rank its points.
   */
  stated?: RegExp;
  /**
   * A stricter ask for lending than `question`, where `question` also reads a mere mention: "nộp
   * lệ phí trực tuyến bằng cách nào" names the fee but asks how to pay, and had a close entry's
   * "lower fee online" point lent into the payment-methods answer.
   */
  lendsOn?: RegExp;
}

/** An office or a way of filing named as where to go: "tại UBND cấp xã", "nộp trên VNeID". */
const PLACE =
  /(?:tại|ở|đến|về|cho|do|trên|qua) (?:(?:bộ phận )?một cửa|UBND|Ủy ban nhân dân|Công an|Đại sứ quán|Tổng lãnh sự quán|cơ quan đại diện|Sở |Phòng |Chi cục|Tòa án|Trung tâm|Bưu điện|bưu điện|(?:ứng dụng )?VNeID|Cổng Dịch vụ công|dichvucong)/u;

const ASKED_KINDS: readonly AskedKind[] = [
  {
    // "gia" alone is "gia hạn"; "tiền" alone is too often money lost, not a fee asked.
    question: /\b(?:bao nhieu tien|(?:mat|het|ton|tra|dong|nop|la) bao nhieu(?! (?:ngay|lau|thang|tuan|gio|nam|tuoi|lan|buoc))|le phi|chi phi|phi|mien phi|gia bao nhieu|co mat tien|mat tien)\b/,
    lendsOn:
      /\b(?:bao nhieu tien|(?:mat|het|ton|tra|dong|nop|la|phi|le phi|chi phi) bao nhieu(?! (?:ngay|lau|thang|tuan|gio|nam|tuoi|lan|buoc))|mien phi|(?:co )?(?:mat|ton) (?:tien|phi|le phi)|gia bao nhieu)\b/,
    // "Tư vấn miễn phí:" is legal aid, not a fee: a fee label starts with the fee or names it after a comma.
    label: /(?:^|, )(?:(?:duoc )?mien (?:le )?phi|le phi|phi|so tien|chi phi|muc thu)\b/,
    says: /\d[\d.]*\s*(?:đồng|nghìn|triệu)|miễn (?:phí|lệ phí)|không (?:mất|thu) (?:phí|lệ phí|tiền)/iu,
  },
  {
    question: /\b(?:bao lau|may ngay|bao nhieu ngay|bao gio|mat may|thoi han|thoi gian|may thang|may tuan|bao nhieu lau|lau (?:khong|chua|qua|vay|the))\b/,
    label: /(?:^|, )(?:thoi han|thoi gian|bao lau|khi nao co)\b/,
    says: /\d+\s*ngày(?: làm việc)?|\d+\s*(?:giờ|tuần) /iu,
  },
  {
    // Or a choice of places: "nơi vợ hay nơi chồng", "ở xã hay ở tỉnh", "lên tỉnh ko hay ở xã".
    question:
      /\b(?:o dau|cho nao|noi nao|tai dau|nop dau|lam dau|den dau|di dau|o cho nao|co quan nao|(?:o|tai|noi|len|ve) [a-z0-9]+(?: [a-z0-9]+){0,3} (?:khong |ko )?hay (?:la )?(?:o|tai|noi|len|ve))\b/,
    label: /^(?:[^,]{0,25}\bo dau|noi (?:lam|nop)|dia chi|lam truc tiep|nop truc tiep|co quan (?:giai quyet|cap|thuc hien|tiep nhan))\b/,
    stated: PLACE,
  },
  {
    // "giấy tờ" alone is as often papers lost or demanded as papers asked for.
    question: /\b(?:giay to (?:gi|nao|can|gom)|can (?:nhung )?giay to|giay gi|can gi|can nhung gi|ho so (?:gom|can|gi|nhung)|mang (?:theo )?gi|chuan bi (?:gi|nhung)|thu tuc (?:gi|gom))\b/,
    label: /^(?:ho so|giay to|mang theo|can co|can mang|can chuan bi|thong tin can)\b/,
  },
  {
    // Not a kind of answer but where the asker is: someone abroad needs the point for abroad
    // (review 9 #6: "con trai tôi đang ở Hàn Quốc, hộ chiếu hết hạn thì làm lại ở đâu" got the
    // point on offices in Vietnam first). Names of two syllables or more: "Đức" folds as "dục".
    // The countries and how they are told: src/answer/abroad.ts (review 10: "đang ở Nhật", "ở Đài
    // Loan", "bên Úc", "ở Mỹ" were missed; "ở Mỹ Tho" is no abroad).
    question: saysAbroad,
    anywhere: true,
    label: /\b(?:nuoc ngoai|dang o nuoc|ngoai nuoc)\b/,
    says: /(?:ở|tại|đang ở) nước ngoài|đại sứ quán|cơ quan đại diện/iu,
    against: /\b(?:o |tai )?trong nuoc\b/,
    // Which case applies decides before what kind of answer: "Làm lại ở đâu" is for Vietnam.
    weight: 2,
    // The office that serves someone abroad: "có yếu tố nước ngoài" or "sinh ở nước ngoài nay về"
    // is a case told of, not what to do from there.
    gives: /đại sứ quán|lãnh sự quán|cơ quan đại diện/iu,
  },
  {
    // "đủ 40 tuổi có phải đổi không", "mấy tuổi thì được": an age the answer turns on.
    question: /\b(?:\d+ tuoi|bao nhieu tuoi|may tuoi|du tuoi|tuoi nao|do tuoi)\b/,
    label: /^(?:do tuoi|tu bao nhieu tuoi|tuoi|moc tuoi)\b/,
    says: /\d+\s*tuổi/iu,
  },
  {
    // Or whether someone may act for another: "thay mặt", "làm hộ" (not "làm hộ chiếu"), "nhờ người",
    // "đăng ký thay" ("đi thay" folds as "đi thấy").
    question: /\b(?:ai (?:lam|nop|duoc|phai|di|ky|dang ky|la nguoi|co quyen)|nguoi nao|thay mat|lam thay|lam ho(?! (?:chieu|khau|tich|kinh|ngheo|gia|so))|nho (?:nguoi|ai)|(?:khai|nop|ky) thay|nguoi khac (?:di|lam|nop|ky))\b/,
    label: /^(?:ai|nguoi (?:nop|lam|di|duoc|ky))\b/,
  },
];

/** A point's label says what the question asks for: scored above a few shared words. */
const ASKED_LABEL = 4;
/** An unlabelled point that gives it (an amount, a count of days). */
const ASKED_SAYS = 2;

/**
 * A message longer than this (folded syllables) tells a story around its question: the kind words
 * in it ("mất bao lâu", "ở đâu") are as often the story's as the question's.
 */
const ASKED_MAX_WORDS = 30;

/**
 * What a yes/no question asks whether ("thi lại" of "có phải thi lại ko", "giữ lại" of "biển số
 * có được giữ lại khi bán xe ko"), as " x y " of its first two folded words; undefined when none
 * is asked, it is one word or those words are function words only. A point labelled with them
 * ("Quá hạn có phải thi lại không:") answers it: review 9 #6, "gplx … hết hạn 2 tháng rồi đổi lại có phải thi lại
 * ko" led with renewing early ("thi", "lại" are no content words to share).
 */
function yesNoAsked(focus: readonly string[]): string | undefined {
  if (focus.length > ASKED_MAX_WORDS) return undefined;
  const m = YES_NO_ASK.exec(` ${focus.join(' ')} `);
  if (!m) return undefined;
  const words = m[1]!.trim().split(' ').slice(0, 2);
  // One word ("đổi" of "có cần đổi ko") says too little: "Đổi trước khi hết hạn" does not answer it.
  return words.length === 2 && words.some(content) ? ` ${words.join(' ')} ` : undefined;
}
/**
 * The point `best` (the question's best ranked) when its label is the yes/no question asked ("Quá
 * hạn có phải thi lại không:" to "… có phải thi lại ko"): it answers the question, so it leads the
 * reply (review 9 #6: the licence reply opened on renewing online, the answer cut below it).
 * Undefined otherwise, or when the point is too long to lead.
 */
function answersYesNo(guide: Guide, items: readonly string[], best: number | undefined, focus: readonly string[] | undefined): number | undefined {
  if (best === undefined || guide.kind === 'redirect' || guide.kind === 'error' || !focus) return undefined;
  const asked = yesNoAsked(focus);
  const item = items[best];
  if (!asked || !item || item.length > LEAD_MAX) return undefined;
  return ` ${analysedGuide(guide).of(item).label} `.includes(asked) ? best : undefined;
}
const LEAD_MAX = 400;

/**
 * Someone abroad reads the point for abroad before the intro, which is for people in Vietnam:
 * "Tôi và bạn trai đang sinh sống và làm việc tại Hàn Quốc…" (f7a-015, review 14) read "cả hai bên
 * vẫn phải có mặt tại UBND cấp xã" first and "Đang ở nước ngoài: … tại cơ quan đại diện Việt Nam"
 * only as the second point. The point among the first three the message ranks whose label is for
 * abroad ("Đang ở nước ngoài", "Làm lại ở nước ngoài").
 */
function abroadLead(guide: Guide, items: readonly string[], ranked: readonly number[], focus: readonly string[] | undefined): number | undefined {
  if (!focus || guide.kind === 'redirect' || guide.kind === 'error' || !saysAbroad(focus)) return undefined;
  return ranked
    .slice(0, 3)
    .find((i) => ABROAD_LABEL.test(analysedGuide(guide).of(items[i]!).label) && items[i]!.length <= LEAD_MAX);
}
const ABROAD_LABEL = /^(?:dang )?(?:o|tai|song o|lam lai o) nuoc ngoai\b/;

const YES_NO_ASK = / co (?:phai |can |duoc |dc |bi |nen )?((?:[a-z0-9]+ ){1,6}?)(?:khong|ko|k|hong|chua) /;

function askedKinds(focus: readonly string[]): AskedKind[] {
  if (focus.length > ASKED_MAX_WORDS) return [];
  const text = ` ${focus.join(' ')} `;
  return ASKED_KINDS.filter((k) => asksFor(k, focus, text));
}

/** Do a message's folded `words` (`text`: them joined, padded) ask for `kind`? */
function asksFor(kind: AskedKind, words: readonly string[], text = ` ${words.join(' ')} `): boolean {
  return typeof kind.question === 'function' ? kind.question(words) : kind.question.test(text);
}

/** An item's distinct folded words, and its distinct pairs not made of title words only. */
interface ItemWords {
  words: ReadonlySet<string>;
  pairs: ReadonlySet<string>;
  /** Its label ("Nộp ở đâu" of "Nộp ở đâu: …"), folded and lower-case; "" without one. */
  label: string;
  /** The label's content words, folded. */
  labelWords: ReadonlySet<string>;
}

/**
 * What rankedItems reads of a guide that no message changes: its title's words and each item's
 * words and pairs. Analysed again for every answer it took 8–9 % of answering (profile of real dev,
 * review 7); guides do not change while the process runs (a changed guide is a new object).
 */
const analysed = new WeakMap<Guide, { title: ReadonlySet<string>; of: (item: string) => ItemWords }>();

function analysedGuide(guide: Guide): { title: ReadonlySet<string>; of: (item: string) => ItemWords } {
  return cached(analysed, guide, () => {
    const title = new Set(analyze(guide.title).folded);
    const items = new Map<string, ItemWords>();
    const of = (item: string): ItemWords =>
      cached(items, item, () => {
        const a = analyze(item);
        const label = fold(item.slice(0, labelLength(item))).toLowerCase();
        const labelWords = new Set(analyze(item.slice(0, labelLength(item))).folded.filter(content));
        return {
          words: new Set(a.folded),
          pairs: new Set(a.bigrams.filter((b) => !b.split('_').every((x) => title.has(x)))),
          label,
          labelWords,
        };
      });
    return { title, of };
  });
}

/** `all`'s indices: the ranked ones first (best first), then the rest in their own order. */
function rankedOrder(count: number, ranked: readonly number[]): number[] {
  const rank = new Map(ranked.map((i, k) => [i, k]));
  return [...Array(count).keys()].sort((a, b) => (rank.get(a) ?? count + a) - (rank.get(b) ?? count + b));
}

/** At most this many points of an entry are put first and shown in full for one message. */
const MAX_FOCUSED = 2;

/** The points a message asks about: the MAX_FOCUSED it shares most with (`ranked`, best first). */
function focusedOf(ranked: readonly number[], asked = 0): Set<number> {
  return new Set(ranked.slice(0, Math.max(MAX_FOCUSED, asked)));
}

/** The intro's gist: its sentences, minus "this article explains…" framing. */
export function gist(guide: Guide): string {
  const intro = section(guide, 'intro')?.body ?? '';
  const sentences = plain(intro.replace(/\s+/g, ' '))
    .split(/(?<=[.!?])\s+/)
    // A redirect's "Đây không phải lĩnh vực của Trợ lý DVC …" repeats redirectLead, said after the intro.
    .filter((x) => x && !/^(Dưới đây|Bài này|Bài viết này|Hướng dẫn này)\b/i.test(x))
    .filter((x) => guide.kind !== 'redirect' || !/^Đây không phải lĩnh vực của Trợ lý DVC\b/.test(x));
  return sentences.join(' ');
}

/**
 * Title, the intro's gist, the matching common error (if any), the numbered steps (trimmed), what
 * to prepare (briefly), the citation and the step-by-step hint — kept under MAX_ANSWER_CHARS by
 * trimming everything progressively, then cutting to the first steps.
 */
const cache = new Map<string, string>();

export function formatAnswer(parts: AnswerParts): string {
  // Guides do not change while the process runs (a changed guide means a new index, new objects).
  // A how-to's steps or a card's points: the same section either way.
  const items = points(parts.guide);
  const { order: ranked, first, plain } = askedFirst(parts.guide, items, parts.focus, parts.asks);
  // Each ask's own point is shown whole, however many asks landed here (review 9 #6: "cần giấy tờ
  // gì, làm ở xã nơi vợ hay nơi chồng, có mất phí không" showed the papers, not where nor the fee).
  // A letter's other asks are as often rhetorical: past ASKED_MAX_WORDS only its plain asks' points
  // stay whole (askedFirst), else the two it shares most with. On real dev 5 replies of 384 change,
  // none passes or fails differently (as written, --unleak 0.5, chat-plain, 5-fold alike).
  const asked = (parts.focus?.length ?? 0) <= ASKED_MAX_WORDS ? first : plain > 1 ? plain : 0;
  const focus = focusedOf(ranked, asked);
  // How-tos keep their intro's order: its further sentence kept first pushed a step out (1 dev line).
  const introWanted = parts.guide.kind === 'guide' ? new Set<number>() : wantedIntro(parts, cardIntro(parts));
  const lead =
    (parts.yesNo === false ? undefined : answersYesNo(parts.guide, items, ranked[0], parts.focus)) ??
    abroadLead(parts.guide, items, ranked, parts.focus);
  const key = `${lead ?? ''}\u0000${parts.guide.id}\u0000${parts.guide.hash}\u0000${parts.error ?? ''}\u0000${ranked.join(',')}\u0000${[...introWanted].join(',')}\u0000${parts.trouble ? 1 : 0}${parts.complaint ? 1 : 0}\u0000${seeAlsoLine(parts)}\u0000${parts.budget ?? ''}\u0000${parts.yesNo === false ? 0 : 1}\u0000${parts.lent ? `${parts.lent.guide.id}\u0000${parts.lent.point}` : ''}\u0000${parts.named?.join(',') ?? ''}`;
  let text = cache.get(key);
  if (text === undefined) {
    if (cache.size > 2000) cache.clear();
    // Ranked on the entry's own words; shown without the legal references (see withoutCitations).
    const shown = { ...parts, error: parts.error === undefined ? undefined : withoutCitations(parts.error) };
    text =
      parts.guide.kind === 'guide'
        ? composeAnswer(shown, focus)
        : composeCard(shown, focus, items.map(withoutCitations), ranked, introWanted, lead, asked);
    cache.set(key, text);
  }
  return text;
}

/**
 * An entry offered as a button under the answer to `question` (another ask of it, an entry ranked
 * close under the answer), as it is shown when tapped: its points on that question first.
 */
export function offeredAnswer(guide: Guide, question: string): string {
  return formatAnswer({ guide, focus: foldedSyllables(question) });
}

/**
 * Said after a redirect's first line, which says where to go (the entry's intro: "Ly hôn … do Tòa
 * án giải quyết"): plainly not our field, in one sentence. Review 7: the 30-word "không
 * hướng dẫn chi tiết được" came before any useful line; a reader of a phone screen stops there.
 */
export function redirectLead(title?: string): string {
  // A part of several answers has its title on the line above: the short form.
  if (title === undefined) return 'Việc này không thuộc phạm vi tôi hỗ trợ; nơi phụ trách:';
  // The entry's title names the need ("Trình báo tội phạm, bị lừa đảo"): the reader sees it was understood.
  return `Việc "${title}" không thuộc phạm vi Trợ lý DVC (dịch vụ công trực tuyến, VNeID, thanh toán phí, lệ phí) nên tôi chỉ nêu nơi phụ trách.`;
}

/**
 * redirectLead's "tôi chỉ nêu nơi phụ trách" followed by the entry's own "Trợ lý DVC hướng dẫn
 * được cách nộp phạt" (redirect-traffic-fines, asked how to pay a fine on VNeID) said no, then
 * yes: where a point the message asks about is a part we do guide, the lead says the main part is
 * elsewhere instead. (A guided point shown only as an aside, "Trợ lý DVC hướng dẫn được các bước
 * VNeID" under a pension question, leaves the plain lead true.)
 */
export function redirectPartLead(title?: string): string {
  if (title === undefined) return 'Phần chính của việc này do nơi khác phụ trách; nơi phụ trách, và phần tôi hướng dẫn được:';
  return `Phần chính của việc "${title}" ngoài phạm vi Trợ lý DVC (dịch vụ công trực tuyến, VNeID, thanh toán phí, lệ phí); phần tôi hướng dẫn được có ở dưới.`;
}

/** Under the part we guide, put first (see composeCard's `guided`): where the rest of it goes. */
export function redirectRestLead(title: string): string {
  return `Phần còn lại của việc "${title}" không thuộc phạm vi Trợ lý DVC (dịch vụ công trực tuyến, VNeID, thanh toán phí, lệ phí); nơi phụ trách:`;
}
const GUIDED_PART = /(?:Trợ lý DVC|tôi) (?:cũng )?hướng dẫn được/u;

/**
 * An entry titled as a yes/no question opens with the bare answer ("Không."): said to a message
 * that asked no such question it answers something not asked (pf3-031: a căn cước dossier "not in
 * the system" read "Không." first, from the card on demanded certified copies).
 */
const BARE_ANSWER = /^(?:Có|Không|Được|Không được|Chưa|Đúng|Sai|Phải|Không phải|Cần|Không cần|Có thể)[.!]?$/u;

function withoutBareAnswer(intro: { first: string; rest: string[] }, drop: boolean): { first: string; rest: string[] } {
  if (!drop || !BARE_ANSWER.test(intro.first.trim()) || intro.rest.length === 0) return intro;
  return { first: intro.rest[0]!, rest: intro.rest.slice(1) };
}

/** The "Nội dung chính" (or steps) items of an entry: points, key fields, or what to do. */
export function points(guide: Guide): string[] {
  return numberedItems(section(guide, 'steps'));
}

/**
 * Entries that are not how-tos: a `fact` answers with its intro and points; an `error` says what
 * the message means, then what to do; a `service` card gives its key fields (where, account,
 * attachments, fee, time, result); a `redirect` says plainly it is not our field, where to go and
 * the contact. Trimmed progressively to one chat screen.
 */
function composeCard(
  answer: AnswerParts,
  focus: ReadonlySet<number>,
  all: readonly string[],
  ranked: readonly number[],
  introWanted: ReadonlySet<number>,
  lead?: number,
  asked = 0,
): string {
  const { guide, error, trouble } = answer;
  // What stays whole when nothing else is left to give way: the point the message shares most
  // with, and each ask's own point (askedFirst), not the runner-up that focusedOf adds.
  const kept = new Set(ranked.slice(0, Math.max(1, asked)));
  // The points the question asks about first (in their order), then the rest; an error entry's
  // numbered steps keep their order.
  const order = guide.kind === 'error' ? [...all.keys()] : rankedOrder(all.length, ranked);
  // Asked how to do it, with no kind of answer asked instead ("mức phí như thế nào" asks the fee):
  // the card's steps too, in place of points the message does not ask about. moreb-001, "Hướng
  // dẫn cách gia hạn bằng lái xe hạng B2 online … thực hiện như thế nào?", got five points on
  // other cases and not one step (review 16). Real dev: 9 replies gain their card's steps, no pass
  // changes (as written, --unleak 0.5, chat-plain).
  const said = answer.focus ? ` ${answer.focus.join(' ')} ` : '';
  const howSteps =
    guide.kind === 'service' && answer.focus && HOW_ASK.test(said) && !ASKED_KINDS.some((k) => asksFor(k, answer.focus!, said))
      ? cardSteps(guide)
      : [];
  // Where to go in person first (see IN_PERSON); a card read without trouble gets that one line
  // only where the screen has room to spare for it.
  const helpWanted = guide.kind === 'redirect' || guide.kind === 'error' || trouble;
  const ordered = inPersonFirst(guide);
  const help = helpWanted ? ordered : [];
  const spareHelp = helpWanted ? [] : ordered.filter((h) => IN_PERSON.test(h)).slice(0, 1);
  const intro = cardIntro(answer);
  const label = guide.kind === 'error' ? 'Cách xử lý:' : '';
  // A redirect's contact is the answer itself: it stays while anything does.
  const minHelp = guide.kind === 'redirect' ? 1 : 0;
  // A redirect whose point the message shares most with is the part we guide ("Cần tài khoản VNeID
  // …: Trợ lý DVC hướng dẫn được"): tp3-004, an old man told pensions and clinics need "VNeID gì
  // đó" who does not know where to tap, read "Lương hưu … ngoài phạm vi" first (review 16).
  // Only when the message names that part by a phrase of our field the point uses ("vneid") and the
  // redirect's title does not: an electricity bill, an assault or a traffic fine shares a word with
  // their redirect's guided point and asks about the bill, the assault, the fine; "bảo hiểm y tế" of
  // a question on what it pays for is the benefits redirect's own subject.
  const first = ranked[0];
  const named = answer.named ?? [];
  const guided =
    guide.kind === 'redirect' &&
    first !== undefined &&
    GUIDED_PART.test(all[first]!) &&
    named.some(
      (p) => ` ${foldedSyllables(all[first]!).join(' ')} `.includes(` ${p} `) && !` ${foldedSyllables(guide.title).join(' ')} `.includes(` ${p} `),
    )
      ? first
      : undefined;
  // A reply with or without the card's steps (see howSteps), composed at a level of LEVELS.
  const composer = (steps: boolean) => (level: Level, wantedMax = WANTED_MAX, spare = false, runnerMax = wantedMax, further = introWanted): string => {
    const parts: string[] = [];
    const shownIntro = introText(intro, level.introRest, further);
    if (guided !== undefined) {
      // The part we guide is what the message asks most about: it leads, then where the rest goes.
      parts.push(wantedText(all[guided]!, wantedMax), redirectRestLead(guide.title), shownIntro || guide.title);
    } else if (guide.kind === 'redirect') {
      // Where to go first (the intro names the office), then plainly not ours.
      parts.push(shownIntro || guide.title, redirectLead(guide.title));
    } else {
      if (answer.complaint) parts.push(ack(answer));
      parts.push(guide.title);
      // The point that answers the yes/no question asked comes before the intro, whole.
      if (lead !== undefined) parts.push(`• ${all[lead]!}`);
      if (shownIntro) parts.push(shownIntro);
      // What the message asks and this entry does not say, before the entry's own points.
      if (answer.lent) parts.push(lentLine(answer, wantedMax));
    }
    if (error) parts.push(`👉 ${wantedText(error, wantedMax)}`);
    const list: string[] = [];
    let others = 0;
    const stepsShown = steps && level.otherCount >= STEPS_MIN_LEVEL;
    const otherCount = stepsShown ? Math.max(0, level.otherCount - STEPS_FOR_POINTS) : level.otherCount;
    for (const i of order) {
      if ((i === lead && guide.kind !== 'redirect') || i === guided) continue;
      const whole = focus.has(i);
      if (!whole && others++ >= otherCount) continue;
      const head = guide.kind === 'error' ? `${i + 1}. ` : '• ';
      list.push(head + (whole ? wantedText(all[i]!, kept.has(i) ? wantedMax : runnerMax) : briefText(all[i]!, level.otherMax)));
    }
    if (list.length) parts.push([label, ...list].filter(Boolean).join('\n'));
    if (stepsShown) parts.push([STEPS_HEAD, ...howSteps.map((x, k) => `${k + 1}. ${briefText(x, level.otherMax)}`)].join('\n'));
    const helpCount = Math.max(minHelp, level.help);
    if (help.length && helpCount > 0) parts.push(helpLine(guide, helpCount, help));
    else if (spare && spareHelp.length) parts.push(helpLine(guide, 1, spareHelp));
    const also = seeAlsoLine(answer, level.fullAlso);
    if (also) parts.push(also);
    parts.push(sourcesLine(answer));
    if (guide.kind === 'redirect' && guided === undefined && [...focus].some((i) => GUIDED_PART.test(all[i]!)))
      parts[1] = redirectPartLead(guide.title);
    return parts.join('\n\n');
  };
  const fitted = (withSteps: boolean) => {
    const compose = composer(withSteps);
    return fitScreen(
      compose,
      answer.budget,
      spareHelp.length > 0 ? (level) => compose(level, WANTED_MAX, true) : undefined,
      (runnerMax) => compose(LEVELS[LEVELS.length - 1]!, WANTED_MAX, false, runnerMax),
      (wantedMax) => compose(LEVELS[LEVELS.length - 1]!, wantedMax, false, wantedMax, new Set()),
    );
  };
  // The steps where the screen has room for them beside the asked points; else the reply as it
  // would be without them (lf3-011 lost its papers point to steps that did not fit after all).
  const withSteps = howSteps.length > 0 ? fitted(true) : undefined;
  return withSteps?.includes(STEPS_HEAD) ? withSteps : fitted(false);
}

/**
 * How much of an entry a reply shows besides what never gives way (the intro's first sentence,
 * which should already answer, and the points the question asks about): the intro's further
 * sentences, how many other points and how long, help contacts, the opinion line's entry title.
 */
interface Level {
  introRest: number;
  otherCount: number;
  otherMax: number;
  help: number;
  /** The "where to send an opinion" line names its entry's title as well as its link. */
  fullAlso: boolean;
}

/**
 * From the fullest to the barest. Other points go (fewer, then shorter) before the intro's
 * further sentences; what the question needs is never shortened while anything else can go.
 * Past the intro, one point fewer before each shortening below 160 characters: fragments of
 * 100–120 ("Lệ phí và khi nào nộp: từ 15/8/2026 đến hết 28/02/2027…") said less than a whole
 * point or none. Real dev: bullets ending "…" 220 -> 134, no line lost on either half; one step
 * further (a single point kept at 160) lost a line of half A.
 */
const LEVELS: readonly Level[] = [
  { introRest: 9, otherCount: 8, otherMax: 400, help: 3, fullAlso: true },
  { introRest: 9, otherCount: 6, otherMax: 260, help: 2, fullAlso: true },
  { introRest: 9, otherCount: 5, otherMax: 200, help: 2, fullAlso: true },
  { introRest: 9, otherCount: 4, otherMax: 160, help: 2, fullAlso: false },
  { introRest: 1, otherCount: 4, otherMax: 160, help: 1, fullAlso: false },
  { introRest: 0, otherCount: 4, otherMax: 160, help: 1, fullAlso: false },
  { introRest: 0, otherCount: 3, otherMax: 160, help: 1, fullAlso: false },
  { introRest: 0, otherCount: 2, otherMax: 160, help: 1, fullAlso: false },
  { introRest: 0, otherCount: 2, otherMax: 120, help: 1, fullAlso: false },
  { introRest: 0, otherCount: 1, otherMax: 120, help: 1, fullAlso: false },
  { introRest: 0, otherCount: 0, otherMax: 100, help: 1, fullAlso: false },
  { introRest: 0, otherCount: 0, otherMax: 100, help: 0, fullAlso: false },
];

const STEPS_HEAD = 'Các bước:';
/** A card's steps are shown while a level keeps this many other points or more (see LEVELS). */
const STEPS_MIN_LEVEL = 2;
/** How many other points a card's steps stand in for. */
const STEPS_FOR_POINTS = 4;

/** A point the question asks about is shown whole up to here (a few long ones are cut at a sentence). */
const WANTED_MAX = 450;
/** How wanted points shorten when the barest level still does not fit. */
const SHORTER = [300, 200, 140] as const;

/**
 * The first level whose reply fits one screen; past the last, the runner-up point shortens first
 * (`runnerUp`, given its length), then the wanted points, then all. Before, both focused points were
 * cut to 300 characters together: "tự dịch … chứng thực chữ ký trên bản dịch" lost, after a ";", the
 * very clause its point gave ("tự dịch giấy tờ của mình thì mang …", "không còn Phòng Tư pháp cấp
 * huyện") to keep more of a point on land contracts it did not ask about (review 10 F4). Dropping
 * the runner-up outright instead lost 2 real dev lines: it was the asked point there ("online").
 */
function fitScreen(
  compose: (level: Level, wantedMax?: number) => string,
  max = MAX_ANSWER_CHARS,
  spare?: (level: Level) => string,
  runnerUp?: (max: number) => string,
  withoutFurther?: (wantedMax: number) => string,
): string {
  for (const level of LEVELS) {
    const text = compose(level);
    if (screenLength(text) > max) continue;
    const more = spare?.(level);
    return more !== undefined && screenLength(more) <= max ? more : text;
  }
  for (const runnerMax of runnerUp ? SHORTER : []) {
    const text = runnerUp!(runnerMax);
    if (screenLength(text) <= max) return text;
  }
  const last = LEVELS[LEVELS.length - 1]!;
  for (const wantedMax of SHORTER) {
    const text = compose(last, wantedMax);
    if (screenLength(text) <= max) return text;
  }
  // The intro's further sentence kept for the question goes before the whole reply is cut short:
  // that cut keeps the intro and drops the points and the source (f10b-013, a 330-character
  // further sentence beside a 300-character first one).
  for (const wantedMax of withoutFurther ? SHORTER : []) {
    const text = withoutFurther!(wantedMax);
    if (screenLength(text) <= max) return text;
  }
  return shorten(compose(last, 140), max);
}

/** The intro's gist as its first sentence (it should already answer) and the further ones. */
function introSentences(guide: Guide): { first: string; rest: string[] } {
  const all = gist(guide)
    .split(/(?<=[.!?])\s+(?=[^a-zà-ỹđ])/u)
    .filter(Boolean);
  return { first: all[0] ?? '', rest: all.slice(1) };
}

/** A card's intro: its bare "Có."/"Không." opening left out when no yes/no question was asked. */
function cardIntro(answer: AnswerParts): { first: string; rest: string[] } {
  const { first, rest } = withoutBareAnswer(introSentences(answer.guide), answer.yesNo === false);
  return { first: withoutCitations(first), rest: rest.map(withoutCitations) };
}

/**
 * The intro's further sentence the question shares most with (see rankedItems): it stays while
 * the further sentences give way. l6-002 asked whether a house needs a building permit; the card's
 * answer, "từ 1/7/2026 … miễn giấy phép cho … nhà ở riêng lẻ dưới 7 tầng", was its intro's second
 * sentence, trimmed before the points.
 */
function wantedIntro(answer: AnswerParts, intro: { rest: string[] }): ReadonlySet<number> {
  return new Set(rankedItems(answer.guide, intro.rest, answer.focus).slice(0, 1));
}

/** The intro's first sentence and at most `further` of the ones after it, plus the `wanted` ones. */
function introText(intro: { first: string; rest: string[] }, further: number, wanted: ReadonlySet<number> = new Set()): string {
  return [intro.first, ...intro.rest.filter((_, i) => i < further || wanted.has(i))].filter(Boolean).join(' ');
}

/**
 * rankedItems for a message whose separate asks (`asks`) land on one entry: the whole message's
 * best point, then each ask's best, in the asks' order, then the rest as the whole message ranks
 * them. Ranked by the whole message alone, one ask's words can fill both focused places: "làm hộ
 * chiếu online mất bao lâu, lệ phí bao nhiêu" showed the fee points and cut the time (review 7 #5).
 * The whole message's best stays first: an ask read alone lacks the story (lf3-013, a lost wallet:
 * "có phải thi lại không" alone ranked the papers to attach above "Bị mất giấy phép lái xe").
 */
export function askedItems(
  guide: Guide,
  items: readonly string[],
  focus: readonly string[] | undefined,
  asks: readonly (readonly string[])[] | undefined,
): number[] {
  return askedFirst(guide, items, focus, asks).order;
}

/** How a yes/no question ends ("… thì có được không", "… chưa"): an ask a letter means, not a flourish. */
const YES_NO_END = new Set(['khong', 'ko', 'k', 'hong', 'chua']);

/**
 * askedItems; how many of them lead as the asks' own points (`first`); and how many of those are
 * the whole message's best and the points of plain asks (`plain`): a kind of answer asked ("bao
 * nhiêu tiền", "bao lâu") or a yes/no question, which a letter means as much as a list does.
 */
function askedFirst(
  guide: Guide,
  items: readonly string[],
  focus: readonly string[] | undefined,
  asks: readonly (readonly string[])[] | undefined,
): { order: number[]; first: number; plain: number } {
  const whole = rankedItems(guide, items, focus);
  // One ask of several landed here (the others on other entries): its own point too, not only the
  // whole message's best. "đổi bằng lái A1 có cần đổi ko? còn hộ chiếu hết hạn thì …": the whole
  // message ranked "Đổi trước khi hết hạn" (the passport's "hết hạn") above the A1 point.
  if (!asks || asks.length === 0) return { order: whole, first: Math.min(1, whole.length), plain: Math.min(1, whole.length) };
  const first: number[] = whole.slice(0, 1);
  // Plain asks first, so that they lead: f9b-003, a 475-character letter asking where, whether it
  // costs, how much and how long of the marital-status card, got two points (the second on marrying
  // at home, which it did not ask) and neither the fee nor the time.
  const kinds = asks.filter((a) => askedKinds(a).length > 0 || YES_NO_END.has(a[a.length - 1] ?? ''));
  let plain = first.length;
  for (const ask of [...kinds, ...asks.filter((a) => !kinds.includes(a))]) {
    const own = rankedItems(guide, items, ask);
    const ranked = own.length > 0 || guide.kind === 'guide' ? own : rankedItems(guide, items, ask, true);
    // An ask whose own best point is the message's best is answered by it: its runner-up would
    // push out the next ask's point (l6-015: "UBND xã từ chối chứng thực có đúng không" is what the
    // letter is most about; "người nhận ủy quyền có phải ký không" lost its point to the first
    // ask's second best, review 14).
    if (ranked[0] !== undefined && ranked[0] === first[0]) continue;
    const best = ranked.find((i) => !first.includes(i));
    if (best !== undefined) {
      first.push(best);
      if (kinds.includes(ask)) plain = first.length;
    }
  }
  return { order: [...first, ...whole.filter((i) => !first.includes(i))], first: first.length, plain };
}

/** A point's sentences after its label, each scored by its most specific term shared with the asks. */
interface AskedSentences {
  label: number;
  sentences: string[];
  shared: number[];
}

/**
 * For the points of one entry (`all`) and the words its asks are about (folded): each point's
 * sentences scored by how specific a shared word or pair is within this entry (its sentences that
 * use it): the ask's "A1" is, "bằng", "lái xe" are not. Summed, the renewal point's sentence on
 * Thông tư 12/2025, sharing "giấy phép lái xe" (a synonym of "bằng lái"), beat "Bằng xe máy hạng
 * A1, A, B1 không có thời hạn"; so a sentence is scored by its most specific shared term. Made
 * once per entry of formatMany, read at every trim level; the counts only when a point is cut.
 */
function askedSentences(words: readonly string[], all: readonly string[]): (item: string) => AskedSentences {
  const wanted = new Set(words.filter(content));
  const pairs = new Set(analyze(words.join(' ')).bigrams.filter((x) => x.split('_').every(content)));
  const split = (text: string) => text.split(/(?<=[.!?])\s+(?=[\p{Lu}\d])/u).filter(Boolean);
  const terms = (text: string) => {
    const a = analyze(text);
    return new Set([...a.folded.filter((t) => wanted.has(t)), ...a.bigrams.filter((t) => pairs.has(t))]);
  };
  let counts: { every: number; df: Map<string, number> } | undefined;
  const count = () => {
    const every = all.flatMap((p) => split(p.slice(labelLength(p))));
    const df = new Map<string, number>();
    for (const x of every) for (const t of terms(x)) df.set(t, (df.get(t) ?? 0) + 1);
    return { every: every.length, df };
  };
  const memo = new Map<string, AskedSentences>();
  return (item) =>
    cached(memo, item, () => {
      counts ??= count();
      const { every, df } = counts;
      const label = labelLength(item);
      const sentences = split(item.slice(label));
      const shared = sentences.map((x) => Math.max(0, ...[...terms(x)].map((t) => Math.log(1 + every / df.get(t)!))));
      return { label, sentences, shared };
    });
}

/**
 * A point an ask is about, in at most `max` characters: wantedText, but when that cuts away the
 * sentence that shares most with the ask (askedSentences), the point's first sentence, then that
 * one. Review 7 #5: "đổi bằng lái xe máy A1 có cần đổi ko? còn hộ chiếu…" got the card's point on
 * renewing, cut before its last sentence "Bằng xe máy hạng A1, A, B1 không có thời hạn".
 */
function askedText(item: string, max: number, scored: (item: string) => AskedSentences): string {
  const shown = wantedText(item, max);
  if (shown === item) return shown;
  const { label, sentences, shared } = scored(item);
  const best = shared.indexOf(Math.max(...shared));
  if (best <= 0 || shared[best]! === 0 || shown.includes(sentences[best]!)) return shown;
  // The best sentence must be clearly more specific than the first, which wantedText shows anyway.
  if (shared[best]! < CLEARLY * shared[0]!) return shown;
  const head = item.slice(0, label);
  const asked = sentences[best]!;
  const first = shorten(sentences[0]!, Math.max(60, max - head.length - asked.length - 3));
  const both = `${head}${first.replace(/…$/, '')} … ${asked}`;
  return both.length <= max ? both : `${head}${shorten(asked, Math.max(60, max - head.length))}`;
}

/** How much more specific (askedText) a later sentence of a point must be to be shown. */
const CLEARLY = 1.5;

/** Characters a reply to several questions may take: a little over a screen, one part each. */
export const MANY_MAX = MAX_ANSWER_CHARS + 200;

/** Several questions in one message: each entry's key part (intro and first points) with its source. */
export function formatMany(entries: readonly AnswerParts[], max = MANY_MAX, asked = entries.length): string {
  const n = entries.length;
  // `asked` counts the asks said under the answers too (offered as choices, or with no entry).
  const lead =
    asked > n
      ? `Tin nhắn của bạn có ${asked} ý; tôi trả lời ${n} ý trước, các ý còn lại ở cuối tin:`
      : `Tin nhắn của bạn có ${n} ý, tôi trả lời lần lượt:`;
  // Each entry's points, the ones its questions ask about first: the same at every trim level.
  // An entry two asks landed on shows a point for each (askedItems).
  const ordered = entries.map(({ guide, focus: focusWords, asks }) => {
    const all = points(guide);
    const { order: ranked, first } = guide.kind === 'error' ? { order: [], first: 0 } : askedFirst(guide, all, focusWords, asks);
    const order = guide.kind === 'error' ? [...all.keys()] : rankedOrder(all.length, ranked);
    const words = asks && asks.length > 0 ? asks.flat() : (focusWords ?? []);
    const items = order.map((i) => all[i]!);
    // Every ask's own point is shown, not one fewer than the asks (review 9 #5: three asks on the
    // passport card, the price one cut); the message's best point leads them.
    const listed = (focusWords?.length ?? 0) <= ASKED_MAX_WORDS ? first : 0;
    return { items, asked: Math.min(ranked.length, Math.max(1, asks?.length ?? 0, listed)), scored: askedSentences(words, items) };
  });
  // Each part keeps its intro's first sentence and the point its question asks about most; the
  // other points and further intro sentences give way first.
  const compose = (introRest: number, others: number, itemMax: number, wantedMax: number) => {
    const blocks = entries.map(({ guide, error, yesNo }, k) => {
      const lines = [`${k + 1}) ${guide.title}`];
      if (guide.kind === 'redirect') lines.push(redirectLead());
      const intro = withoutBareAnswer(introSentences(guide), yesNo === false);
      const shownIntro = introText(intro, introRest);
      if (shownIntro) lines.push(wantedText(shownIntro, Math.max(wantedMax, 140)));
      if (error) lines.push(`👉 ${wantedText(error, wantedMax)}`);
      const { items, asked, scored } = ordered[k]!;
      for (const [i, item] of items.slice(0, asked + others).entries())
        lines.push(`• ${i < asked ? askedText(item, wantedMax, scored) : wantedText(item, itemMax)}`);
      lines.push(urlLine(guide));
      if (guide.kind === 'redirect' && GUIDED_PART.test(lines.slice(2).join('\n')))
        lines[1] = redirectPartLead();
      return lines.join('\n');
    });
    return [lead, ...blocks].join('\n\n');
  };
  for (const [introRest, others, itemMax, wantedMax] of [
    [1, 2, 140, WANTED_MAX],
    [0, 2, 110, WANTED_MAX],
    [0, 1, 110, WANTED_MAX],
    [0, 1, 90, 300],
    [0, 0, 80, 300],
    [0, 0, 80, 200],
    [0, 0, 80, 140],
  ] as const) {
    const text = compose(introRest, others, itemMax, wantedMax);
    if (screenLength(text) <= max) return text;
  }
  return shorten(compose(0, 0, 80, 120), max);
}

function composeAnswer(answer: AnswerParts, focus: ReadonlySet<number> = new Set()): string {
  const { guide, error, trouble } = answer;
  const budget = answer.budget ?? MAX_ANSWER_CHARS;
  const all = steps(guide).map(withoutCitations);
  const prepare = bullets(section(guide, 'prepare')).map(withoutCitations);
  const whole = introSentences(guide);
  const intro = { first: withoutCitations(whole.first), rest: whole.rest.map(withoutCitations) };
  for (const [stepMax, prepCount, errMax, introRest, fullAlso] of [
    // Steps are what people came for: the checklist, the intro's further sentences and the
    // opinion line's entry title give way first; the intro's first sentence stays.
    [220, 3, 260, 9, true],
    [220, 2, 220, 2, true],
    [180, 2, 180, 1, true],
    [160, 1, 150, 1, false],
    [130, 1, 130, 0, false],
    [110, 0, 110, 0, false],
    [90, 0, 90, 0, false],
  ] as const) {
    // Someone stuck needs a person to call as much as the steps: kept until the last trims.
    const contact = trouble ? helpLine(guide, stepMax >= 180 ? 2 : 1) : '';
    const parts: string[] = [ack(answer), guide.title].filter(Boolean);
    const shownIntro = introText(intro, introRest);
    if (shownIntro) parts.push(shownIntro);
    if (answer.lent) parts.push(lentLine(answer, WANTED_MAX));
    if (error) parts.push(`👉 ${wantedText(error, errMax)}`);
    parts.push(all.map((s, i) => `${i + 1}. ${wantedText(s, focus.has(i) ? Math.max(stepMax, 300) : stepMax)}`).join('\n'));
    if (prepCount > 0 && prepare.length > 0) {
      parts.push(
        `Cần chuẩn bị: ${prepare
          .slice(0, prepCount)
          .map((p) => wantedText(firstSentence(p), 90).replace(/\.$/, ''))
          .join('; ')}.`,
      );
    }
    if (contact) parts.push(contact);
    const also = seeAlsoLine(answer, fullAlso);
    if (also) parts.push(also);
    parts.push(`${sourcesLine(answer)}\n${STEP_HINT}`);
    const text = parts.join('\n\n');
    if (screenLength(text) <= budget) return text;
  }
  // Very long guides: the first steps, then step-by-step for the rest. Someone stuck part-way
  // (a failed submission) also gets the steps the message is about ("mã hồ sơ"), with their
  // numbers, after the cut; someone asking how to start reads the steps in order.
  const head: string[] = [];
  const lead = intro.first;
  const also = seeAlsoLine(answer, false);
  const tail = `${sourcesLine(answer)}\n${STEP_HINT}`;
  const lent = lentLine(answer, WANTED_MAX);
  const contact = trouble ? helpLine(guide, 1) : '';
  const stuckAt: ReadonlySet<number> = trouble ? focus : new Set();
  const asked = [...stuckAt].sort((a, b) => a - b).map((i) => `${i + 1}. ${wantedText(all[i]!, 100)}`);
  let used = guide.title.length + lead.length + lent.length + tail.length + contact.length + also.length + 80;
  used += ack(answer).length;
  used += asked.reduce((n, line) => n + line.length + 1, 0);
  for (const [i, s] of all.entries()) {
    const line = `${i + 1}. ${wantedText(s, 100)}`;
    if (used + line.length > budget) {
      const later = [...stuckAt].filter((k) => k >= i).sort((a, b) => a - b);
      let prev = i - 1;
      for (const k of later) {
        if (k > prev + 1) head.push('…');
        head.push(`${k + 1}. ${wantedText(all[k]!, 100)}`);
        prev = k;
      }
      const rest = all.length - i - later.length;
      if (rest > 0) head.push(later.length > 0 ? `(còn ${rest} bước khác)` : `… còn ${rest} bước nữa.`);
      break;
    }
    if (stuckAt.has(i)) used -= line.length + 1;
    head.push(line);
    used += line.length + 1;
  }
  return [ack(answer), guide.title, lead, lent, head.join('\n'), contact, also, tail].filter(Boolean).join('\n\n');
}

/** The kinds of answer the message's asks (each its folded words) ask for that an entry can lend. */
export function lendableKinds(asks: readonly (readonly string[])[], whole: readonly string[]): AskedKind[] {
  // Where the asker is (abroad) is told anywhere in the story, not only in the question sentence:
  // "Tôi và chồng … đang du học tại Nhật Bản … phải khai sinh cho cháu ở đâu" (f9c-014).
  const lends = (k: AskedKind, a: readonly string[]) => !k.lendsOn || k.lendsOn.test(` ${a.join(' ')} `);
  return ASKED_KINDS.filter(
    (k) => asks.some((a) => askedKinds(a).includes(k) && lends(k, a)) || (k.anywhere === true && asksFor(k, whole)),
  );
}

/**
 * How point `item` of `guide` answers `kind`: 2 outright (its `gives`, else a label of that kind:
 * "Lệ phí:", "Thời hạn giải quyết:"), 1 in passing (an amount, a count of days, an age it says),
 * 0 not at all.
 */
function givesIn(guide: Guide, kind: AskedKind, item: string): number {
  if (kind.gives) return kind.gives.test(item) ? 2 : 0;
  if (kind.label.test(analysedGuide(guide).of(item).label)) return 2;
  return kind.says?.test(item) || kind.stated?.test(item) ? 1 : 0;
}

/** The points of `guide` that answer `kind` at least this well (see givesIn). */
function givingPoints(guide: Guide, kind: AskedKind, least = 1): number[] {
  return points(guide)
    .map((x, i) => (givesIn(guide, kind, x) >= least ? i : -1))
    .filter((i) => i >= 0);
}

/** The intro's sentences of `guide` that answer `kind` (its `gives`, else what it says). */
function givingIntro(guide: Guide, kind: AskedKind): string[] {
  const gives = [kind.gives ?? kind.says, kind.stated].filter((x) => x !== undefined);
  const { first, rest } = introSentences(guide);
  return [first, ...rest].filter((x) => x && gives.some((g) => g.test(x)));
}

/** Does `guide` answer `kind` anywhere (its intro or a point)? */
export function givesKind(guide: Guide, kind: AskedKind): boolean {
  return givingIntro(guide, kind).length > 0 || givingPoints(guide, kind).length > 0;
}

/**
 * What of `guide` answers `kind`, without its legal references: a point labelled with that kind,
 * the one the message (`focus`) shares most with first; else the intro's sentence that answers it
 * (an entry's intro is its direct answer: "Có: … phải cấp đổi khi đủ 14 tuổi, 25 tuổi, 40 tuổi…");
 * else a point that says it in passing. Undefined when nothing does.
 */
export function lentPoint(guide: Guide, kind: AskedKind, focus: readonly string[]): string | undefined {
  const items = points(guide);
  const ranked = rankedItems(guide, items, focus);
  const best = (least: number) => givingPoints(guide, kind, least).sort((a, b) => rank(ranked, a) - rank(ranked, b))[0];
  const labelled = best(2);
  if (labelled !== undefined) return withoutCitations(items[labelled]!);
  const intro = givingIntro(guide, kind)[0];
  if (intro !== undefined) return withoutCitations(intro);
  const said = best(1);
  return said === undefined ? undefined : withoutCitations(items[said]!);
}
const rank = (ranked: readonly number[], i: number) => {
  const k = ranked.indexOf(i);
  return k < 0 ? ranked.length + i : k;
};
