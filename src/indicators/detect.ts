// Cheap check the router runs on every message: does this read like an officer asking for
// their unit's figures rather than a citizen asking how to do something? Citizens talk about
// *doing* ("nộp hồ sơ trực tuyến thế nào", "tra cứu hồ sơ"); officers about *rates, counts and
// periods* ("tỷ lệ trực tuyến tháng này"). Input is folded (lower case, no diacritics).

const PERIOD = String.raw`(hom nay|hom qua|tuan (nay|truoc)|thang (nay|truoc|\d{1,2})|t\d{1,2}|quy (nay|truoc|i{1,3}|iv|[1-4])|q[1-4]|nam (nay|ngoai|truoc|\d{4})|\d{1,2} thang|6 thang|tu \d{1,2}\/\d{1,2})`;

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
  /\b(so hoa|tien do|truc tuyen|cong khai|hai long)\b.*\b\d{1,2}([.,]\d+)?\/(18|20|22)\b/,
  /\bdiem\b.*\bhai long\b.*\b(thang|quy|nam|bao nhieu)\b|\bhai long\b.*\bdiem toi da\b/,
  /(\b(tong so|bao nhieu|so luong)|^so) (ho so|hs)\b.*\b(tiep nhan|nhan|hoan thanh|giai quyet|xu ly|qua han|tre han)\b/,
  new RegExp(String.raw`\b(so lieu|chi tieu)\b.*\b${PERIOD}\b|\bso lieu (don vi|phong|cua (don vi|phong))\b`),
  /\b(theo phong|theo don vi|xep hang|xep thu)\b/,
  // A bare period or metric name answers a clarification question the figure skill asked.
  new RegExp(`^${PERIOD}$`),
];

export function looksLikeOfficerQuestion(folded: string): boolean {
  return OFFICER_PATTERNS.some((p) => p.test(folded));
}
