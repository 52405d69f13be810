import { closest, type Folded, foldQuestion } from '../text/similarity.ts';

/**
 * Editors' example messages as rulings: a message that says the same as an example (at or above
 * CLOSE_MATCH, the bar a curated answer must clear) is answered by the example's entry, whatever
 * the ranking says. Indexed only as extra aliases, an example lost to an entry heavy on the same
 * words, and word order decided: at 28531b4 "em bị mất giấy hẹn trả kết quả" went to
 * fact-dossier-received-long beside the example "giấy hẹn trả kết quả bị mất" for
 * forgot-dossier-code (fresh-clone CI, curated.test.ts). An editor who gives an example means
 * that kind of question to be answered so.
 */
export class ExampleRulings {
  private examples: { guideId: string; folded: Folded }[] = [];

  /** Replaces the set (guide id → its example messages). */
  use(examples: Readonly<Record<string, readonly string[]>>): void {
    this.examples = Object.entries(examples).flatMap(([guideId, list]) =>
      list.map((text) => ({ guideId, folded: foldQuestion(text) })),
    );
  }

  /** The entry of the example closest to `question`, if one is at or above CLOSE_MATCH. */
  match(question: string): string | null {
    if (this.examples.length === 0) return null;
    return closest(foldQuestion(question), this.examples)?.item.guideId ?? null;
  }
}
