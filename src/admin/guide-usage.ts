import { sql } from 'kysely';
import type { Guide } from '../retrieval/guides.ts';
import type { Db } from '../store/db.ts';
import { fold } from '../text/fold.ts';

export interface GuideUsage {
  guide: Guide;
  /** `updated` of the front matter: when the guide was last checked against its sources. */
  checked: string | null;
  /** Chats the bot gave this guide to (each chat remembers its last 10 answered guides). */
  chats: number;
  up: number;
  down: number;
  /** Unanswered questions whose nearest guide was this one. */
  nearMisses: number;
}

/** At most this many chats: a guide "rarely chosen". */
export const RARELY = 2;

/** Every guide with how often the bot chose it, and its last-checked date. */
export async function guideUsage(db: Db, guides: Guide[]): Promise<GuideUsage[]> {
  const [chats, votes, near] = await Promise.all([
    // The builder has no set-returning function in FROM: the guides each chat remembers, as SQL.
    sql<{ g: string; n: number }>`SELECT g, count(*)::int AS n FROM chats, jsonb_array_elements_text(
         CASE WHEN jsonb_typeof(state->'answeredGuides') = 'array' THEN state->'answeredGuides' ELSE '[]'::jsonb END) AS g
        WHERE chat_id NOT LIKE 'preview-%' GROUP BY g`
      .execute(db)
      .then((r) => r.rows),
    db
      .selectFrom('feedback')
      .select([
        'guide_id as g',
        sql<number>`count(*) FILTER (WHERE helpful)::int`.as('up'),
        sql<number>`count(*) FILTER (WHERE NOT helpful)::int`.as('down'),
      ])
      .where('guide_id', 'is not', null)
      .groupBy('guide_id')
      .execute(),
    db
      .selectFrom('unanswered_questions')
      .select(['best_guide as g', sql<number>`count(*)::int`.as('n')])
      .where('best_guide', 'is not', null)
      .groupBy('best_guide')
      .execute(),
  ]);
  const c = new Map(chats.map((r) => [r.g, r.n]));
  const v = new Map(votes.map((r) => [r.g, r]));
  const m = new Map(near.map((r) => [r.g, r.n]));
  return guides.map((guide) => ({
    guide,
    checked: guide.updated,
    chats: c.get(guide.id) ?? 0,
    up: v.get(guide.id)?.up ?? 0,
    down: v.get(guide.id)?.down ?? 0,
    nearMisses: m.get(guide.id) ?? 0,
  }));
}

/** Guides whose id, title or other wordings contain the search, diacritics and case aside. */
export function searchGuides<T extends { guide: Guide }>(rows: T[], q: string): T[] {
  const needle = fold(q).trim();
  if (!needle) return rows;
  return rows.filter((r) => fold([r.guide.id, r.guide.title, ...r.guide.aliases, r.guide.topic].join(' \n ')).includes(needle));
}
