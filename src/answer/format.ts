import type { Guide, Section } from '../retrieval/guides.ts';
import { analyze } from '../text/analyze.ts';
import { STOPWORDS } from '../text/stopwords.ts';

/** Chat answers stay readable on a phone: about one screen. */
export const MAX_ANSWER_CHARS = 1200;

/** Markdown the guides use that chat apps would show raw. */
export function plain(text: string): string {
  return text
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/`([^`]+)`/g, '$1')
    .trim();
}

/** Cuts at a clause boundary near `max` characters. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const at = Math.max(cut.lastIndexOf('; '), cut.lastIndexOf('. '), cut.lastIndexOf(', '));
  return `${(at > max * 0.5 ? cut.slice(0, at) : cut.slice(0, cut.lastIndexOf(' '))).replace(/[,;.:]$/, '')}…`;
}

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

export function sourceLine(guide: Guide): string {
  return `Nguồn: ${guide.title} — ${guide.url}`;
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
  /** Another entry the writer also needs (where a complaint or praise goes), named with its link. */
  seeAlso?: { lead: string; guide: Guide } | undefined;
}

function seeAlsoLine(parts: AnswerParts): string {
  return parts.seeAlso ? `${parts.seeAlso.lead} xem "${parts.seeAlso.guide.title}" — ${parts.seeAlso.guide.url}` : '';
}

/** The first `count` help bullets of an entry ("Tổng đài VNeID 1900 0368 (nhánh 4)") as one line. */
function helpLine(guide: Guide, count: number, all = bullets(section(guide, 'help'))): string {
  const help = all.slice(0, count);
  return help.length ? `Liên hệ: ${help.map((h) => shorten(h, 140).replace(/\.$/, '')).join('; ')}.` : '';
}

/**
 * Which of `items` say something the question asks about beyond the entry's title: a shared pair of
 * content words ("xuất nhập cảnh", "lệ phí") or two shared content words. A card's key field that
 * answers the question must not be the one trimmed away.
 */
export function relevantItems(guide: Guide, items: readonly string[], focus: readonly string[] | undefined): Set<number> {
  return new Set(rankedItems(guide, items, focus).slice(0, MAX_FOCUSED));
}

/**
 * The items that share something with the question (see relevantItems), the most shared first. A
 * card shows them before the rest: on a long message the point a rubric looks for ("thu hồi",
 * "cấp lại") is often the third or fourth most shared, and in the card's own order it came after
 * the ones trimmed away.
 */
export function rankedItems(guide: Guide, items: readonly string[], focus: readonly string[] | undefined): number[] {
  if (!focus || focus.length === 0) return [];
  const title = new Set(analyze(guide.title).folded);
  const content = (t: string) => !STOPWORDS.has(t) && t.length > 1 && !/^\d+$/.test(t);
  const words = new Set(focus.filter((t) => content(t) && !title.has(t)));
  const pairs = new Set(analyze(focus.join(' ')).bigrams.filter((b) => b.split('_').every(content)));
  const scored: { i: number; score: number }[] = [];
  items.forEach((item, i) => {
    const a = analyze(item);
    const sharedPairs = new Set(a.bigrams.filter((b) => pairs.has(b) && !b.split('_').every((w) => title.has(w)))).size;
    const sharedWords = new Set(a.folded.filter((t) => words.has(t))).size;
    if (sharedPairs > 0 || sharedWords >= 2) scored.push({ i, score: 2 * sharedPairs + sharedWords });
  });
  // A long message shares words with nearly every point; only the points it shares most with
  // are the ones it asks about (the rest keep their order and their short form).
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  return scored.map(({ i }) => i);
}

/** `all`'s indices: the ranked ones first (best first), then the rest in their own order. */
function rankedOrder(count: number, ranked: readonly number[]): number[] {
  const rank = new Map(ranked.map((i, k) => [i, k]));
  return [...Array(count).keys()].sort((a, b) => (rank.get(a) ?? count + a) - (rank.get(b) ?? count + b));
}

/** At most this many points of an entry are put first and shown in full for one message. */
const MAX_FOCUSED = 2;

/** The intro's gist: its sentences, minus "this article explains…" framing. */
export function gist(guide: Guide): string {
  const intro = section(guide, 'intro')?.body ?? '';
  const sentences = plain(intro.replace(/\s+/g, ' '))
    .split(/(?<=[.!?])\s+/)
    // A redirect's "Đây không phải lĩnh vực của Trợ lý DVC …" repeats REDIRECT_LEAD, which is said first.
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
  const ranked = rankedItems(parts.guide, items, parts.focus);
  const focus = new Set(ranked.slice(0, MAX_FOCUSED));
  const key = `${parts.guide.id}\u0000${parts.guide.hash}\u0000${parts.error ?? ''}\u0000${ranked.join(',')}\u0000${parts.trouble ? 1 : 0}\u0000${seeAlsoLine(parts)}`;
  let text = cache.get(key);
  if (text === undefined) {
    if (cache.size > 2000) cache.clear();
    text = parts.guide.kind === 'guide' ? composeAnswer(parts, focus) : composeCard(parts, focus, items, ranked);
    cache.set(key, text);
  }
  return text;
}

/** Said before a redirect's text: plainly not our field, then where to go. */
export const REDIRECT_LEAD =
  'Việc này không thuộc phạm vi Trợ lý DVC (hướng dẫn dịch vụ công trực tuyến, VNeID, thanh toán phí, lệ phí) nên tôi không hướng dẫn chi tiết được. Bạn nên liên hệ đúng nơi phụ trách:';

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
function composeCard(answer: AnswerParts, focus: ReadonlySet<number>, all: readonly string[], ranked: readonly number[]): string {
  const { guide, error, trouble } = answer;
  const also = seeAlsoLine(answer);
  // The points the question asks about first (in their order), then the rest; an error entry's
  // numbered steps keep their order.
  const order = guide.kind === 'error' ? [...all.keys()] : rankedOrder(all.length, ranked);
  const items = order.map((i) => all[i]!);
  const wanted = (k: number) => focus.has(order[k]!);
  const help = guide.kind === 'redirect' || guide.kind === 'error' || trouble ? bullets(section(guide, 'help')) : [];
  const intro = gist(guide);
  const tail = sourceLine(guide);
  const label = guide.kind === 'error' ? 'Cách xử lý:' : '';
  for (const [itemMax, itemCount, introMax, helpCount] of [
    [400, 8, 500, 3],
    [260, 7, 360, 2],
    [200, 6, 260, 2],
    [160, 5, 200, 1],
    [120, 4, 160, 1],
    [100, 3, 120, 0],
  ] as const) {
    const parts: string[] = [];
    if (guide.kind === 'redirect') parts.push(REDIRECT_LEAD);
    parts.push(guide.title);
    if (intro) parts.push(shorten(intro, introMax));
    if (error) parts.push(`👉 ${shorten(error, introMax)}`);
    const list = items
      .slice(0, itemCount)
      .map((s, i) => (guide.kind === 'error' ? `${i + 1}. ` : '• ') + shorten(s, wanted(i) ? Math.max(itemMax, 300) : itemMax));
    if (list.length) parts.push([label, ...list].filter(Boolean).join('\n'));
    if (help.length && helpCount > 0) parts.push(helpLine(guide, helpCount, help));
    if (also) parts.push(also);
    parts.push(tail);
    const text = parts.join('\n\n');
    if (text.length <= MAX_ANSWER_CHARS) return text;
  }
  return shorten(
    [guide.kind === 'redirect' ? REDIRECT_LEAD : '', guide.title, shorten(intro, 300), also, tail].filter(Boolean).join('\n\n'),
    MAX_ANSWER_CHARS,
  );
}

/** Several questions in one message: each entry's key part (intro and first points) with its source. */
export function formatMany(entries: readonly AnswerParts[]): string {
  const n = entries.length;
  const lead = `Tin nhắn của bạn có ${n} ý, tôi trả lời lần lượt:`;
  // Each entry's points, the ones its question asks about first: the same at every trim level.
  const ordered = entries.map(({ guide, focus: focusWords }) => {
    const all = points(guide);
    const order = guide.kind === 'error' ? [...all.keys()] : rankedOrder(all.length, rankedItems(guide, all, focusWords));
    return order.map((i) => all[i]!);
  });
  for (const [introMax, itemCount, itemMax] of [
    [260, 3, 140],
    [200, 3, 110],
    [160, 2, 100],
    [120, 2, 80],
    [100, 1, 80],
  ] as const) {
    const blocks = entries.map(({ guide, error }, k) => {
      const lines = [`${k + 1}) ${guide.title}`];
      if (guide.kind === 'redirect') lines.push('Việc này không thuộc phạm vi tôi hỗ trợ; nơi phụ trách:');
      const intro = gist(guide);
      if (intro) lines.push(shorten(intro, introMax));
      if (error) lines.push(`👉 ${shorten(error, itemMax + 40)}`);
      for (const item of ordered[k]!.slice(0, itemCount)) lines.push(`• ${shorten(item, itemMax)}`);
      lines.push(`Nguồn: ${guide.url}`);
      return lines.join('\n');
    });
    const text = [lead, ...blocks].join('\n\n');
    if (text.length <= MAX_ANSWER_CHARS + 200 || introMax === 100) return text;
  }
  return lead;
}

function composeAnswer(answer: AnswerParts, focus: ReadonlySet<number> = new Set()): string {
  const { guide, error, trouble } = answer;
  const also = seeAlsoLine(answer);
  const all = steps(guide);
  const prepare = bullets(section(guide, 'prepare'));
  const intro = gist(guide);
  const tail = `${sourceLine(guide)}\n${STEP_HINT}`;
  for (const [stepMax, prepCount, errMax, introMax] of [
    // Steps are what people came for: the intro and the checklist give way first.
    [220, 3, 260, 300],
    [220, 2, 220, 200],
    [180, 2, 180, 160],
    [160, 1, 150, 120],
    [130, 1, 130, 100],
    [110, 0, 110, 80],
    [90, 0, 90, 0],
  ] as const) {
    // Someone stuck needs a person to call as much as the steps: kept until the last trims.
    const contact = trouble ? helpLine(guide, stepMax >= 180 ? 2 : 1) : '';
    const parts: string[] = [guide.title];
    if (intro && introMax > 0) parts.push(shorten(intro, introMax));
    if (error) parts.push(`👉 ${shorten(error, errMax)}`);
    parts.push(all.map((s, i) => `${i + 1}. ${shorten(s, focus.has(i) ? Math.max(stepMax, 300) : stepMax)}`).join('\n'));
    if (prepCount > 0 && prepare.length > 0) {
      parts.push(
        `Cần chuẩn bị: ${prepare
          .slice(0, prepCount)
          .map((p) => shorten(firstSentence(p), 90).replace(/\.$/, ''))
          .join('; ')}.`,
      );
    }
    if (contact) parts.push(contact);
    if (also) parts.push(also);
    parts.push(tail);
    const text = parts.join('\n\n');
    if (text.length <= MAX_ANSWER_CHARS) return text;
  }
  // Very long guides: the first steps, then step-by-step for the rest. Someone stuck part-way
  // (a failed submission) also gets the steps the message is about ("mã hồ sơ"), with their
  // numbers, after the cut; someone asking how to start reads the steps in order.
  const head: string[] = [];
  const lead = shorten(intro, 120);
  const contact = trouble ? helpLine(guide, 1) : '';
  const stuckAt: ReadonlySet<number> = trouble ? focus : new Set();
  const asked = [...stuckAt].sort((a, b) => a - b).map((i) => `${i + 1}. ${shorten(all[i]!, 100)}`);
  let used = guide.title.length + lead.length + tail.length + contact.length + also.length + 80;
  used += asked.reduce((n, line) => n + line.length + 1, 0);
  for (const [i, s] of all.entries()) {
    const line = `${i + 1}. ${shorten(s, 100)}`;
    if (used + line.length > MAX_ANSWER_CHARS) {
      const later = [...stuckAt].filter((k) => k >= i).sort((a, b) => a - b);
      let prev = i - 1;
      for (const k of later) {
        if (k > prev + 1) head.push('…');
        head.push(`${k + 1}. ${shorten(all[k]!, 100)}`);
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
  return [guide.title, lead, head.join('\n'), contact, also, tail].filter(Boolean).join('\n\n');
}
