import type { Button, Reply } from '../core/types.ts';
import type { Guide } from '../retrieval/guides.ts';
import type { GuideAnswer } from './engine.ts';
import { HELP_ADVICE, OFF_FIELD_ADVICE } from './advice.ts';
import { guideButton, topicButtons } from './topics.ts';

/** Below this the question is plainly about something else: offer the topics, not guides. */
export const FAR_OFF = 0.15;

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
