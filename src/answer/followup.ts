import { fold } from '../text/fold.ts';

export type StepCommand = 'next' | 'prev' | 'all';

/** "bước tiếp", "tiếp theo", "bước trước"… — walking through the last guide step by step; "xem đầy đủ": all of it. */
export function stepCommand(text: string): StepCommand | null {
  const f = fold(text)
    .replace(/[?!.…,]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (
    /^(?:(?:cho (?:toi|minh|em) )?(?:xem )?)?(?:buoc (?:tiep(?: theo)?|ke(?: tiep)?|sau|nua)|tiep(?: theo| tuc| di)?|ke tiep|roi sao nua|xong roi|lam tiep|next)(?: (?:la gi|di|a|nhe|nua|the nao|sao))*$/.test(
      f,
    )
  )
    return 'next';
  if (/^(?:xem )?(?:buoc truoc(?: do)?|quay lai|lui lai|back)(?: (?:di|a|nhe))*$/.test(f)) return 'prev';
  if (WHOLE_ENTRY.test(f)) return 'all';
  return null;
}

/**
 * "xem đầy đủ", "xem tất cả", "đọc hết", "chi tiết hơn", "cho tôi xem toàn bộ nhé": the whole of the
 * last entry (see formatFull). "hết", "thêm" alone are not asked for: they need their verb ("xem hết", "đọc hết", "xem thêm").
 */
const WHOLE_ENTRY =
  /^(?:(?:cho (?:toi|minh|em|tui|chau|con) )?(?:(?:xem|doc|coi|gui|noi|ghi|hien|giai thich)(?: ra| lai| giup| cho)? )?(?:day du|tat ca(?: cac buoc)?|toan bo|ca bai|chi tiet(?: hon)?|ky hon|ro hon|full)|(?:cho (?:toi|minh|em|tui|chau|con) )?(?:xem|doc|coi|noi)(?: lai)? (?:het|them))(?: (?:di|a|nhe|nha|voi|giup|nua|ra|thong tin|noi dung|bai nay|bai do|huong dan|ban oi|duoc khong|duoc ko|dc ko|dc khong|toi|em|minh))*$/;

/**
 * Is this a short follow-up that only makes sense with the previous question ("còn mức 2 thì
 * sao?", "vậy nếu quên mật khẩu?")? Returns the part that carries the new subject.
 */
export function followUpSubject(text: string): string | null {
  const f = fold(text)
    .replace(/[?!.…,]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const m =
    /^(?:the |vay |con |the con |vay con |con neu |vay neu |neu |truong hop )+(.+?)(?: thi sao| thi the nao| thi lam sao| thi sao a| the nao| sao| thi)?$/.exec(
      f,
    );
  if (m && m[1]!.split(' ').length <= 6) return m[1]!;
  const tail = /^(.+?) (?:thi sao|thi the nao)$/.exec(f);
  if (tail && tail[1]!.split(' ').length <= 5) return tail[1]!;
  return null;
}
