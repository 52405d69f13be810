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

export function contentTokens(tokens: readonly string[]): string[] {
  return tokens.filter((t) => !STOPWORDS.has(t));
}
