import { pushTo } from '../collections.ts';

/**
 * The bot guides VNeID and the public-service portals. A question about another platform's
 * account ("quên mật khẩu gmail", "tài khoản facebook bị khóa") reuses the same words but is out
 * of scope — unless it also names ours ("link giả mạo gửi qua zalo bảo cài vneid").
 * Folded syllables; multi-word names are space-separated. E-wallets are not here: fees can be
 * paid with them.
 */
const OTHER = [
  'facebook',
  'fb',
  'gmail',
  'google',
  'zalo',
  'tiktok',
  'shopee',
  'lazada',
  'tiki',
  'youtube',
  'icloud',
  'apple id',
  'wifi',
  'game',
  'instagram',
  'messenger',
  'telegram',
  'netflix',
  'grab',
  'gojek',
  'outlook',
  'yahoo',
].map((x) => x.split(' '));

const OURS = [
  'vneid',
  'dinh danh',
  'dich vu cong',
  'dichvucong',
  'cong dich vu',
  'ho so',
  'thu tuc',
  'le phi',
  'can cuoc',
  'cccd',
  'cong an',
  'mot cua',
  'buu chinh',
  'chung thuc',
  'ky so',
  'chu ky so',
  'bhyt',
  'bao hiem y te',
  'giay phep lai xe',
  'gplx',
].map((x) => x.split(' '));

/**
 * Other agencies' apps and portals with their own support (VssID is social insurance's, eTax the
 * tax office's): a question about them is not ours even when it says "tài khoản" or "dịch vụ công".
 * Where a redirect entry names one, the bot sends the asker there (see the answer engine).
 */
const AGENCY = [
  'vssid',
  'etax',
  'etax mobile',
  'thue dien tu',
  'thuedientu',
  'ihtkk',
  'vnetraffic',
  'bao hiem xa hoi so',
  'baohiemxahoi',
  'icanhan',
  'evn',
  'evnhcmc',
  'evnspc',
].map((x) => x.split(' '));

function contains(tokens: readonly string[], phrase: readonly string[]): boolean {
  for (let i = 0; i + phrase.length <= tokens.length; i++) if (phrase.every((w, k) => tokens[i + k] === w)) return true;
  return false;
}

/**
 * The phrases of a list (`phrases` indices, in list order) that `tokens` contain, found by their
 * first word: each answer reads its words against some 80 phrases.
 */
function byFirstWord(phrases: readonly (readonly string[])[]): (tokens: readonly string[]) => number[] {
  const index = new Map<string, number[]>();
  for (const [k, p] of phrases.entries()) pushTo(index, p[0]!, k);
  return (tokens) => {
    const found = new Set<number>();
    tokens.forEach((t, i) => {
      for (const k of index.get(t) ?? []) if (!found.has(k) && phrases[k]!.every((w, j) => tokens[i + j] === w)) found.add(k);
    });
    return [...found].sort((a, b) => a - b);
  };
}

const otherIn = byFirstWord(OTHER);
const oursIn = byFirstWord(OURS);
const agencyIn = byFirstWord(AGENCY);

/**
 * The question names another platform and none of ours. `typed`: the words as typed (before typo
 * correction, which would turn "gmail" into "email"); `normalised`: after it.
 */
export function aboutAnotherPlatform(typed: readonly string[], normalised: readonly string[] = typed): boolean {
  return otherIn(typed).length > 0 && oursIn(normalised).length === 0 && oursIn(typed).length === 0;
}

/**
 * The platforms a question names that are not ours, as folded phrases ("vssid", "etax"): other
 * agencies' apps always (even beside "dịch vụ công" or "tài khoản"), consumer platforms only when
 * `aboutAnotherPlatform` holds. Empty when none, or when the question also names VNeID.
 */
export function namedPlatforms(typed: readonly string[], normalised: readonly string[] = typed): string[] {
  const mentions = (p: readonly string[]) => contains(typed, p) || contains(normalised, p);
  if (mentions(['vneid']) || mentions(['dinh', 'danh', 'dien', 'tu'])) return [];
  const agencies = new Set([...agencyIn(typed), ...agencyIn(normalised)]);
  const out = AGENCY.filter((_, k) => agencies.has(k)).map((p) => p.join(' '));
  if (aboutAnotherPlatform(typed, normalised)) out.push(...otherIn(typed).map((k) => OTHER[k]!.join(' ')));
  return out;
}

/**
 * Words of our field that neighbouring needs use as much ("hồ sơ" of a loan, "tài khoản" of a
 * bank, "mật khẩu" of any app, "công an" of a fine, "kết quả" of a match, "bưu điện" of a parcel):
 * they say a message may be ours, never that it is. (Some are in OURS too.)
 */
const GENERIC_FIELD = [
  'ho so',
  'thu tuc',
  'tai khoan',
  'mat khau',
  'passcode',
  'dang nhap',
  'ung dung',
  'ma xac thuc',
  'kich hoat',
  'cong an',
  'ket qua',
  'online',
  'truc tuyen',
  'thanh toan',
  'bien lai',
  'buu dien',
  'buu chinh',
  'tai len',
  'dinh kem',
  'danh gia',
  'tong dai',
  'le phi',
  'muc do',
];
const GENERIC: ReadonlySet<string> = new Set(GENERIC_FIELD);

/**
 * The words of our field: online submission and payment, VNeID and the accounts, the services we
 * have cards for, results and feedback. Nearly every in-scope message uses one (on our question
 * sets and the real development messages, over 9 in 10), while most neighbouring needs — a land
 * dispute, owed wages, a pension — use none; a message without any needs a surer match.
 * Folded phrases, matched on normalised tokens (abbreviations and everyday phrases expanded):
 * OURS, the generic words above and these, which only our field uses.
 */
const FIELD = [
  ...OURS.map((p) => p.join(' ')),
  ...GENERIC_FIELD,
  'dichvucong',
  'cong dich vu cong',
  'muc 1',
  'muc 2',
  'nfc',
  'chip',
  'vi giay to',
  'ma ho so',
  'ban sao',
  'sao y',
  'phan anh kien nghi',
  'ho chieu',
  'khai sinh',
  'khai tu',
  // "chứng từ" (a receipt) folds as "chứng tử" does; the paper's name does not.
  'giay chung tu',
  'giay bao tu',
  'ket hon',
  'thuong tru',
  'tam tru',
  'tam vang',
  'luu tru',
  'cu tru',
  'ho khau',
  'tach ho',
  'ho tich',
  'trich luc',
  'ly lich tu phap',
  'bang lai',
  'dang ky xe',
  'bien so',
  // Services we have cards for, named the way letters name them: the passport office, a social
  // allowance, the vehicle's papers (cà vẹt) and the appointment slip. Without them "cán bộ Phòng
  // Quản lý xuất, nhập cảnh đã liên lạc …" (portal-014) or a driver waiting out "giấy hẹn" for his
  // vehicle's papers (pf3-019) needed the surer match asked of messages outside our field. Real dev --unleak 0.3: 341 → 343;
  // as written, --unleak 0.5, chat-plain and our own question sets unchanged.
  'xuat nhap canh',
  'tro cap xa hoi',
  'giay to xe',
  'giay hen',
  'ca vet',
  'cavet',
].map((x) => x.split(' '));

/** "số tài khoản", "tài khoản ngân hàng": a bank account, not an account of ours. */
function bankAccountsOnly(tokens: readonly string[]): string[] {
  return tokens.map((t, i) =>
    t === 'tai' && tokens[i + 1] === 'khoan' && (tokens[i - 1] === 'so' || (tokens[i + 2] === 'ngan' && tokens[i + 3] === 'hang'))
      ? '_'
      : t,
  );
}

const fieldIn = byFirstWord(FIELD);

/** Does the message use a word of our field (see FIELD)? */
export function mentionsOurField(tokens: readonly string[]): boolean {
  return fieldIn(bankAccountsOnly(tokens)).length > 0;
}

/**
 * The phrases of our field a message names that no neighbouring need shares: our platforms
 * ("vneid", "dịch vụ công"), a service ("hộ chiếu", "khai sinh", "tạm trú") or its papers
 * ("căn cước", "sao y"). Folded, space-joined.
 */
export function specificFieldPhrases(tokens: readonly string[]): string[] {
  return fieldIn(bankAccountsOnly(tokens))
    .map((k) => FIELD[k]!.join(' '))
    .filter((p) => !GENERIC.has(p));
}
