import { cached } from '../collections.ts';
import { foldWords, stripDiacritics } from './fold.ts';
import { STOPWORDS, typedContent } from './stopwords.ts';
import { originalSyllables, syllables } from './syllables.ts';

/**
 * Real messages are not one-line questions: people tell what happened, quote an error, then ask
 * one or more things, in 300–1000 characters. Retrieval reads the parts that carry the need — the
 * question sentences, the sentences describing the problem and any quoted text — and the rest only
 * as background, so a long story's common words ("hồ sơ", "tài khoản", "công an") do not decide.
 */
export interface MessageParts {
  /** The message's sentences, as typed. */
  sentences: string[];
  /** Sentences that ask (a subject-less one, "làm ở đâu?", carries the sentence before it). */
  questions: string[];
  /**
   * The questions split into the separate things they ask: "vneid mức 2 là gì, làm mất bao nhiêu
   * tiền" asks two (see asksOf). A clause that asks nothing of its own stays with its neighbour.
   */
  asks: string[];
  /**
   * For each ask, whether it stands alone: it names a subject of its own, neither borrowed from the
   * sentence or ask before it nor pointing back at one ("thẻ đó"). Only such an ask, read alone, can
   * be said to find no entry: "cần khai gì" after "gửi kết quả về nhà" asks about that.
   */
  alone: boolean[];
  /** Sentences that describe what went wrong. */
  problems: string[];
  /** Text in quotes ("…", “…”, '…', «…»). */
  quotes: string[];
  /** What retrieval should read: the whole message when short, else questions, problems and quotes. */
  salient: string;
  /** The rest of a long message (background for retrieval), "" when short. */
  background: string;
  /** Some sentence names a failure (an error, a refusal, a returned dossier): help contacts are due. */
  trouble: boolean;
  /**
   * The message voices an opinion of a service and asks nothing: a complaint ("tưởng làm online
   * nhanh, hóa ra…", "lãng phí", "rườm rà") or praise ("hài lòng", "cán bộ tận tình"). Such a
   * writer is told where opinions go (phản ánh, kiến nghị; đánh giá) as well.
   */
  opinion: 'complaint' | 'praise' | null;
}

/** Up to here a message is read whole: a question and a sentence of context. */
export const SHORT_MESSAGE = 160;
const SALIENT_CHARS = 450;
const BACKGROUND_CHARS = 400;

/** A choice of places asks where ("nơi vợ hay nơi chồng", "ở xã hay ở tỉnh"): one cue of both patterns below (folded). */
const PLACE_CHOICE = `(?:^| )(?:o|tai|noi) [a-z0-9]+(?: [a-z0-9]+){0,3} hay (?:la )?(?:o|tai|noi)(?= |$)`;

// Folded cues. "sao" only outside "bản sao" (a copy); "máy" (phone) is not "mấy".
const QUESTION = new RegExp(
  `(?:^| )(?:tai sao|vi sao|(?<!ban )sao|the nao|nhu nao|ntn|lam sao|lam the nao|o dau|cho nao|noi nao|bao nhieu|bao lau|bao gio|khi nao|luc nao|co phai|phai khong|duoc khong|co duoc|hay khong|hay chua|gi|nao|xin hoi|cho hoi|muon hoi|hoi ve|cho biet|can gi|lam gi|ra sao|giai dap|huong dan|tu van|giup|co can|co phai|co bi|co mat|mat phi)(?= |$)|` +
    PLACE_CHOICE,
);
const QUESTION_TAG = /(?:^| )(?:khong|chua|a|nhi|vay|ha|ko|k|hong|hem)$/;
// "dung" is not here: đúng, dùng, dựng and dừng all fold to it ("xây dựng" is no problem).
const PROBLEM =
  /(?:^| )(?:loi|khong the|khong duoc|khong nhan|chua nhan|khong vao|that bai|bi|tru tien|mat dien thoai|hong|quen|treo|bao tri|khong hien|khong thay|van chua|van khong|mai khong|mai chua|tu choi|tra ve|tra lai|sai|nham|khong khop|yeu cau|het han|qua han|chua duoc|khong co|chua co|bao|thong bao|hien len|hien ra|doi mai|khong hop le|chua hop le|ket|khong lien lac|khong phan hoi|(?:khong|chua) [a-z]+(?: [a-z]+)? duoc)(?= |$)/;
/** Cues that name the failure itself: such a sentence goes before one that only sets the scene. */
const STRONG_PROBLEM =
  /(?:^| )(?:loi|bao loi|khong the|that bai|tu choi|tra ve|khong hop le|chua hop le|khong khop|het han|bao tri|khong nhan duoc|chua nhan duoc|yeu cau bo sung|bo sung|bi tra lai|bi tru tien)(?= |$)/;
/** Folded cues of a complaint about how a service works. */
const COMPLAINT =
  /(?:^| )(?:cu tuong|toi tuong|minh tuong|tuong rang|tuong la|hoa ra|lang phi|phien ha|qua kho|kho so|vat va|mat thoi gian|ton thoi gian|mat nhieu thoi gian|mat ca buoi|ton kem|mat cong|lang nhang|long vong|ruom ra|phuc tap|cham hon|nhanh hon|buc xuc|uc che|bo tay|cai lui|bat nguoi dan|khong chiu|gay kho|chau chuc|mo mam|kho hieu|noi kho|ton tien)(?= |$)/;
/**
 * Complaint cues that fold to function words only: "nhũng nhiễu" (harassment) is "nhưng nhiều"
 * folded (pr4-006: "… có bắt buộc không, nhưng nhiều bạn bè …"). Folded syllable pairs, counted only
 * where the message typed them as content, with their marks (see typedCue).
 */
const CONTENT_COMPLAINT = [['nhung', 'nhieu']];

/** Does `s` type one of `cues` (folded syllables that are stopwords folded) in its content reading? */
function typedCue(r: Reading, s: string, cues: readonly (readonly string[])[]): boolean {
  const { pairs } = typedContent(r.marked(s));
  return cues.some((cue) => cue.slice(1).every((w, i) => pairs.has(`${cue[i]}_${w}`)));
}

/** Folded cues of praise for a service or the officials. */
const PRAISE =
  /(?:^| )(?:hai long|thoai mai|tien loi|thuan tien|nhanh gon|tan tinh|chu dao|tuyet voi|de dang|nhiet tinh|khen)(?= |$)/;

/**
 * "bất kỳ thông báo nào", "nào cũng": "nào" that does not ask; "cán bộ phường hướng dẫn rất tận
 * tình": someone else guided, the writer tells what happened.
 */
const NOT_ASKING =
  /(?:^| )bat (?:ky|cu)(?: [a-z0-9]+){0,3} nao(?= |$)|(?:^| )nao(?: [a-z0-9]+){0,2} cung(?= |$)|(?:^| )(?:khong|chua|chang) (?:co|nhan duoc|thay)(?: [a-z0-9]+){0,3} (?:gi|nao)(?= |$)|(?:^| )(?:can bo|nhan vien|cong an|thay|co giao|doan vien)(?: [a-z0-9]+){0,7} (?:huong dan|tu van|giai dap|cho biet)(?= |$)|(?:^| )khi (?:toi|minh|em|chung toi) (?:hoi|thac mac)(?: [a-z0-9]+){0,3}(?= |$)/g;

const QUOTE = /"([^"\n]{4,300})"|“([^”\n]{4,300})”|«([^»\n]{4,300})»|(?<![\p{L}])'([^'\n]{4,300})'(?![\p{L}])/gu;

/**
 * foldWords and originalSyllables of one message's sentences (and the questions and clauses made
 * of them), each made once: every cue — question, tag, problem, opinion — reads every sentence, six
 * folds of each where one does. One per messageParts call, passed to the readers that use it, so
 * nothing of a message outlives its reading.
 */
class Reading {
  private readonly folds = new Map<string, string>();
  private readonly marks = new Map<string, string[]>();

  folded(s: string): string {
    return cached(this.folds, s, () => foldWords(s));
  }

  marked(s: string): string[] {
    return cached(this.marks, s, () => originalSyllables(s));
  }

  private readonly cues = new Map<string, string>();
  private readonly plain = new Map<string, string>();

  /** A sentence's words as the clause cues read them (see cueWords, CLAUSE_FORMS). */
  clauseCues(s: string): string {
    return cached(this.cues, s, () => cueWords(this, s, CLAUSE_FORMS));
  }

  /** A sentence's folded words with its rhetorical turns masked (see withoutRhetoric): read by asks and tellsProblem alike. */
  unrhetorical(s: string): string {
    return cached(this.plain, s, () => withoutRhetoric(this.folded(s), this.clauseCues(s)));
  }
}

/** Splits after sentence punctuation and at line breaks; quotes stay inside their sentence. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…;])\s+(?=[^\s"”»'])|(?<=:)\s+(?=\p{Lu})|\s*\n+\s*/u)
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}

/**
 * How a question asks ("thế nào", "ở đâu") and words any question may use ("thủ tục", "tiến hành",
 * whom it addresses: "quý Báo", "Luật sư"): not what it is about. ("thế" is also "thẻ", so it is
 * no stopword.) "Xin quý Báo cho biết tôi phải tiến hành những thủ tục gì?" names no subject.
 */
const ASKING_WORDS =
  /(?:^| )(?:nhu the nao|the nao|ra sao|o dau|bao nhieu|bao lau|may (?:ngay|thang|tuan|nam|gio|lan|buoc)|khi nao|bao gio|thu tuc|tien hanh|thuc hien|giai quyet|quy bao|quy co quan|luat su|ban bien tap|toa soan|cho biet|tu van|giai dap|huong dan|chan thanh|cam on)(?= |$)/g;

function contentCount(s: string): number {
  return syllables(syllables(s).join(' ').replace(ASKING_WORDS, ' ')).filter((t) => !STOPWORDS.has(t) && t.length > 1).length;
}

function asks(r: Reading, s: string): boolean {
  const f = r.folded(s);
  const cues = r.clauseCues(s);
  const g = r.unrhetorical(s);
  const cued = () =>
    QUESTION.test(g.replace(NOT_ASKING, ' ')) || QUESTION_TAG.test(withoutRhetoric(cueWords(r, s, TAG_FORMS), cues));
  // A question mark asks, unless it closes a rhetorical turn and nothing else asks ("Tôi có nhớ gì
  // đâu mà khai?"): asked alone that found nothing, and the writer's story, which did, was lost.
  if (s.includes('?')) return g === f || cued();
  // "Thưa Luật sư, tôi có câu hỏi muốn nhờ tư vấn như sau:" announces the question that follows.
  if (/:\s*$/.test(s)) return false;
  return cued();
}

/** Words after which "đâu" asks where ("ở đâu", "nộp đâu", "đến đâu rồi"), folded. */
const WHERE_BEFORE = new Set(
  'o tai noi cho tu den toi di ve len ra vao nop gui lay hoi lam xin nhan chay tim dung dat'.split(' '),
);
/** Who a "đâu có" opens on ("tôi đâu có biết", "họ đâu có hướng dẫn"), folded. */
const SUBJECT_BEFORE = new Set('toi em minh ho no anh chi ong ba con chau chung ta nguoi ai'.split(' '));
/** Particles that may close a clause ("… đâu ạ"), folded. */
const CLOSERS = new Set(['a', 'ca', 'nhe', 'nhi', 'ha', 'vay', 'chu']);
/** Question words a rhetorical turn uses without asking, folded. */
const RHETORIC_CUES = new Set(['gi', 'nao', 'dau', 'sao']);

/**
 * `folded` (a clause's folded words) with the question words of a rhetorical turn masked ("~"):
 * "Tôi có nhớ gì đâu mà khai" (I remember nothing to declare), "tôi làm gì có giấy khai sinh"
 * (I never had one), "tiền đâu mà nộp", "tôi có biết đâu", "họ đâu có hướng dẫn gì", "đi bao
 * nhiêu lần rồi mà…". These tell, they do not ask: read as questions, an 82-year-old's "Tôi có
 * nhớ gì đâu mà khai" under a right answer was named an ask "ngoài phạm vi" (review 10 F3,
 * review 9 #1). `cues` is the same clause read by cueWords(CLAUSE_FORMS), so "đầu", "dấu" are no
 * "đâu" when typed with marks; typed without, "gì đâu mà" still reads as the turn it nearly
 * always is. "ở đâu", "nộp đâu", "đến đâu" (WHERE_BEFORE) still ask.
 */
function withoutRhetoric(folded: string, cues: string): string {
  const w = folded.split(' ');
  const c = cues.split(' ');
  if (w.length !== c.length) return folded;
  const mask = new Set<number>();
  const maskCues = (from: number, to: number) => {
    for (let j = Math.max(0, from); j <= Math.min(w.length - 1, to); j++) if (RHETORIC_CUES.has(w[j]!)) mask.add(j);
  };
  for (let i = 0; i < w.length; i++) {
    // "làm gì có": there is no such thing ("làm gì có thể", "làm gì có được" ask what to do).
    if (w[i] === 'lam' && c[i + 1] === 'gi' && w[i + 2] === 'co' && !['the', 'duoc', 'dc', 'phai', 'nen'].includes(w[i + 3] ?? ''))
      mask.add(i + 1);
    // "bao nhiêu là thời gian", "bao nhiêu lần rồi mà vẫn…": counting, not asking.
    if (w[i] === 'bao' && w[i + 1] === 'nhieu' && (w[i + 2] === 'la' || (w[i + 2] === 'lan' && ['roi', 'ma'].includes(w[i + 3] ?? ''))))
      mask.add(i).add(i + 1);
    if (c[i] !== 'dau' || WHERE_BEFORE.has(w[i - 1] ?? '')) continue;
    const closes = w.slice(i + 1).every((x) => CLOSERS.has(x));
    const gi = c.slice(Math.max(0, i - 4), i).includes('gi');
    const co = w.slice(Math.max(0, i - 6), i).some((x, k, a) => x === 'co' && a[k + 1] !== 'the');
    if (w[i + 1] === 'ma' || gi || (closes && co)) {
      maskCues(i - 4, i);
      if (closes) for (let j = i + 1; j < w.length; j++) mask.add(j);
    } else if (w[i + 1] === 'co' && (i === 0 || SUBJECT_BEFORE.has(w[i - 1]!))) {
      // "tôi đâu có biết gì", "họ đâu có hướng dẫn gì": nobody did. The words it runs on too:
      // "hướng dẫn", "giúp" are cues of a request.
      for (let j = i; j <= Math.min(w.length - 1, i + 5); j++) mask.add(j);
    }
  }
  return mask.size === 0 ? folded : w.map((x, i) => (mask.has(i) ? '~' : x)).join(' ');
}

/**
 * A question answered by yes or no ("có phải … không", "… được không", "… chưa?"), folded: where
 * one is asked, an entry's bare "Có."/"Không." opening answers it (src/answer/format.ts).
 */
const YES_NO =
  /(?:^| )(?:co phai|phai khong|phai ko|duoc khong|duoc ko|co duoc|hay khong|hay chua|co can|can khong|co bi|dung khong|co dung|co (?:[a-z]+ ){1,8}(?:khong|ko|chua))(?= |$)|(?:^| )(?:khong|ko|k|chua|hong|hem)(?: (?:a|vay|nhi|ha|day))?$/;

export function asksYesNo(question: string): boolean {
  return YES_NO.test(foldWords(question));
}

/**
 * "trường hợp này", "tình huống như vậy", and opening a question with "trường hợp (của) em/tôi":
 * the question is about what was just told. Read alone, "Trường hợp của tôi không biết có được
 * làm căn cước công dân không" (lf3-019) lost the foreign-born writer's story and found the
 * child's card; "Trường hợp em thì phải làm giấy tờ như thế nào ạ?" (l6-022) lost "quay về Việt
 * Nam định cư" and found khai tử first.
 */
const REFERS_BACK =
  /(?:^| )(?:(?:truong hop|tinh huong|hoan canh|viec|chuyen|van de|su viec) (?:nay|nhu vay|nhu the|tren)|nhu vay thi|vay thi)(?= |$)|^(?:vay |the |con )?(?:truong hop|hoan canh) (?:cua )?(?:em|toi|minh|chau|con|nha em|nha toi|gia dinh (?:em|toi|minh))(?= |$)/;

/**
 * "Nếu có thì chế độ trợ cấp cho cháu như thế nào?": a question on the condition that the one
 * before is answered yes (or no) asks about that one's subject. Read alone it found another entry
 * and became a part of its own (l6-017: a disabled daughter's allowance got a second part on
 * funeral support).
 */
const IF_SO =
  /^(?:va |con )?neu (?:co|duoc|khong|khong duoc|khong phai|chua|vay|dung|dung vay|nhu vay|phai|that|that vay) thi(?= |$)/;

function refersBack(r: Reading, s: string): boolean {
  const f = r.folded(s);
  return REFERS_BACK.test(f) || IF_SO.test(f);
}

/**
 * A sentence tells a problem by its cues, or by a rhetorical turn (see withoutRhetoric): "tôi làm
 * gì có giấy khai sinh" says the writer has none, as "không có" would; read as background only,
 * the 82-year-old's story lost its "giấy khai sinh" and found the wrong-data fact.
 */
function tellsProblem(r: Reading, s: string): boolean {
  const f = r.folded(s);
  return PROBLEM.test(f) || r.unrhetorical(s) !== f;
}

function strongProblem(r: Reading, s: string): boolean {
  return STRONG_PROBLEM.test(r.folded(s));
}

/**
 * Question tags that fold like common words, with the forms a tag takes: "hả", not "bà Hà"
 * (lt5-016: a story read as a question). (The same reading for problem cues — "lỗi", not "trả
 * lời"; "kẹt", not "kết quả" — was measured and not kept: dev in scope 138 -> 131.)
 */
const TAG_FORMS = cueForms({
  ha: 'hả há ha',
  a: 'à ạ á a',
  nhi: 'nhỉ nhi',
  vay: 'vậy vầy',
  hong: 'hông hổng hong',
  chua: 'chưa chửa',
});

function cueForms(forms: Record<string, string>): ReadonlyMap<string, ReadonlySet<string>> {
  return new Map(Object.entries(forms).map(([f, list]) => [f, new Set(list.split(' '))]));
}

/**
 * foldWords(s), but a syllable typed with marks in another form than its cue's (`forms`) is not
 * that cue: it is left out. Typed without marks, it still is (nothing tells them apart).
 */
function cueWords(r: Reading, s: string, forms: ReadonlyMap<string, ReadonlySet<string>>): string {
  const words = r.folded(s).split(' ');
  const marked = r.marked(s);
  // Letters outside Vietnamese can split differently: then read it folded, as before.
  if (marked.length !== words.length) return words.join(' ');
  return words
    .map((f, i) => {
      const want = forms.get(f);
      const o = marked[i]!;
      return want && stripDiacritics(o) !== o && !want.has(o) ? '~' : f;
    })
    .join(' ');
}

/**
 * The clause "dù", "mặc dù", "tuy", "dẫu" open is what the writer concedes; the opinion is in the
 * other one. "Tôi cảm thấy khá thoải mái dù phải mất thời gian để nhập thông tin" (portal-020)
 * praises: it was read as a complaint ("mất thời gian") and answered "Rất tiếc vì bạn gặp phiền
 * hà". "Tuy … nhưng …": the clause after "nhưng" is kept. Read on the marked words ("dù", not
 * "dữ liệu"), which a message typed without marks has restored.
 */
const CONCEDED = /(?<![\p{L}])(?:mặc dù|dù|tuy rằng|tuy|dẫu rằng|dẫu)(?![\p{L}])[^,;.!?]*?(?=\s+nhưng(?![\p{L}])|[,;.!?]|$)/giu;
function unconceded(s: string): string {
  return s.replace(CONCEDED, ' ');
}

/**
 * A complaint told in a sentence of its own counts even beside a (often rhetorical) question
 * ("… thì chứng thực còn ý nghĩa gì nữa"); praise only in a message that asks nothing, since
 * "có thuận tiện không?" asks rather than praises.
 */
function opinionOf(r: Reading, all: readonly string[], questions: readonly string[]): MessageParts['opinion'] {
  const said = all.filter((s) => !questions.includes(s)).map(unconceded);
  const told = said.map((x) => r.folded(x));
  if (told.some((s) => COMPLAINT.test(s)) || said.some((s) => typedCue(r, s, CONTENT_COMPLAINT))) return 'complaint';
  if (questions.length === 0 && told.some((s) => PRAISE.test(s))) return 'praise';
  return null;
}

/**
 * Where one sentence may go on to another question: a comma or ';', and the chat words that add one
 * ("với lại", "ngoài ra", "thêm nữa", "cho hỏi thêm"). Review 7: "sổ hộ khẩu giấy còn giá trị ko,
 * xác nhận cư trú lấy ở đâu" and "làm hộ chiếu online mất bao lâu, lệ phí bao nhiêu" were read as one
 * question, and only one of its two asks was answered. ("còn" is no break: "còn giá trị" asks on.)
 */
const CLAUSE_BREAK =
  /\s*[,;]\s+|\s+(?=(?:với lại|voi lai|vs lại|vs lai|ngoài ra|ngoai ra|thêm nữa|them nua|cho (?:em |tôi |toi |mình |minh )?hỏi thêm|cho (?:em |toi |minh )?hoi them)\s)/iu;

/**
 * Within a sentence, what makes a clause a question of its own: a question word, or a closing tag
 * ("… còn giá trị ko", "… được không ạ"), folded. Not the cues that only ask to be told ("xin hỏi",
 * "cho biết", "hướng dẫn": "Xin hỏi, trong trường hợp này …" is one question), not "có phải",
 * "có cần" without their closing "không" (it may come after the comma: "có bắt buộc … tại Điểm k,
 * Khoản 2 … không?"; a bare "k" closes only after "được", "có": "Điểm k" is a letter), and not
 * "không biết … gì", "chẳng ham hố gì", which tell rather than ask.
 */
const CLAUSE_ASKS = new RegExp(
  `(?:^| )(?:tai sao|vi sao|sao|the nao|nhu nao|ntn|lam sao|o dau|dau|cho nao|noi nao|bao nhieu|bao lau|bao gio|khi nao|luc nao|gi|nao|ra sao|may (?:ngay|thang|tuan|nam|gio|lan|buoc))(?= |$)|(?:^| )(?:(?:duoc|dc|co|phai|chua|roi) k|khong|ko|kg|khg|chua|hong|hem)(?: (?:a|vay|nhi|ha|day|ad))?$|(?:^| )co (?:phai|can|duoc|dc|bi|mat)(?: [a-z0-9]+){1,8} (?:khong|ko) hay(?= |$)|` +
    PLACE_CHOICE,
);
/**
 * A clause asking what kind of answer it wants and nothing else ("bao lâu thì có", "mất mấy
 * ngày"): an ask of its own about the subject before it, though it has no content word (folded).
 * Review 9 #5: "làm hộ chiếu online ntn, bao lâu thì có, giá bao nhiêu tiền" ran the time clause
 * into the price one, and the price went unanswered.
 */
const KIND_ASKS =
  /(?:^| )(?:bao lau|bao nhieu|o dau|may (?:ngay|thang|tuan|nam|gio|lan|buoc)|bao gio|khi nao|can gi|can nhung gi)(?= |$)/;
const CLAUSE_NOT_ASKING =
  /(?:^| )(?:khong|chua|chang) (?:biet|hieu|ro)(?: [a-z0-9]+){0,5} (?:gi|nao|the nao|ra sao|o dau)(?= |$)|(?:^| )(?:chang|cha|khong)(?: [a-z0-9]+){1,3} gi(?= |$)/g;
/** A clause opening on these goes on with the one before: "… tại Đại sứ quán không, hay phải về nước?". */
const CLAUSE_GOES_ON = /^(?:hay|hoac|hay la|hoac la|ma|nhung|de|thi)(?= |$)/;

/** The cues of CLAUSE_ASKS that fold like content words, in the forms that ask: "đâu", not "đầu". */
const CLAUSE_FORMS = cueForms({
  dau: 'đâu',
  gi: 'gì',
  nao: 'nào',
  sao: 'sao',
  khong: 'không',
  chua: 'chưa',
  hong: 'hông hổng',
  ha: 'hả há',
  a: 'à ạ á',
  nhi: 'nhỉ',
  vay: 'vậy vầy',
});

function clauseAsks(r: Reading, clause: string): boolean {
  const cues = cueWords(r, clause, CLAUSE_FORMS);
  const f = withoutRhetoric(cues, cues).replace(CLAUSE_NOT_ASKING, ' ').trim();
  return !CLAUSE_GOES_ON.test(f) && CLAUSE_ASKS.test(f) && (contentCount(clause) > 0 || KIND_ASKS.test(f));
}

/**
 * Words that say what kind of answer a clause wants, not what about: "lệ phí bao nhiêu", "cần giấy
 * tờ gì", "mất bao lâu", "bao lâu thì có kết quả" name no subject of their own (folded). Nor does
 * the way of filing: "làm online được không" read alone found the "online is harder" card
 * (citizen review 8: "đăng ký kết hôn cần gì, làm online dc ko, có mất phí ko"). Nor what to bring:
 * "…làm định danh mức hai phải ra đâu, mang theo những giấy tờ gì" read "mang theo" as a subject,
 * and its ask alone found the căn cước papers card.
 */
const WANTS =
  /(?:^| )(?:giay to|ho so|thu tuc|le phi|chi phi|phi|tien|thoi gian|ket qua|can|mat|het|ton|nop|lam|dong|tra|cach|duoc|dc|nhan|lay|giay|o dau|bao lau|bao nhieu|may (?:ngay|thang|tuan|nam|gio|lan|buoc)|khi nao|bao gio|the nao|nhu the nao|ra sao|nhung|gom|cac|online|truc tuyen|qua mang|tren mang|qua dien thoai|mang theo|mang|chuan bi)(?= |$)/g;

/** Does a clause name a subject of its own (two content words besides what kind of answer it wants)? */
function namesSubject(r: Reading, clause: string): boolean {
  return contentCount(r.folded(clause).replace(WANTS, ' ')) >= 2;
}

/**
 * A clause or sentence that asks on its own: it names a subject of its own (see namesSubject) and
 * does not ask about what was told before it ("Và tôi có thể làm lại thẻ đó không?").
 */
function standsAlone(r: Reading, ask: string): boolean {
  return (
    namesSubject(r, ask) && !refersBack(r, ask) && !POINTS_BACK.test(ask) && !(PLEA.test(r.folded(ask)) && !ask.includes('?'))
  );
}

/** "Mong luật sư trả lời giúp em, em cảm ơn.": asks to be answered, not a question of its own (folded). */
const PLEA =
  /(?:^| )(?:mong|kinh mong|rat mong|xin|nho|hy vong|hi vong)(?: [a-z]+){0,6} (?:tra loi|giai dap|tu van|giup|huong dan|chi giup)(?= |$)|(?:^| )cam on(?= |$)/;

/** "thẻ đó", "việc ấy", "giấy này": the thing was named before (typed with marks; unmarked "do" is also "because"). */
const POINTS_BACK = /(?<![\p{L}])(?:đó|ấy|này)(?![\p{L}])/iu;

/** Where a clause's question words start ("làm hộ chiếu online | mất bao lâu"), folded. */
const ASK_WORD =
  /(?:^| )(?:(?:mat|het|ton|la|thi|co|can|mang|theo|nhung|giay to|ho so|giay) )*(?:tai sao|vi sao|sao|the nao|nhu the nao|nhu nao|ntn|lam sao|o dau|dau|cho nao|noi nao|bao nhieu|bao lau|bao gio|khi nao|luc nao|gi|nao|ra sao|may (?:ngay|thang|tuan|nam|gio|lan|buoc))(?= |$)/;

/**
 * What a clause is about: its words before its question words ("vneid mức 2" of "vneid mức 2 là
 * gì"), the whole clause when it opens with them or asks by a closing tag only.
 */
function subjectOf(r: Reading, clause: string): string {
  const words = clause.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  const f = words.map((x) => r.folded(x));
  if (f.some((w) => w.includes(' ') || w === '')) return clause;
  const m = ASK_WORD.exec(f.join(' '));
  // Asked by a closing tag only ("xin lý lịch tư pháp online được không"): the clause without it.
  let n = m ? f.join(' ').slice(0, m.index).trim().split(' ').filter(Boolean).length : f.length;
  while (n > 0 && CLOSING.has(f[n - 1]!)) n--;
  return n > 0
    ? words
        .slice(0, n)
        .join(' ')
        .replace(/[,;:?]$/, '')
    : clause;
}

/** Folded words a yes/no question closes on: "… được không ạ", "… có phải không". */
const CLOSING = new Set([
  'khong',
  'ko',
  'k',
  'kg',
  'khg',
  'chua',
  'hong',
  'hem',
  'a',
  'vay',
  'nhi',
  'ha',
  'duoc',
  'dc',
  'co',
  'phai',
  'hay',
]);

/**
 * The separate things a question sentence `own` asks (`context`: the sentence before, where the
 * question borrowed it). A clause asks on its own when it has a question word or its closing tag
 * and a word of content (see CLAUSE_ASKS); a clause that does not ("con tôi 15 tuổi,") is context,
 * kept with the ask after it (at the end, the one before). A clause that names no subject ("lệ
 * phí bao nhiêu", "cần giấy tờ gì") carries the subject of the first ask ("làm hộ chiếu online"),
 * not its question words: read with "mất bao lâu" it found the processing time again.
 */
function asksOf(r: Reading, own: string, context: string): { asks: string[]; alone: boolean[] } {
  const whole = context ? `${context} ${own}` : own;
  const one = { asks: [whole], alone: [!context && standsAlone(r, own)] };
  const clauses = own.split(CLAUSE_BREAK).filter((c) => /[\p{L}\p{N}]/u.test(c));
  if (clauses.length < 2) return one;
  const alone = clauses.map((c) => clauseAsks(r, c));
  if (alone.filter(Boolean).length < 2) return one;
  const out: string[] = [];
  const outAlone: boolean[] = [];
  let before: string[] = [];
  let subject = '';
  clauses.forEach((c, i) => {
    if (!alone[i]) {
      if (out.length > 0 && !alone.slice(i + 1).some(Boolean)) out[out.length - 1] += `, ${c}`;
      else before.push(c);
      return;
    }
    const ask = [...before, c].join(', ');
    before = [];
    if (out.length === 0) {
      subject = subjectOf(r, ask);
      out.push(context ? `${context} ${ask}` : ask);
      outAlone.push(!context && standsAlone(r, ask));
    } else if (namesSubject(r, ask) && !IF_SO.test(r.folded(ask))) {
      out.push(ask);
      outAlone.push(standsAlone(r, ask));
    } else {
      // "…, nếu được thì cần hồ sơ gì": asks on the answer to the clause before, so about its subject.
      out.push(`${subject} ${ask}`);
      outAlone.push(false);
    }
  });
  return { asks: out, alone: outAlone };
}

/**
 * A list marker opening an item: "1)", "2.", "1/", "a)", at the start, after a space or after
 * ":", ";", ",", and followed by a word ("1/2/2025" is a date). Only a run of them counted from
 * the first ("1) … 2) …", "a) b)") makes a list: "Điều 2. …" alone, "khoản 3." or "hạng B."
 * after a word are none.
 */
const LIST_MARK = /(?:^|(?<=[\s:;,]))(\d{1,2}|[a-eA-E])(?:[.)]\s+(?=[\p{L}\p{N}])|\/\s*(?=\p{L}))/gu;

/**
 * A message written as a numbered list ("Cho em hỏi: 1) … 2) mất bao lâu 3) …"): what comes before
 * the list and its items, each an ask of its own; undefined when it is no list. Review 9 #5: three
 * numbered asks were read as one sentence and two of them were never answered.
 */
export function listItems(text: string): { head: string; items: string[] } | undefined {
  const marks = [...text.matchAll(LIST_MARK)];
  const run: RegExpMatchArray[] = [];
  for (const m of marks) {
    const key = m[1]!.toLowerCase();
    const want = run.length === 0 ? null : nextMark(run[run.length - 1]![1]!.toLowerCase());
    if (want === null ? key === '1' || key === 'a' : key === want) run.push(m);
  }
  if (run.length < 2) return undefined;
  const items = run.map((m, i) => {
    const end = i + 1 < run.length ? run[i + 1]!.index! : text.length;
    return text
      .slice(m.index! + m[0].length, end)
      .trim()
      .replace(/[,;]$/, '')
      .trim();
  });
  if (items.some((x) => !/[\p{L}]/u.test(x))) return undefined;
  return { head: text.slice(0, run[0]!.index!).trim(), items };
}

function nextMark(mark: string): string {
  return /\d/.test(mark) ? String(Number(mark) + 1) : String.fromCharCode(mark.charCodeAt(0) + 1);
}

export function messageParts(text: string): MessageParts {
  const r = new Reading();
  const list = listItems(text);
  // A list's items are sentences of their own, however they are punctuated; the first item's
  // subject is carried by an item that names none ("2) mất bao lâu").
  const all = list ? [...sentences(list.head), ...list.items] : sentences(text);
  const firstItem = list ? all.length - list.items.length : -1;
  // An error text runs to three syllables or more; "lên mạng", “thời 4.0” are scare quotes.
  const quotes = [...text.matchAll(QUOTE)]
    .map((m) => (m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').trim())
    .filter((q) => syllables(q).filter((t) => /[a-z]/.test(t)).length >= 3);
  const questions: string[] = [];
  const problems: string[] = [];
  const separate: string[] = [];
  const alone: boolean[] = [];
  const keep = new Set<number>();
  let asked = -1;
  /** The sentence a question borrowed its subject from, by the question's index. */
  const borrowed = new Map<number, string>();
  const listAsks = list !== undefined && (list.items.some((x) => asks(r, x)) || asks(r, list.head) || /:$/.test(list.head));
  let listSubject = '';
  all.forEach((s, i) => {
    if (list && i >= firstItem && (listAsks || asks(r, s))) {
      // An item naming no subject ("mất bao lâu") asks about the list's subject: the first item's,
      // or the words before the list ("Làm hộ chiếu: 1) ở đâu 2) bao lâu").
      const own = namesSubject(r, s);
      const context = own ? '' : listSubject || (firstItem > 0 ? all[firstItem - 1]!.replace(/[:.;,\s]+$/, '') : '');
      if (i === firstItem) listSubject = [context, subjectOf(r, s)].filter(Boolean).join(' ');
      const q = context ? `${context} ${s}` : s;
      asked = i;
      questions.push(q);
      const split = asksOf(r, s, context);
      separate.push(...split.asks);
      alone.push(...split.alone);
      keep.add(i);
      return;
    }
    // The words before a list introduce its items ("Cho em hỏi về hộ chiếu:"): context, not an ask.
    if (list && i < firstItem && listAsks) {
      keep.add(i);
      return;
    }
    if (asks(r, s)) {
      // "Tôi muốn làm khai sinh cho con. Làm ở đâu?": the question borrows its subject.
      // "Trong trường hợp này tôi phải làm gì?": the case is the sentence before.
      const borrows = i > 0 && (contentCount(s) < 3 || refersBack(r, s));
      // "Thủ tục khai tử thế nào ạ? Mong được Luật sư giải đáp.": a plea after a question asks
      // nothing of its own; borrowing that question it asked it twice.
      if (borrows && asked === i - 1 && !s.includes('?')) return;
      // "… có mất tiền không? Phí là bao nhiêu? Mấy ngày thì lấy được giấy?": the sentence before
      // borrowed its subject too, so this one borrows the same (read with "Phí là bao nhiêu?" alone
      // the time ask found the residence fees).
      const context = !borrows ? '' : (asked === i - 1 && !namesSubject(r, all[i - 1]!) && borrowed.get(i - 1)) || all[i - 1]!;
      const q = context ? `${context} ${s}` : s;
      if (context) borrowed.set(i, context);
      asked = i;
      questions.push(q);
      const split = asksOf(r, s, context);
      separate.push(...split.asks);
      alone.push(...split.alone);
      keep.add(i);
      if (q !== s) keep.add(i - 1);
    } else if (tellsProblem(r, s)) {
      problems.push(s);
      keep.add(i);
    }
  });
  if (text.length <= SHORT_MESSAGE || keep.size === 0 || keep.size === all.length) {
    return {
      ...wantsRead(r, questions, text, ''),
      sentences: all,
      questions,
      asks: separate,
      alone,
      problems,
      quotes,
      trouble: all.some((x) => strongProblem(r, x)),
      opinion: opinionOf(r, all, questions),
    };
  }
  // Questions first, then quoted texts, then problem sentences, up to SALIENT_CHARS: a letter of
  // 1000 characters still asks in a sentence or two, and retrieval time grows with the words.
  const salientParts: string[] = [];
  let used = 0;
  const add = (whole: string) => {
    // A question that borrowed the sentence before adds only its own words when that is in already.
    const before = salientParts.find((p) => whole.startsWith(`${p} `));
    const x = before ? whole.slice(before.length + 1) : whole;
    if (used > 0 && used + x.length > SALIENT_CHARS) return;
    if (salientParts.some((p) => p.includes(x))) return;
    salientParts.push(x);
    used += x.length + 1;
  };
  for (const q of questions) add(q);
  for (const q of quotes) add(q);
  for (const p of problems.filter((x) => strongProblem(r, x))) add(p);
  for (const p of problems) add(p);
  return {
    sentences: all,
    questions,
    asks: separate,
    alone,
    problems,
    quotes,
    trouble: all.some((x) => strongProblem(r, x)),
    opinion: opinionOf(r, all, questions),
    ...wantsRead(
      r,
      questions,
      salientParts.join(' '),
      all
        .filter((_, i) => !keep.has(i))
        .join(' ')
        .slice(0, BACKGROUND_CHARS),
    ),
  };
}

/**
 * A question sentence this long (words) tells its story before saying what the writer wants.
 * Shorter ones ("Tôi muốn đổi bằng lái thì làm ở đâu?") are read whole anyway.
 */
const WANT_MIN_WORDS = 30;
const WANT_SUBJECTS = new Set(['toi', 'minh', 'em', 'con', 'chau', 'anh', 'chi']);

/**
 * `salient` and `background` with each long question sentence's story moved to the background:
 * what the writer "muốn" (wants) is their need, the words before it how they came to it. lt4-027,
 * one 330-character sentence: "Mình chuyển hộ khẩu lên … để làm giấy đăng ký kết hôn với người
 * nước ngoài … nên bây giờ mình muốn chuyển lại hộ khẩu về lại Tây ninh vậy mình phải cần những thủ
 * tục và giấy tờ như thế nào?" got the marriage card. The last "muốn" of the sentence's own last
 * part (not of one it borrowed), typed with its mark ("muộn", late, folds alike), not "không muốn".
 */
function wantsRead(r: Reading, questions: readonly string[], salient: string, background: string): { salient: string; background: string } {
  const told: string[] = [];
  for (const whole of questions) {
    const own = sentences(whole).at(-1) ?? whole;
    const words = own.split(/\s+/);
    if (words.length < WANT_MIN_WORDS) continue;
    let at = -1;
    for (let i = 6; i < words.length - 3; i++)
      if (words[i]!.toLowerCase() === 'muốn' && r.folded(words[i - 1]!) !== 'khong') at = i;
    if (at < 0) continue;
    const start = WANT_SUBJECTS.has(r.folded(words[at - 1]!)) ? at - 1 : at;
    const story = words.slice(0, start).join(' ');
    if (!salient.includes(story)) continue;
    salient = salient.replace(story, '').replace(/\s+/g, ' ').trim();
    told.push(story);
  }
  return told.length === 0 ? { salient, background } : { salient, background: [background, ...told].filter(Boolean).join(' ') };
}
