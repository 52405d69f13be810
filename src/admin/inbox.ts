import { analyze } from '../text/analyze.ts';
import { contentTokens } from '../text/stopwords.ts';
import type { Db } from '../store/db.ts';

/** One thing a citizen asked that the bot did not serve well: a 👎 under an answer or a question without one. */
export interface InboxItem {
  kind: 'down' | 'unanswered';
  id: number;
  channel: string;
  text: string;
  /** 👎: the guide the bot answered with; unanswered: the nearest guide it found. */
  guideId: string | null;
  /** Unanswered: the confidence of that nearest guide. */
  score: number | null;
  at: Date;
}

export interface InboxGroup {
  /** The newest wording of the question in the group. */
  question: string;
  items: InboxItem[];
  downs: number;
  unanswered: number;
  /** Guides involved, most frequent first. */
  guides: string[];
  channels: string[];
  last: Date;
}

/** Groups with at least this share of content words in common count as the same question. */
export const SIMILAR = 0.5;

function words(text: string): Set<string> {
  return new Set(contentTokens(analyze(text).folded));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  for (const w of a) if (b.has(w)) common++;
  return common / (a.size + b.size - common);
}

/**
 * 👎 answers and unanswered questions of the last `days` days, grouped by similar question (content
 * words shared, diacritics and abbreviations folded as retrieval folds them), the largest group first.
 */
export async function loadInbox(db: Db, opts: { days?: number; limit?: number; now?: Date } = {}): Promise<InboxGroup[]> {
  const since = new Date((opts.now ?? new Date()).getTime() - (opts.days ?? 30) * 86_400_000);
  const take = opts.limit ?? 1000;
  const [downs, unanswered] = await Promise.all([
    db
      .selectFrom('feedback')
      .select(['id', 'channel', 'question', 'guide_id', 'created_at'])
      .where('helpful', '=', false)
      .where('created_at', '>=', since)
      .orderBy('created_at', 'desc')
      .limit(take)
      .execute(),
    db
      .selectFrom('unanswered_questions')
      .select(['id', 'channel', 'text', 'best_guide', 'best_score', 'created_at'])
      .where('created_at', '>=', since)
      .orderBy('created_at', 'desc')
      .limit(take)
      .execute(),
  ]);
  const items: InboxItem[] = [
    ...downs.map((f) => ({
      kind: 'down' as const,
      id: f.id,
      channel: f.channel,
      text: f.question ?? '(không rõ câu hỏi)',
      guideId: f.guide_id,
      score: null,
      at: f.created_at,
    })),
    ...unanswered.map((u) => ({
      kind: 'unanswered' as const,
      id: u.id,
      channel: u.channel,
      text: u.text,
      guideId: u.best_guide,
      score: u.best_score,
      at: u.created_at,
    })),
  ].sort((a, b) => b.at.getTime() - a.at.getTime());

  const groups: { words: Set<string>; items: InboxItem[] }[] = [];
  for (const item of items) {
    const w = words(item.text);
    let best: (typeof groups)[number] | undefined;
    let bestScore = SIMILAR;
    for (const g of groups) {
      const s = jaccard(w, g.words);
      if (s >= bestScore) {
        best = g;
        bestScore = s;
      }
    }
    if (best) best.items.push(item);
    else groups.push({ words: w, items: [item] });
  }
  return groups
    .map((g) => {
      const guideCounts = new Map<string, number>();
      for (const i of g.items) if (i.guideId) guideCounts.set(i.guideId, (guideCounts.get(i.guideId) ?? 0) + 1);
      return {
        question: g.items[0]!.text,
        items: g.items,
        downs: g.items.filter((i) => i.kind === 'down').length,
        unanswered: g.items.filter((i) => i.kind === 'unanswered').length,
        guides: [...guideCounts.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id),
        channels: [...new Set(g.items.map((i) => i.channel))],
        last: g.items[0]!.at,
      };
    })
    .sort((a, b) => b.items.length - a.items.length || b.last.getTime() - a.last.getTime());
}
