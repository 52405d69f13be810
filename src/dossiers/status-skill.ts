import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { Composer, needsDatabase, type Step } from '../core/composer.ts';
import { NATIONAL_HOTLINE as HOTLINE } from '../core/messages.ts';
import type { Skill, TurnContext } from '../core/skill.ts';
import type { IncomingMessage, Reply } from '../core/types.ts';
import { redactText } from '../log.ts';
import { sql } from 'kysely';
import type { Database, Db } from '../store/db.ts';
import { vnDayNumber, vnTime } from '../time/vietnam.ts';
import { codeVariants, findDossierCode } from './code.ts';

/**
 * "Tra cứu hồ sơ": a citizen sends a dossier code and gets that one dossier's status from the
 * imported dossiers — received, being processed, done on time or late, overdue — with its dates,
 * the reason recorded when late, and where to ask. Nothing else of the dossier is shown (no
 * procedure, channel or payment; dossiers carry no names, and the recorded reason is masked of
 * phone and ID numbers). Anyone can ask, in any chat; lookups per user are limited so codes,
 * which follow a guessable pattern, cannot be enumerated.
 */

export const NATIONAL_LOOKUP_URL = 'https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html';
const GUIDE_BUTTON = { label: 'Cách tra cứu trên Cổng DVC', data: 'guide:track-dossier-status' };

/** A budget of lookups: `points` per `seconds`. */
export interface LookupLimit {
  points: number;
  seconds: number;
}

/** Enough for a volunteer helping a family, far too few to walk a day's numbering (up to 9999 a day per office). */
export const DEFAULT_LIMITS: LookupLimit[] = [
  { points: 10, seconds: 10 * 60 },
  { points: 50, seconds: 24 * 3600 },
];

export interface DossierStatusOptions {
  /**
   * The budgets every lookup takes a point from (default: in this process, DEFAULT_LIMITS). Pass
   * limiters backed by PostgreSQL to share them between replicas.
   */
  limiters?: RateLimiterAbstract[];
}

interface Row {
  code: string;
  unit: string;
  contact: string | null;
  received: number;
  due: number;
  completed: number | null;
  reason: string | null;
  imported: number;
}

/** An instant column as epoch milliseconds (a float8: a number on both backends). */
const epochMs = (column: 'd.ngay_tiep_nhan' | 'd.han_xu_ly' | 'd.ngay_hoan_thanh' | 'd.imported_at') =>
  sql<number>`(extract(epoch FROM ${sql.ref(column)}) * 1000)::float8`;

/** The dossier under any of the code's spellings, the one typed exactly first. */
async function lookup(db: Db, variants: string[], code: string): Promise<Row | undefined> {
  return db
    .selectFrom('dossiers as d')
    .innerJoin('units as u', 'u.code', 'd.ma_don_vi')
    .select((eb) => [
      'd.ma_ho_so as code',
      'u.name as unit',
      // The one-stop desk of the unit or of its nearest ancestor that has one.
      eb
        .selectFrom('units as a')
        .select('a.contact')
        .where('a.contact', 'is not', null)
        .where(sql<boolean>`starts_with(u.path, a.path)`)
        .orderBy(sql`length(a.path)`, 'desc')
        .limit(1)
        .as('contact'),
      epochMs('d.ngay_tiep_nhan').as('received'),
      epochMs('d.han_xu_ly').as('due'),
      epochMs('d.ngay_hoan_thanh').$castTo<number | null>().as('completed'),
      'd.ly_do_tre_han as reason',
      epochMs('d.imported_at').as('imported'),
    ])
    .where(sql<boolean>`d.ma_ho_so = ANY(${variants}::text[])`)
    .orderBy(sql`d.ma_ho_so = ${code}`, 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** dd/mm/yyyy, with HH:mm unless the time is the start or the very end of the day (a date-only deadline). */
export function vnDateTime(ms: number): string {
  const t = vnTime(ms);
  const date = t.toFormat('dd/MM/yyyy');
  if ((t.hour === 0 && t.minute === 0) || (t.hour === 23 && t.minute === 59)) return date;
  return `${t.toFormat('HH:mm')} ${date}`;
}

function waitText(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 90) return `${minutes} phút`;
  return `${Math.ceil(minutes / 60)} giờ`;
}

function statusLines(r: Row, now: number): { status: string; late: boolean } {
  if (r.completed !== null) {
    if (r.completed <= r.due) {
      const early = vnDayNumber(r.completed) < vnDayNumber(r.due);
      return { status: `Đã hoàn thành, đúng hạn${early ? ' (trước hạn)' : ''}`, late: false };
    }
    const days = vnDayNumber(r.completed) - vnDayNumber(r.due);
    return { status: `Đã hoàn thành, trễ hạn${days > 0 ? ` ${days} ngày` : ''}`, late: true };
  }
  if (r.due < now) {
    const days = vnDayNumber(now) - vnDayNumber(r.due);
    return {
      status: `Đang xử lý, đã quá hạn trả kết quả${days > 0 ? ` ${days} ngày` : ''} (chưa có kết quả)`,
      late: true,
    };
  }
  const left = vnDayNumber(r.due) - vnDayNumber(now);
  return {
    status: `Đã tiếp nhận, đang xử lý — chưa đến hạn trả kết quả (${left === 0 ? 'hạn là hôm nay' : `còn ${left} ngày`})`,
    late: false,
  };
}

export function formatStatus(r: Row, now: number): string {
  const { status, late } = statusLines(r, now);
  const lines = [
    `Hồ sơ ${r.code}`,
    `Tình trạng: ${status}.`,
    `• Cơ quan giải quyết: ${r.unit}`,
    `• Ngày tiếp nhận: ${vnDateTime(r.received)}`,
    `• Hạn trả kết quả: ${vnDateTime(r.due)}`,
  ];
  if (r.completed !== null) lines.push(`• Ngày hoàn thành: ${vnDateTime(r.completed)}`);
  if (late) {
    lines.push(
      r.reason
        ? `• Lý do trễ hạn cơ quan ghi nhận: ${redactText(r.reason)}`
        : '• Cơ quan chưa ghi nhận lý do trễ hạn trong dữ liệu.',
    );
  }
  lines.push('');
  lines.push(
    `Theo dữ liệu của tỉnh cập nhật lúc ${vnDateTime(r.imported)}; tình trạng mới nhất có thể đã thay đổi sau thời điểm này.`,
  );
  const ask = late ? 'Để hỏi khi nào có kết quả hoặc phản ánh việc trễ hạn' : 'Cần hỏi thêm về hồ sơ';
  lines.push(
    r.contact
      ? `${ask}, liên hệ: ${r.contact}; hoặc ${HOTLINE}.`
      : `${ask}, liên hệ bộ phận một cửa của ${r.unit}, hoặc ${HOTLINE}.`,
  );
  return lines.join('\n');
}

export function unknownCode(code: string): string {
  return [
    `Mã hồ sơ ${code} chưa có trong dữ liệu của tỉnh mà Trợ lý DVC đang có (dữ liệu do các cơ quan cập nhật định kỳ; hồ sơ vừa nộp hoặc nộp ở tỉnh khác có thể chưa có).`,
    '',
    `Bạn tra cứu trên Cổng Dịch vụ công quốc gia: ${NATIONAL_LOOKUP_URL} (mục “Tra cứu hồ sơ”, nhập mã hồ sơ), hoặc trên cổng dịch vụ công của tỉnh nơi đã nộp.`,
    'Hãy kiểm tra lại từng ký tự của mã (chữ O và số 0, không thừa dấu cách).',
    `Hỗ trợ: ${HOTLINE}.`,
  ].join('\n');
}

export function limitedReply(waitMs: number): string {
  return (
    `Bạn đã tra cứu nhiều mã hồ sơ trong thời gian ngắn. Để bảo vệ thông tin hồ sơ của người dân, mỗi tài khoản chỉ tra cứu được một số lần nhất định. ` +
    `Vui lòng thử lại sau khoảng ${waitText(waitMs)}, hoặc tra cứu trên Cổng Dịch vụ công quốc gia: ${NATIONAL_LOOKUP_URL}`
  );
}

/** The code the trigger found is the match; called on its own, the skill looks for one in the text. */
export function createDossierStatusSkill(db: Db, opts: DossierStatusOptions = {}): Skill & Step<string | null> {
  const limiters =
    opts.limiters ??
    DEFAULT_LIMITS.map(
      (l, i) => new RateLimiterMemory({ keyPrefix: `dossier_lookup_${i}`, points: l.points, duration: l.seconds }),
    );

  /** Takes a point from every budget; the longest wait if any is spent. */
  async function take(key: string): Promise<number | null> {
    let wait: number | null = null;
    for (const limiter of limiters) {
      try {
        await limiter.consume(key);
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        wait = Math.max(wait ?? 0, err.msBeforeNext);
      }
    }
    return wait;
  }

  return {
    async handle(message: IncomingMessage, ctx: TurnContext, found?: string | null): Promise<Reply> {
      const code = found ?? findDossierCode(message.text);
      if (!code) {
        return {
          intent: 'clarify',
          text: 'Bạn gửi giúp mã hồ sơ cần tra cứu, ví dụ: tra cứu hồ sơ 000.00.12.H26-250908-0112',
          buttons: [[GUIDE_BUTTON]],
        };
      }
      const wait = await take(`${message.channel}:${message.userId}`);
      if (wait !== null) {
        ctx.log.warn({ user: message.userId }, 'dossier lookups limited');
        return { intent: 'dossier_status', text: limitedReply(wait) };
      }
      const variants = codeVariants(code);
      const row = await lookup(db, variants, code);
      if (!row) return { intent: 'dossier_status', text: unknownCode(code), buttons: [[GUIDE_BUTTON]] };
      return { intent: 'dossier_status', text: formatStatus(row, ctx.now.getTime()) };
    },
  };
}

export interface DossierStatusDeps extends DossierStatusOptions {
  db: Database;
}

/** A message holding a dossier code (the match), from anyone in any chat; it needs the database. */
export const dossierStatusRoutes = (skill: Step<string>): Composer =>
  new Composer().text((t) => findDossierCode(t.message.text), needsDatabase, skill);

export const dossierStatus = (deps: DossierStatusDeps): Composer => dossierStatusRoutes(createDossierStatusSkill(deps.db.kysely, deps));
