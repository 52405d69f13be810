// Cheap check the figure skill's trigger runs on every message: does this read like an officer asking for
// their unit's figures rather than a citizen asking how to do something? Citizens talk about
// *doing* ("nộp hồ sơ trực tuyến thế nào", "tra cứu hồ sơ"); officers about *rates, counts and
// periods* ("tỷ lệ trực tuyến tháng này"). Input is folded (lower case, no diacritics).

import { GROUP_POINTS } from './index766.ts';
import { expandAbbreviations, type Metric, parseMetrics } from './metrics.ts';

const PERIOD = String.raw`(hom nay|hom qua|hom kia|tu dau (thang|quy|nam)|tuan (nay|truoc)|\d+ (tuan|ngay) (qua|gan day)|thang (nay|truoc|\d{1,2})|t\d{1,2}|quy (nay|truoc|i{1,3}|iv|[1-4])|q[1-4]|nam (nay|ngoai|truoc|\d{4})|\d{1,2} thang|6 thang|tu \d{1,2}\/\d{1,2}|ngay \d{1,2}\/\d{1,2})`;

const OFFICER_PATTERNS: RegExp[] = [
  /\bty le\b|\btl (tt|truc tuyen|dung han|so hoa|thanh toan)\b/,
  /\bbao cao (nhanh|hom nay|ngay|trong ngay)\b|^bcn$|^bao cao$/,
  new RegExp(String.raw`\b(tre|qua|dung|truoc) han\b.*\b${PERIOD}\b`),
  /^(so )?(ho so|hs) (tre|qua) han$|\b(tre|qua) han (chua giai quyet|dang giai quyet|con ton)\b/,
  /\b766\b/,
  /\bbo chi so\b/,
  /\bbieu do\b/,
  /\bchi so\b.*\b(diem|thang|quy|nam)\b/,
  /\bdiem\b.*\b(766|chi so|nhom|tien do( giai quyet)?|so hoa|dich vu truc tuyen|cong khai)\b|\b(tien do giai quyet|so hoa|dich vu truc tuyen|cong khai minh bach)\b.*\b(bao nhieu )?diem\b/,
  new RegExp(String.raw`\b(so hoa|tien do|truc tuyen|cong khai|hai long)\b.*\b${GROUP_POINTS}\b`),
  /\bdiem\b.*\bhai long\b.*\b(thang|quy|nam|bao nhieu)\b|\bhai long\b.*\bdiem toi da\b/,
  /(\b(tong so|bao nhieu|so luong)|^so) (ho so|hs)\b.*\b(tiep nhan|nhan|hoan thanh|giai quyet|xu ly|qua han|tre han)\b/,
  new RegExp(String.raw`\b(so lieu|chi tieu|so sanh)\b.*\b${PERIOD}\b|\bso lieu (don vi|phong|cua (don vi|phong))\b`),
  /\b(theo phong|theo don vi|xep hang|xep thu)\b/,
  // A bare period or metric name answers a clarification question the figure skill asked.
  new RegExp(`^${PERIOD}$`),
];

// A metric named with what only officers ask of it: a period, a rate, a count, a ranking.
const FIGURE_WORDS = new RegExp(
  String.raw`\b${PERIOD}\b|\bty le\b|\bphan tram\b|\b(bao nhieu|may) (ho so|cai|bo)\b|\bho so\b.*\b(bao nhieu|may)( cai)?$|\b(xa|phuong|phong|don vi|chi cuc) nao\b|\btheo (xa|phuong|phong|don vi)\b|\b(cao|thap|nhieu|it) nhat\b|\bso voi\b|\bton dong\b|\bdang (xu ly|giai quyet)\b|\bqua han chua\b|\bco ho so nao (bi )?(qua han|tre han|ton)\b|\bcua (ubnd|phong|chi cuc|van phong|xa|phuong|so|tinh|don vi|trung tam)\b`,
);
// Metrics whose words a citizen does not use of their own dossier ("trực tuyến", "nhận" they do).
const OFFICER_ONLY = new Set<Metric>(['digitized_rate', 'on_time_rate', 'early_rate', 'late_rate', 'e_result_rate', 'overdue_open', 'open']);
const HOW_MUCH = /\bbao nhieu\b(?! (ngay|lau|tien))/;
const UNIT_FIRST = /^(phong|chi cuc|van phong|xa|phuong|thi tran|trung tam) \S+/;
// Citizens ask what a thing costs or how long it takes; officers do not word figures that way.
const CITIZEN_WORDS = /\b(le phi|phi|tien|bao lau|mat may ngay|thu tuc|lam sao|lam the nao|nhu the nao|o dau|cach|huong dan|toi|em|minh co|nghe noi|co phai|dung khong|duoc khong)\b/;

// Officers ask for a figure in a line: the 353 officer questions of our sets have at most 13
// words. A citizen's letter that happens to say "tỷ lệ", "trễ hạn … hôm qua" or "bao nhiêu hồ
// sơ" is a story: 6 of 281 real dev letters (37 to 131 words) got the officer-only refusal.
const LETTER_WORDS = 30;
// A citizen's own dossier ("hồ sơ của tôi trễ hạn từ hôm qua"); an officer says whose unit.
const OWN_DOSSIER = /\b(ho so|hs) (cua )?(toi|nha toi|gia dinh toi|con toi|me toi|bo toi)\b/;

// "Quá hạn" said of a citizen's own paper or registration, and what it costs them: a fine, a
// retest, a renewal. Officers count overdue *dossiers* of a unit; nobody asks a unit's figure with
// "bị phạt" or "thi lại". Short citizen questions ("đăng ký khai sinh quá hạn bị phạt bao nhiêu",
// "giấy phép lái xe quá hạn 3 tháng có phải thi lại không", "sang tên xe quá hạn 30 ngày bị phạt
// bao nhiêu") got the officer-only refusal: "quá hạn … 3 tháng" reads as a metric and a period.
const CITIZEN_OVERDUE =
  /\b(bi )?phat\b|\bthi lai\b|\bgia han\b|\bhet han\b|\b(khai sinh|khai tu|ket hon|tam tru|thuong tru|tam vang|luu tru|sang ten|dang ky xe|giay phep lai xe|gplx|bang lai|can cuoc|cccd|cmnd|ho chieu|visa|thi thuc|bhyt|dang kiem|giay to|the)( xe| may| o to)? (da |bi |dang )?(qua|tre) han\b/;

// What a citizen has not received, or receives: their pension, an allowance, a card, a result, a
// code. Officers count dossiers their unit received ("nhận bao nhiêu hồ sơ tháng này"), never
// "chưa nhận được"; "lương hưu tháng này chưa nhận được" read as the received count and a period
// and got the officer-only refusal (a boundary helper's probe, 2026-12-02).
const CITIZEN_RECEIVES =
  /\b(chua|khong|ko|bao gio|khi nao|lau qua) (duoc )?nhan( duoc)?\b|\bnhan (duoc )?(luong|tien|tro cap|phu cap|the|ket qua|giay|so|ma|otp|tin nhan|buu pham|thu|lai)\b/;

// What a service costs a citizen: "tốn" folds to "ton", the word of an officer's "hồ sơ tồn"
// (pending). "làm lý lịch tư pháp tốn bao nhiêu?" read as the pending count and got the
// officer-only refusal (a knowledge helper's probe, 2026-12-02). An officer's pending count names
// the dossiers ("hồ sơ tồn bao nhiêu", "hs tồn") or is asked bare; a citizen names what they do.
const CITIZEN_COST = /\bton (kem|tien|phi|bao nhieu tien)\b|\b(lam|xin|cap|doi|gia han|dang ky|nop)\b.*\bton (het )?bao nhieu\b/;
const DOSSIERS = /\b(ho so|hs)\b/;

export function looksLikeOfficerQuestion(folded: string): boolean {
  if (folded.split(' ').length > LETTER_WORDS || OWN_DOSSIER.test(folded)) return false;
  const t = expandAbbreviations(folded);
  if (CITIZEN_OVERDUE.test(t) || CITIZEN_RECEIVES.test(t)) return false;
  if (CITIZEN_COST.test(t) && !DOSSIERS.test(t)) return false;
  if (OFFICER_PATTERNS.some((p) => p.test(folded))) return true;
  if (t !== folded && OFFICER_PATTERNS.some((p) => p.test(t))) return true;
  if (/\bbao cao nhanh\b/.test(t)) return true;
  const metrics = parseMetrics(t);
  if (metrics.length === 0) return false;
  if (CITIZEN_WORDS.test(t.replace(/\bkhong dung tien mat\b/g, ''))) return false;
  // "số hóa bao nhiêu": a rate only units have, asked for its amount, is an officer's question.
  // … or asked of a unit named first ("phòng dược hs tồn").
  return FIGURE_WORDS.test(t) || (metrics.some((m) => OFFICER_ONLY.has(m)) && (HOW_MUCH.test(t) || UNIT_FIRST.test(t)));
}

const FOLLOW_UP_WORDS = /^(con|the con|vay con|con ve|so voi|so sanh)\b|\bthi sao\b|\bthi the nao\b|\b(tang|giam) hay (giam|tang)\b/;

/**
 * After a figure, an officer's short follow-up that changes one part of it ("còn tháng trước thì
 * sao", "phòng dược thì sao", "so với tháng trước tăng hay giảm") belongs to the figure skill,
 * though it names no metric. `chatData` is the chat state the figure skill keeps (`figLast`).
 */
export function looksLikeFollowUp(folded: string, chatData: Record<string, unknown>): boolean {
  if (!chatData.figLast) return false;
  const t = expandAbbreviations(folded);
  if (t.split(' ').length > 12) return false;
  return FOLLOW_UP_WORDS.test(t) || new RegExp(`^(con )?${PERIOD}(( so voi| voi| va| hay) ${PERIOD})?( thi sao)?$`).test(t);
}
