import { HOTLINE_ADVICE, NATIONAL_HOTLINE } from '../core/messages.ts';

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
 * Advice every not-sure reply ends with, whatever was asked (hotlines, the one-stop desk, Công an
 * cấp xã): no rubric point may be credited to it (src/answer/real-eval.ts).
 */
export const STANDING_ADVICE: readonly string[] = [HELP_ADVICE, OFF_FIELD_ADVICE, HOTLINE_ADVICE];
