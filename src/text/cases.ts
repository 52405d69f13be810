/**
 * The cases an entry can be for, where the case is not the need itself (front matter `when`), and
 * the words that tell each in a message: an entry for a case scores less when the message tells
 * none of its words (KnowledgeIndex's CASE_PRIOR).
 * - `lost`: the thing was lost, stolen or damaged (reporting a lost passport cancels it).
 * - `frail`: the person is old, ill, disabled or bedridden and cannot come in (the police or the
 *   commune come to the home; a representative acts for someone without capacity).
 */
export const CASES = ['lost', 'frail'] as const;
export type Case = (typeof CASES)[number];

/**
 * Words as typed with their marks (a message typed without them is read with the likeliest put
 * back), lower case, one phrase of syllables each. Matched as whole syllable runs: "cấp" is not
 * "cắp", "rồi" not "rơi"; "cụ thể", "chủ yếu", "nhầm lẫn" tell no frailty, so "cụ", "yếu", "lẫn"
 * count only in the phrases listed.
 */
const CUES: Record<Case, readonly string[]> = {
  lost: ['mất', 'lạc', 'rơi', 'trộm', 'cắp', 'hỏng', 'rách', 'gãy', 'cong', 'mờ', 'ướt', 'cháy', 'nát', 'bong', 'vỡ', 'không tìm thấy'],
  frail: [
    'già',
    'cao tuổi',
    'lớn tuổi',
    'tuổi cao',
    'cụ ông',
    'cụ bà',
    'các cụ',
    'ốm',
    'bệnh',
    'liệt',
    'tai biến',
    'đột quỵ',
    'tật',
    'mù',
    'điếc',
    'câm',
    'tâm thần',
    'thiểu năng',
    'mất năng lực',
    'đi lại',
    'không đi được',
    'nằm viện',
    'nằm một chỗ',
  ],
};
const PHRASES = Object.fromEntries(CASES.map((c) => [c, CUES[c].map((p) => p.split(' '))])) as Record<Case, string[][]>;

/**
 * "mất" before these is what something costs, not a loss: "đi lại nhiều lần rất mất thời gian"
 * (pf3-030, a card a year late) got the lost card's entry; "mất cả buổi sáng", "mất bao lâu",
 * "mất phí", "mất tiền".
 */
const COSTS = new Set(['thời', 'công', 'tiền', 'phí', 'lệ', 'bao', 'nhiều', 'cả', 'mấy', 'gần', 'hơn', 'khoảng', 'hàng', 'thêm']);

/** Does cue `p` start at `i` of `said`, as the case it tells? */
function tells(p: readonly string[], said: readonly string[], i: number): boolean {
  if (!p.every((w, k) => said[i + k] === w)) return false;
  return !(p.length === 1 && p[0] === 'mất' && COSTS.has(said[i + 1] ?? ''));
}

/** The cases a message tells: `said`, its syllables with their marks, lower case (analyze().original). */
export function casesTold(said: readonly string[]): Set<Case> {
  const told = new Set<Case>();
  for (const c of CASES) if (PHRASES[c].some((p) => said.some((_, i) => tells(p, said, i)))) told.add(c);
  return told;
}
