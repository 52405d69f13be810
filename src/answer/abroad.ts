/**
 * Where a message says the asker (or the one asked for) is abroad: the one home of the country
 * cue (src/answer/format.ts's asked kind `abroad` reads it for ranking points and lending). Read on
 * folded words. Countries where most Vietnamese abroad live, work or study. Names of one syllable
 * count only after a word that places someone there ("ở", "tại", "bên", "sang", "qua", "đi",
 * "nước"): "cập nhật", "Sở Tư pháp", "lao động" are no countries; and not before the syllable of a
 * Vietnamese place of the same first syllable (Mỹ Tho, Mỹ Đình, Đức Hòa, Nga Sơn, Lào Cai, Thái Bình).
 * Review 9 #6 and 10: "đang ở Nhật", "ở Đài Loan", "bên Úc", "ở Mỹ" were missed.
 */

/** Names of two syllables or more, folded, that name nothing else. ("ba lan" is also "ba lần",
 * "ma lai" also "mà lại", "thuy dien" also "thủy điện": they need a placing word, see PLACED.) */
const NAMES = [
  'han quoc',
  'nhat ban',
  'dai loan',
  'trung quoc',
  'thai lan',
  'malaysia',
  'singapore',
  'xin ga po',
  'campuchia',
  'cam pu chia',
  'hoa ky',
  'canada',
  'ca na da',
  'australia',
  'chau au',
  'anh quoc',
  'vuong quoc anh',
  'lien bang nga',
  'nuoc anh',
  'cong hoa sec',
  'hong kong',
  'dinh cu',
  'xuat khau lao dong',
  'xkld',
];
/**
 * Names that count only after a placing word (PLACING, or `by` where some read otherwise: "quá
 * hạn", "qua séc"), each with the syllables after it that make another word or a Vietnamese place
 * ("mỹ phẩm", "pháp luật", "ngã tư", "Mỹ Tho", "Lào Cai"). "Anh" is no name here: folded, "ở anh",
 * "bên anh" are a person's; "nước Anh", "Anh Quốc" are in NAMES.
 */
const PLACED: Record<string, { not: readonly string[]; by?: readonly string[] }> = {
  my: { not: ['tho', 'dinh', 'hao', 'xuyen', 'loc', 'phuoc', 'tu', 'duc', 'pham', 'thuat', 'nghe', 'le'] },
  uc: { not: [] },
  duc: { not: ['hoa', 'trong', 'linh', 'pho', 'co', 'tho', 'hue'] },
  phap: { not: ['ly', 'luat', 'che', 'nhan', 'dinh', 'y'] },
  nga: { not: ['son', 'tu', 'ba', 'nam', 'sau', 'bay'] },
  sec: { not: [], by: ['o', 'tai', 'ben', 'sang', 'nuoc'] },
  lao: { not: ['cai', 'dong'] },
  nhat: { not: [] },
  han: { not: [], by: ['o', 'tai', 'ben', 'sang', 'nuoc'] },
  thai: { not: ['binh', 'nguyen', 'hoa', 'thuy'], by: ['ben', 'sang'] },
  'ba lan': { not: [], by: ['o', 'tai', 'ben', 'nuoc'] },
  'ma lai': { not: [], by: ['tai', 'ben', 'sang', 'nuoc'] },
  'nuoc ngoai': { not: [], by: ['o', 'tai', 'ben', 'sang', 'di', 'ra'] },
};
/** Words that place someone in a country, folded. ("từ" is not: "Sở Tư pháp" folds as "tu phap".) */
const PLACING = new Set(['o', 'tai', 'ben', 'sang', 'qua', 'di', 'nuoc', 'ra']);

/** Does a message (its folded words) say someone is abroad? */
export function saysAbroad(words: readonly string[]): boolean {
  const text = ` ${words.join(' ')} `;
  if (NAMES.some((n) => text.includes(` ${n} `))) return true;
  for (let i = 1; i < words.length; i++) {
    const before = words[i - 1]!;
    if (!PLACING.has(before)) continue;
    for (const [name, { not, by }] of Object.entries(PLACED)) {
      const parts = name.split(' ');
      if ((by && !by.includes(before)) || !parts.every((p, k) => words[i + k] === p)) continue;
      const next = words[i + parts.length];
      if (next === undefined || !not.includes(next)) return true;
    }
  }
  return false;
}
