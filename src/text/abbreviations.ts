/**
 * Abbreviations and chat spellings Vietnamese users type, keyed by their folded form.
 * `replace`: the short form means nothing else, so it is swapped for the words (ko → khong).
 * `expand`: an acronym the guides may also use as-is (CCCD, VNeID), so both are kept.
 */
interface Abbreviation {
  words: string;
  keep: boolean;
}

const REPLACE: Record<string, string> = {
  ko: 'khong',
  k: 'khong',
  kg: 'khong',
  kh: 'khong',
  hok: 'khong',
  khum: 'khong',
  hem: 'khong',
  dc: 'duoc',
  dk: 'dang ky',
  dky: 'dang ky',
  sdt: 'so dien thoai',
  dt: 'dien thoai',
  dthoai: 'dien thoai',
  mk: 'mat khau',
  pass: 'mat khau',
  password: 'mat khau',
  tk: 'tai khoan',
  stk: 'so tai khoan',
  hs: 'ho so',
  hso: 'ho so',
  ntn: 'nhu the nao',
  j: 'gi',
  bn: 'bao nhieu',
  vs: 'voi',
  ng: 'nguoi',
  trc: 'truoc',
  ck: 'chuyen khoan',
  lm: 'lam',
  ms: 'moi',
  r: 'roi',
  e: 'em',
  a: 'anh',
  v: 'vay',
  z: 'vay',
  mik: 'minh',
  mn: 'moi nguoi',
  cty: 'cong ty',
  tp: 'thanh pho',
  cb: 'can bo',
  tv: 'thanh vien',
  cks: 'chu ky so',
  pakn: 'phan anh kien nghi',
  kq: 'ket qua',
  tg: 'thoi gian',
  sn: 'sinh nhat',
  bh: 'bao gio',
  qg: 'quoc gia',
  qgia: 'quoc gia',
  ttin: 'thong tin',
  login: 'dang nhap',
  dnhap: 'dang nhap',
  tthc: 'thu tuc hanh chinh',
  ubnd: 'uy ban nhan dan',
  cax: 'cong an xa',
};

const EXPAND: Record<string, string> = {
  cccd: 'can cuoc cong dan',
  cmnd: 'chung minh nhan dan',
  gplx: 'giay phep lai xe',
  bhyt: 'bao hiem y te',
  bhxh: 'bao hiem xa hoi',
  dvc: 'dich vu cong',
  dvcqg: 'dich vu cong quoc gia',
  online: 'truc tuyen',
  app: 'ung dung',
  otp: 'ma xac thuc',
  sms: 'tin nhan',
  qr: 'ma qr',
  vietqr: 'ma qr',
  napas: 'the ngan hang',
  atm: 'the ngan hang',
  email: 'thu dien tu',
  // Letters to a column abbreviate the paper or the office after naming it once, or not at all.
  lltp: 'ly lich tu phap',
  gcndk: 'giay chung nhan dang ky',
  tcxh: 'tro cap xa hoi',
  nct: 'nguoi cao tuoi',
  kcb: 'kham chua benh',
  xnc: 'xuat nhap canh',
};

const TABLE = new Map<string, Abbreviation>([
  ...Object.entries(REPLACE).map(([k, words]) => [k, { words, keep: false }] as const),
  ...Object.entries(EXPAND).map(([k, words]) => [k, { words, keep: true }] as const),
]);

/** The table, for tests and docs. */
export function abbreviation(token: string): { words: string; keep: boolean } | undefined {
  return TABLE.get(token);
}

/** Expands abbreviations in a list of folded syllables. */
export function expandAbbreviations(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    // "12t", "65t": an age.
    const age = /^(\d{1,3})t$/.exec(t);
    if (age) {
      out.push(age[1]!, 'tuoi');
      continue;
    }
    const a = TABLE.get(t);
    if (!a) {
      out.push(t);
      continue;
    }
    if (a.keep) out.push(t);
    out.push(...a.words.split(' '));
  }
  return out;
}
