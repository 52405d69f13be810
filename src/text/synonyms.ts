import { pushTo } from '../collections.ts';

/**
 * Everyday ways of saying what the guides say in official words. A matched phrase keeps its own
 * words and gains the guides' wording right after it ("đóng phí" → "đóng phí thanh toán"), so
 * both match. Keys and values are folded syllables.
 */
const PHRASES: [string[], string][] = [
  [
    ['tra phi', 'dong phi', 'nop phi', 'tra tien', 'dong tien', 'nop tien', 'dong le phi', 'tra le phi', 'nop le phi'],
    'thanh toan phi le phi',
  ],
  [['chuyen khoan'], 'thanh toan ngan hang'],
  // A number, a SIM "cũ" (old, no longer used) is one to change, as the guides say it.
  [['so cu', 'sim cu', 'so dien thoai cu'], 'doi so dien thoai'],
  // "Làm online có rẻ hơn không": a lower fee, as the guides say it.
  [['re hon', 'it tien hon', 'do ton tien'], 'giam phi le phi'],
  [['momo', 'zalopay', 'vnpay', 'shopeepay', 'viettel money', 'viettelpay'], 'vi dien tu'],
  [['up len', 'up file', 'upload', 'tai len', 'dua len', 'day len'], 'tai len dinh kem'],
  [['scan'], 'ban quet'],
  [['khieu nai', 'to cao', 'gop y', 'boc phot'], 'phan anh kien nghi'],
  [['hotline', 'so tong dai', 'goi so nao', 'so dien thoai ho tro'], 'tong dai ho tro'],
  [['cns'], 'cong nghe so'],
  [['bang lai'], 'giay phep lai xe'],
  // The household book is gone, splitting a household is not: "tách sổ hộ khẩu" is "tách hộ" (f7a-007).
  [['tach so ho khau', 'tach ho khau', 'tach khau'], 'tach ho'],
  [
    ['kiem tra ho so', 'xem ho so', 'ho so toi dau', 'ho so den dau', 'giai quyet xong chua', 'xong chua'],
    'tra cuu tinh trang ho so',
  ],
  [['web', 'website', 'trang web', 'tren mang', 'qua mang'], 'truc tuyen'],
  [['lan dau'], 'dau tien'],
  [['mat khau 6 so', 'ma 6 so', 'mat ma 6 so'], 'passcode'],
  [['the bao hiem', 'bao hiem giay'], 'bao hiem y te'],
  [['quet mat', 'chup mat', 'nhan dien khuon mat', 'face id'], 'xac thuc khuon mat'],
  [['quet chip', 'doc chip'], 'chip nfc'],
  [['ve nha', 'tan nha'], 'buu chinh'],
  // Not "đòi lại tiền": people claim back wages and debts that way too, which are not fees.
  [['hoan tien', 'lay lai tien', 'tra lai tien'], 'hoan tra phi'],
  [['bi khoa', 'khoa tai khoan'], 'tam khoa'],
  [['cong dvc', 'cong dich vu'], 'cong dich vu cong'],
  // Account levels as the guides write them ("mức 1", "mức độ 2"), whatever way they are typed.
  [['muc mot', 'muc do mot'], 'muc 1 muc do 1'],
  [['muc hai', 'muc do hai'], 'muc 2 muc do 2'],
  // Digits as the guides write counts ("trừ hai lần", "ba ngày").
  [['2'], 'hai'],
  [['3'], 'ba'],
  [['5'], 'nam'],
  [['7'], 'bay'],
];

const RULES: { words: string[]; add: string[] }[] = PHRASES.flatMap(([forms, add]) =>
  forms.map((f) => ({ words: f.split(' '), add: add.split(' ') })),
).sort((a, b) => b.words.length - a.words.length);

/** The rules by their first word, longest first as in RULES: each word looks up only its own. */
const RULES_BY_FIRST = new Map<string, typeof RULES>();
for (const r of RULES) pushTo(RULES_BY_FIRST, r.words[0]!, r);

/** Adds the guides' wording after every everyday phrase found in `tokens` (folded syllables). */
export function addSynonyms(tokens: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    const rule = RULES_BY_FIRST.get(tokens[i]!)?.find((r) => r.words.every((w, k) => tokens[i + k] === w));
    if (!rule) {
      out.push(tokens[i]!);
      i++;
      continue;
    }
    out.push(...rule.words, ...rule.add);
    i += rule.words.length;
  }
  return out;
}

const WORDS = new Set(PHRASES.flatMap(([forms]) => forms.flatMap((f) => f.split(' '))));

/** Is this word part of an everyday phrase we map ("web", "momo", "cns")? Then it is not unknown. */
export function isSynonymWord(token: string): boolean {
  return WORDS.has(token);
}
