import type { Guide } from '../retrieval/guides.ts';
import { HELP_ADVICE, OFF_FIELD_ADVICE } from './advice.ts';
import { shorten } from './format.ts';

// Its own module, not replies.ts: the engine writes this note into its answer, and replies.ts
// reads the engine's answers (a cycle the import-graph test refuses).

/** An ask of a message with several that no entry answers (see engine's LeftOver). */
export interface UnmatchedAsk {
  ask: string;
  /** It uses a word of our field: the help desks can help; otherwise whose need it likely is. */
  inField: boolean;
}

/**
 * Said under an answer to several asks about the ones it does not answer: the entries of asks past
 * the first three, offered as choices (the skill adds their buttons; channels without buttons
 * number them), and, plainly, each ask no entry answers, with where to ask in the words the "not
 * sure" reply uses. Before, both were dropped without a word (issue 12 part 3).
 */
export function leftOverNote(left: { more: readonly Guide[]; unmatched: readonly UnmatchedAsk[] }): string {
  const lines: string[] = [];
  if (left.more.length > 0)
    lines.push(`Bạn còn hỏi thêm, chọn bên dưới để xem:\n${left.more.map((g) => `• ${g.title}`).join('\n')}`);
  const quoted = (asks: readonly UnmatchedAsk[]) => asks.map((u) => `"${shorten(u.ask, ASK_QUOTED)}"`).join(', ');
  const which = (asks: readonly UnmatchedAsk[]) => (asks.length > 1 ? 'các ý' : 'ý');
  // An ask in our field that no entry is sure of is as often one the answer above covers in other
  // words ("toi nop ho so roi ma ko biet no toi dau" under the tracking guide, review 9 #1): "no
  // guide, not our field" would send the writer away from the right answer. Said as a doubt instead.
  const ours = left.unmatched.filter((u) => u.inField);
  const others = left.unmatched.filter((u) => !u.inField);
  if (ours.length > 0)
    lines.push(
      `Về ${which(ours)} ${quoted(ours)}: nếu phần trả lời trên chưa đúng điều bạn cần, bạn hỏi riêng ${which(ours)} đó, nói rõ hơn. ${HELP_ADVICE}`,
    );
  if (others.length > 0)
    lines.push(
      `Riêng ${which(others)} ${quoted(others)}: tôi chưa có hướng dẫn, có thể việc này nằm ngoài phạm vi tôi hỗ trợ. ${OFF_FIELD_ADVICE}`,
    );
  return lines.join('\n\n');
}

/** An ask quoted back is cut near here: the writer knows the rest. */
const ASK_QUOTED = 90;
