import { fold } from '../text/fold.ts';

export type StepCommand = 'next' | 'prev' | 'all';

/** "bước tiếp", "tiếp theo", "bước trước"… — walking through the last guide step by step. */
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
  if (/^(?:xem )?(?:tat ca cac buoc|ca bai|toan bo|tat ca)$/.test(f)) return 'all';
  return null;
}

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
