// Cheap check the router runs on every message: does this read like an officer asking for
// their unit's figures rather than a citizen asking how to do something?
const OFFICER_PATTERNS: RegExp[] = [
  /\bty le\b/,
  /\bbao cao (nhanh|hom nay|ngay)\b/,
  /\b(tre|qua) han\b.*\b(hom nay|thang|quy|nam|tuan|bao nhieu|may)\b/,
  /\bho so (tre|qua) han\b/,
  /\b766\b/,
  /\bbo chi so\b/,
  /\bbieu do\b/,
  /\bchi so\b.*\b(diem|thang|quy|nam)\b/,
  /\bdiem\b.*\b(thang|quy|nam|nhom|tien do|so hoa|hai long|truc tuyen|cong khai)\b/,
  /\b(tong so|bao nhieu) ho so\b.*\b(tiep nhan|nhan|hoan thanh|giai quyet)\b/,
];

export function looksLikeOfficerQuestion(folded: string): boolean {
  return OFFICER_PATTERNS.some((p) => p.test(folded));
}
