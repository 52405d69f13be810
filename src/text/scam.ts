import { foldWords } from './fold.ts';

/**
 * Has the writer lost money to a scammer, or is being made to pay one now? Such a writer needs
 * their bank (to freeze the transfer) and then the police before anything else, whatever else the
 * message is about. Real victims rarely write "bị lừa": offc-007 tells of a caller who "kêu tôi
 * chuyển tiền vào tài khoản" over a video call, offc-008 of a loan app whose account "đóng băng"
 * until a second payment. Folded cues:
 * - a scam named, with money in the message ("bị lừa", "lừa đảo", "kẻ gian", "chiếm đoạt",
 *   "giả danh" … and "tiền", "chuyển khoản", "triệu");
 * - someone telling the writer (or a parent) to transfer money;
 * - money gone from an account;
 * - the frozen-account loan trick ("đóng băng" with a loan or a disbursement).
 */
const SCAM = /(?:^| )(?:bi lua|lua dao|ke gian|ke lua|chiem doat|gia danh|mao danh)(?= |$)/;
const MONEY = /(?:^| )(?:tien|chuyen khoan|trieu|so du|tai khoan ngan hang)(?= |$)/;
const TOLD_TO_PAY =
  /(?:^| )(?:keu|bao|doi|bat|yeu cau|du) (?:toi|minh|em|chau|me toi|bo toi|ba toi|ong toi|vo toi|chong toi)(?: [a-z]+){0,2} chuyen tien(?= |$)/;
const MONEY_GONE =
  /(?:^| )(?:mat (?:het |sach )?tien (?:trong|o) tai khoan|tai khoan (?:bi )?(?:mat|tru|rut) (?:het |sach )?tien|bi rut (?:het |sach )?tien|tien trong tai khoan (?:bi )?(?:mat|bien mat|khong con))(?= |$)/;
const FROZEN = /(?:^| )dong bang(?= |$)/;
const LOAN = /(?:^| )(?:vay|khoan vay|giai ngan)(?= |$)/;

export function lostToScam(text: string): boolean {
  const f = foldWords(text);
  return (SCAM.test(f) && MONEY.test(f)) || TOLD_TO_PAY.test(f) || MONEY_GONE.test(f) || (FROZEN.test(f) && LOAN.test(f));
}

/** Folded phrases a redirect for scam victims names in its title or aliases. */
export const SCAM_NEEDS = ['lua dao', 'bi lua'] as const;

/** Folded words of the advice such a writer needs first (the bank, then the police): its point goes first. */
export const SCAM_FOCUS = ['bi', 'lua', 'chuyen', 'tien', 'ngan', 'hang', 'phong', 'toa'] as const;

/**
 * Is the writer threatened with violence? "bị họ đòi giết, chém đến nhà tôi … tôi hiện rất sợ
 * hãi" (f9c-013, a loan app's collectors) was answered as a contract dispute, "Thỏa thuận lại với
 * bên kia trước" (review 14b). Such a writer needs the police, and 113 when it is urgent, before
 * anything else. Folded cues of a threat to life or body.
 */
const THREAT =
  /(?:^| )(?:doi giet|doa giet|de doa giet|doa (?:danh|chem|dot|tat)|doi (?:chem|danh)|chem (?:chet|den)|hanh hung|danh dap|tat axit)(?= |$)/;

export function threatened(text: string): boolean {
  return THREAT.test(foldWords(text));
}

/**
 * Folded phrases a redirect for someone threatened names: violence at home, reporting a crime, an
 * emergency (the closest of them the message ranked). A threat told in passing ("đe dọa" in an
 * inheritance quarrel, offb-005) is no cue: the quarrel is the need.
 */
export const THREAT_NEEDS = ['bao luc', 'khan cap', 'trinh bao toi pham'] as const;

/** Folded words of the advice such a writer needs first (113, the police): its point goes first. */
export const THREAT_FOCUS = ['khan', 'cap', 'dang', 'xay', 'ra', 'goi', '113', 'trinh', 'bao', 'truc', 'tiep', 'cong', 'an'] as const;

/**
 * Has the writer sent their ID card, both sides, to someone who asked for it in a chat or as a
 * "service"? "họ yêu cầu cung cấp đầy đủ thông tin như căn cước công dân hai mặt, ảnh thẻ chính
 * chủ … tôi mới đồng ý và gửi qua" (pf3-023, someone who paid a Facebook page for a passport) got
 * the land-records entry (review 15a). Such a writer needs to hear it is likely a scam and what to
 * do now. Folded cues: both sides of the card, and a third person asking for it.
 */
const ID_BOTH_SIDES = /(?:^| )(?:can cuoc|cccd|cmnd|chung minh nhan dan|the)(?: cong dan)? (?:hai|2) mat(?= |$)/;
const ASKED_FOR_IT =
  /(?:^| )(?:ho|nguoi la|ben do|nguoi do|dich vu|trang do|tai khoan do)(?: [a-z]+){0,2} (?:yeu cau|doi|bao|xin|bat|keu)(?: toi| minh| em)? (?:cung cap|gui|chup|dua)(?= |$)/;

export function gaveIdAway(text: string): boolean {
  const f = foldWords(text);
  return ID_BOTH_SIDES.test(f) && ASKED_FOR_IT.test(f);
}

/** Folded phrases the entry on fake paperwork services names in its title or aliases. */
export const ID_NEEDS = ['lam ho giay to'] as const;

/** Folded words of its points for someone who has already sent their papers (what to do now, then that they can file it themselves): they go first. */
export const ID_FOCUS = ['lo', 'gui', 'thong', 'tin', 'doi', 'mat', 'khau', 'trinh', 'bao', 'tu', 'lam', 'truc', 'tuyen'] as const;
