import { stripDiacritics } from './fold.ts';

/**
 * Folded function words of chat questions. They say how someone asks, not what about, so the
 * "is this question covered by a guide?" check ignores them. ("dang" is kept: đăng/đang fold alike.)
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a ad ah ak ai anh ban bi bao ca cach cho co cua da de den di do duoc em gi giup ha hay hoi khi khong ' +
    'la lam len luc may minh muon nao nay neu nhe nhi nhu nhung noi o oi phai ra rang roi sao se sau thi ' +
    'thoi toi tren tu tui vay vao va ve voi xin xem cac biet ntn kieu nua nhieu giua day kia no chung ta ' +
    'ong ba chau bac me vo chong nguoi dung'
  ).split(' '),
);

/**
 * The forms with marks in which those folded words are function words. Folding merges them with
 * content syllables — "khai tử" with "từ", "sổ đỏ" with "đó", "một cửa" with "của", "bảo hiểm"
 * with "bao", "xe máy" with "mấy", "nổ" with "nó", "chứng thực" with "chúng", "vay" (a loan) with
 * "vậy" — so a word typed with its marks in another form than these is content. Typed without
 * marks, it stays a function word: nothing tells them apart then.
 */
const FUNCTION_FORMS: ReadonlySet<string> = new Set(
  (
    'à á ạ ả ad ah ak ai anh bạn bị bao cả cách cho có cô của đã dạ để đến đi dì do đó được em gì giúp hả ' +
    'hay hỏi hơi khi không là làm lên lúc mấy mày mình muốn nào này nay nếu nhé nhỉ như nhưng những nói nơi ' +
    'ở ơ ô ơi ôi phải ra rằng rồi sao sẽ sau thì thôi tôi tới trên từ tự tui vậy vầy vào và về với xin xem ' +
    'các biết ntn kiểu nữa nhiều giữa đây đấy kia nó chúng ta ông bà ba cháu bác mẹ vợ chồng người đúng dùng ' +
    // The spoken forms: "vô"/"dô" (vào), "hãy", "lắm", "chỗ nào", "tụi tôi", "ổng"/"bả" (ông ấy, bà ấy), "mầy".
    'vô dô hãy lắm chỗ tụi ổng bả mầy'
  ).split(' '),
);

/**
 * What a text typed with marks says of its folded stopwords: `words`, those it typed only as
 * content ("tử" of "khai tử", "đỏ" of "sổ đỏ"; a word also typed as a function word, "từ" beside
 * "tử", or without marks, is not); `pairs`, its folded syllable pairs with such a content form in
 * them ("khai_tu", "so_do"), content pairs whatever else the text says.
 * `original`: the text's syllables with marks, lower-case NFC (analyze().original).
 */
export function typedContent(original: readonly string[]): {
  words: Set<string>;
  pairs: Set<string>;
  /** The forms with marks each of `words` was typed in. */
  forms: Map<string, Set<string>>;
} {
  const words = new Set<string>();
  const forms = new Map<string, Set<string>>();
  const used = new Set<string>();
  const pairs = new Set<string>();
  const folded = original.map(stripDiacritics);
  folded.forEach((f, i) => {
    if (!STOPWORDS.has(f)) return;
    const o = original[i]!;
    if (f === o || FUNCTION_FORMS.has(o)) {
      used.add(f);
      return;
    }
    words.add(f);
    forms.set(f, (forms.get(f) ?? new Set()).add(o));
    if (i > 0) pairs.add(`${folded[i - 1]}_${f}`);
    if (i + 1 < folded.length) pairs.add(`${f}_${folded[i + 1]}`);
  });
  for (const f of used) {
    words.delete(f);
    forms.delete(f);
  }
  return { words, pairs, forms };
}

export function contentTokens(tokens: readonly string[]): string[] {
  return tokens.filter((t) => !STOPWORDS.has(t));
}
