import { HOTLINE_ADVICE, NATIONAL_HOTLINE } from '../core/messages.ts';
import type { Button, Reply } from '../core/types.ts';
import type { Guide } from '../retrieval/guides.ts';
import type { GuideAnswer } from './engine.ts';
import { shorten } from './format.ts';
import { guideButton, topicButtons } from './topics.ts';

/** Below this the question is plainly about something else: offer the topics, not guides. */
export const FAR_OFF = 0.15;

/**
 * Where a person helps, said once at the end of a "not sure" reply or a best guess. HOTLINE_ADVICE
 * (60 words: 1022 "if any", the provincial centre, the VNeID branch) ended every such reply the
 * same way; a 60-year-old reader needs one number and the desk in the commune that sits down with
 * him (review 7, pr4-013, portal-019). Numbers and the Tổ công nghệ số cộng đồng at the one-stop
 * desk as the knowledge entries give them (help sections; fact-level2-biometrics-again).
 */
export const HELP_ADVICE =
  `Cần người hướng dẫn: gọi ${NATIONAL_HOTLINE}, hoặc đến bộ phận một cửa UBND xã, phường, nơi Tổ công nghệ số cộng đồng làm cùng bạn. ` +
  'Việc VNeID: tổng đài 1900 0368 hoặc Công an cấp xã.';

/**
 * Said, instead of the hotlines, to a message that uses no word of our field: the public-service
 * hotlines and the one-stop desk cannot help with a hospital queue, a custody case or a scam, and
 * sending the writer there wastes a call (review-2: offc-037, offd-020, offd-025, offd-034). Not a
 * bare "hỏi thẳng cơ quan" (review 7): who that usually is.
 */
export const OFF_FIELD_ADVICE =
  'Nếu việc của bạn là một thủ tục hành chính, hãy hỏi lại và nêu rõ tên thủ tục (ví dụ: đăng ký khai sinh, cấp căn cước, nộp lệ phí trực tuyến). ' +
  'Việc điện, nước, ngân hàng, bệnh viện…: hỏi thẳng đơn vị đó; việc cần chính quyền xem xét: UBND xã, phường nơi bạn ở.';

/**
 * The "not sure" reply. A message naming our field (`inField`) gets the nearest entries as a menu
 * and the hotlines; one that does not (most likely someone else's need) gets neither: a menu of
 * our services unrelated to it ("chủ hộ mất, đổi chủ hộ" for an electricity bill) only misleads.
 */
export function unsureReply(confidence: number, suggestions: readonly Guide[], all: readonly Guide[], inField = true): Reply {
  if (confidence < FAR_OFF || suggestions.length === 0 || !inField) {
    return {
      intent: 'out_of_scope',
      text:
        'Xin lỗi, câu hỏi này nằm ngoài phạm vi tôi hỗ trợ (dịch vụ công trực tuyến: nộp hồ sơ, phí, lệ phí, tài khoản VNeID, tra cứu kết quả).\n\n' +
        (inField ? HELP_ADVICE : OFF_FIELD_ADVICE),
      buttons: topicButtons(all),
      // Marks "could not answer": the support skill offers a person under it.
      meta: { unsure: true },
    };
  }
  const buttons: Button[][] = suggestions.map((g) => [guideButton(g)]);
  buttons.push([{ label: '📋 Danh mục chủ đề', data: 'menu' }]);
  // `offered`: our own entries the menu proposes (a redirect in it only says where to go): such a
  // menu tells the writer the need may be ours, which a decline does not (src/answer/real-eval.ts).
  const offered = suggestions.filter((g) => g.kind !== 'redirect').map((g) => g.id);
  return {
    intent: 'out_of_scope',
    text:
      'Xin lỗi, tôi chưa chắc đã hiểu đúng câu hỏi của bạn. Có phải bạn muốn hỏi một trong các nội dung sau?\n' +
      `${suggestions.map((g) => `• ${g.title}`).join('\n')}\n\n` +
      // Said plainly, so someone whose need is not ours at all is not left guessing.
      'Nếu không phải, có thể việc này nằm ngoài phạm vi tôi hỗ trợ (dịch vụ công trực tuyến, VNeID, phí, lệ phí). ' +
      `${HELP_ADVICE}`,
    buttons,
    meta: { unsure: true, offered },
  };
}

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

/**
 * Advice every not-sure reply ends with, whatever was asked (hotlines, the one-stop desk, Công an
 * cấp xã): no rubric point may be credited to it (src/answer/real-eval.ts).
 */
export const STANDING_ADVICE: readonly string[] = [HELP_ADVICE, OFF_FIELD_ADVICE, HOTLINE_ADVICE];

/** Said before a best guess: plainly that the bot is not sure it understood. */
export const HEDGE_LEAD =
  'Tôi chưa chắc đã hiểu đúng câu hỏi của bạn. Nội dung gần nhất tôi tìm được là dưới đây, bạn xem có đúng việc mình cần không:';

/** Said after a best guess: how to get a sure answer. */
export const HEDGE_TAIL = `Nếu chưa đúng ý bạn, hãy hỏi lại ngắn gọn, nêu rõ tên thủ tục và bạn đang vướng ở bước nào. ${HELP_ADVICE}`;

/**
 * A best guess (engine outcome `hedged`): the nearest entry's answer between a plain "not sure"
 * and the ways to a sure answer. Intent guide (it answers), `meta.hedged` so it is never taken
 * for a sure answer, `meta.unsure` so a person is offered under it (src/support), and
 * `meta.answer` the entry's own text: what a rubric may credit (the standing advice around it
 * names Công an cấp xã and the hotlines whatever was asked).
 */
export function hedgedReply(a: GuideAnswer): Reply {
  const buttons: Button[][] = a.suggestions.map((g) => [guideButton(g)]);
  buttons.push([{ label: '📋 Danh mục chủ đề', data: 'menu' }]);
  return {
    intent: 'guide',
    text: `${HEDGE_LEAD}\n\n${a.text}\n\n${HEDGE_TAIL}`,
    sources: a.sources,
    buttons,
    meta: { unsure: true, hedged: true, answer: a.text },
  };
}

/**
 * What a citizen is told for an engine answer, before any chat state: our answer (intent guide),
 * a redirect to where the need is handled (intent out_of_scope, with its source), a best guess
 * said as one, or the "not sure" reply. The skill adds feedback and step buttons; the bench
 * scores this text.
 */
export function citizenReply(a: GuideAnswer, all: readonly Guide[]): Reply {
  if (a.outcome === 'redirect' && a.guide) return { intent: 'out_of_scope', text: a.text, sources: a.sources };
  if (a.outcome === 'answer' && a.guide) return { intent: 'guide', text: a.text, sources: a.sources };
  if (a.outcome === 'hedged' && a.guide) return hedgedReply(a);
  return unsureReply(a.confidence, a.suggestions, all, a.inField);
}

/**
 * A citizen (not an enrolled officer) asking for a unit's figures: public guidance only, never
 * a number. The 766 ratings are public on the national portal; unit figures are for officers.
 */
export function officerQuestionReply(): Reply {
  return {
    intent: 'guide',
    text:
      'Số liệu của từng đơn vị (tỷ lệ hồ sơ trực tuyến, đúng hạn, trễ hạn, báo cáo nhanh…) chỉ dành cho cán bộ đã đăng ký của đơn vị đó, nên tôi không cung cấp cho tài khoản này.\n\n' +
      '• Kết quả đánh giá chất lượng phục vụ người dân, doanh nghiệp (Bộ chỉ số 766) của các bộ, ngành, địa phương được công khai trên Cổng Dịch vụ công quốc gia dichvucong.gov.vn, mục "Đánh giá chất lượng phục vụ".\n' +
      '• Nếu bạn là cán bộ: xin mã mời từ quản trị viên của đơn vị rồi gửi /dangky MÃ để đăng ký.\n' +
      '• Muốn góp ý về việc giải quyết hồ sơ: gõ "gửi phản ánh kiến nghị" để xem hướng dẫn.',
    sources: [
      {
        id: 'dichvucong-danh-gia-766',
        title: 'Cổng Dịch vụ công quốc gia — Đánh giá chất lượng phục vụ',
        topic: 'other',
        url: 'https://dichvucong.gov.vn',
      },
    ],
  };
}
