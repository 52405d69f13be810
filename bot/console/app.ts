import type { HttpBindings } from '@hono/node-server';
import { type Session, type Storage, useSession, useSessionStorage } from '@hono/session';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { html } from 'hono/html';
import { TrieRouter } from 'hono/router/trie-router';
import { secureHeaders } from 'hono/secure-headers';
import { type AdminIdentity, canSee, identityOf, reachesUnit, signIn } from '../../src/admin/accounts.ts';
import { guideUsage, RARELY, searchGuides } from '../../src/admin/guide-usage.ts';
import { loadInbox } from '../../src/admin/inbox.ts';
import { type AdminSessionData, pruneSessions, SESSION_ABSOLUTE_MS, sessionSecret, sessionStorage } from '../../src/admin/sessions.ts';
import type { Config } from '../../src/config.ts';
import type { Core } from '../../src/core/types.ts';
import { answerMetrics, type AnswerContext } from '../../src/indicators/answer.ts';
import { answerChart, CHARTABLE } from '../../src/indicators/chart-answer.ts';
import { METRICS, type Metric } from '../../src/indicators/metrics.ts';
import { parsePeriod } from '../../src/indicators/periods.ts';
import { loadTargets, type Target } from '../../src/indicators/targets.ts';
import { loadUnits, type UnitRow, unitByCode } from '../../src/indicators/units.ts';
import type { Logger } from '../../src/log.ts';
import { listOfficers, revokeOfficer } from '../../src/officers/admin.ts';
import { vnDateTime } from '../../src/officers/enroll-skill.ts';
import { createInvite, OfficerAdminError } from '../../src/officers/invites.ts';
import type { Guide } from '../../src/retrieval/guides.ts';
import type { Db } from '../../src/store/db.ts';
import { page, type Section } from './layout.ts';
import { figuresBody, guideBody, guidesBody, inboxBody, loginBody, officersBody, PERIODS, previewBody } from './pages.ts';
import type { CuratedService } from '../../src/curated/service.ts';
import type { SupportService } from '../../src/support/service.ts';

export interface ConsoleDeps {
  db: Db;
  /** The bot's own core: previews are answered by it, exactly as a citizen would be. */
  core: Core;
  config: Config;
  log: Logger;
  guides: () => Guide[];
  support: Pick<SupportService, 'list' | 'counts' | 'answer' | 'close'>;
  curated: Pick<CuratedService, 'list' | 'addExample' | 'addAnswer' | 'markOutOfScope' | 'remove'>;
  /** ADMIN_SESSION_SECRET; without it a key is kept in the database. */
  sessionSecret?: string | undefined;
  now?: () => Date;
}

type ConsoleEnv = {
  Bindings: HttpBindings & { AUTH_SECRET?: string };
  Variables: {
    session: Session<AdminSessionData>;
    sessionStorage?: Storage<AdminSessionData>;
    who: AdminIdentity;
    flash?: { text: string; error?: boolean };
  };
};
type C = Context<ConsoleEnv>;

const FIGURE_METRICS: Metric[] = ['online_rate', 'online_payment_rate', 'on_time_rate', 'digitized_rate', 'e_result_rate', 'received', 'completed', 'overdue_open'];

const DONE: Record<string, string> = {
  example: 'Đã thêm ví dụ: từ giờ câu hỏi này tìm đến hướng dẫn đã chọn.',
  answer: 'Đã lưu câu trả lời biên soạn: bot dùng ngay cho câu hỏi giống vậy.',
  out_of_scope: 'Đã đánh dấu ngoài phạm vi: bot chỉ dẫn người hỏi đến đúng nơi.',
  deleted: 'Đã xóa.',
  answered: 'Đã gửi câu trả lời cho người dân.',
  undelivered: 'Đã lưu câu trả lời nhưng chưa gửi được đến người dân; hệ thống sẽ thử lại.',
  closed: 'Đã đóng phiếu.',
  revoked: 'Đã thu hồi quyền của cán bộ.',
};

/**
 * The web console under /admin (issue 15 part 3): server-rendered pages, no script. Every request
 * passes the CSRF check (Origin / Sec-Fetch-Site of form posts), and every page but sign-in needs a
 * session (@hono/session, stored server-side in admin_sessions).
 */
export async function createConsole(deps: ConsoleDeps): Promise<Hono<ConsoleEnv>> {
  const { db, log } = deps;
  const now = deps.now ?? (() => new Date());
  const storage = sessionStorage(db, now);
  const secret = await sessionSecret(db, deps.sessionSecret);
  const targets: Target[] = loadTargets();
  const publicOrigin = deps.config.PUBLIC_BASE_URL ? new URL(deps.config.PUBLIC_BASE_URL).origin : null;
  void pruneSessions(db, now()).catch((err: unknown) => log.warn({ err }, 'old console sessions not pruned'));

  const app = new Hono<ConsoleEnv>({ router: new TrieRouter() });

  app.onError((err, c) => {
    if (err instanceof HTTPException && err.status === 403) {
      return c.html(
        page({ title: 'Bị từ chối', body: html`<h1>Yêu cầu bị từ chối</h1><p>Biểu mẫu không được gửi từ trang quản trị này (chống giả mạo yêu cầu). Hãy mở lại trang và thử lại.</p>` }),
        403,
      );
    }
    if (err instanceof HTTPException) return err.getResponse();
    log.error({ err, path: c.req.path }, 'console request failed');
    return c.html(page({ title: 'Lỗi', body: html`<h1>Có lỗi xảy ra</h1><p>Vui lòng thử lại sau.</p>` }), 500);
  });

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      referrerPolicy: 'same-origin',
    }),
  );
  app.use(async (c, next) => {
    await next();
    c.res.headers.set('cache-control', 'no-store');
  });
  app.use(bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('Nội dung gửi lên quá lớn.', 413) }));
  // Forms are accepted only from this console's own pages.
  app.use(csrf({ origin: (origin, c) => origin === new URL(c.req.url).origin || origin === publicOrigin }));
  app.use(useSessionStorage<AdminSessionData, ConsoleEnv>(storage));
  app.use(
    useSession<AdminSessionData>({
      secret,
      duration: { absolute: SESSION_ABSOLUTE_MS / 1000 },
      // Secure, HTTP-only and sent only to the console's own pages, never from another site.
      setCookie: (c, name, value, opt) => setCookie(c, name, value, { ...opt, path: '/admin', secure: true, httpOnly: true, sameSite: 'Strict' }),
      deleteCookie: (c, name) => setCookie(c, name, '', { path: '/admin', secure: true, httpOnly: true, sameSite: 'Strict', maxAge: 0 }),
    }),
  );

  // Sign-in is the only page without a session.
  app.get('/login', async (c) => {
    if ((await c.var.session.get())?.userId) return c.redirect('/admin', 303);
    return c.html(page({ title: 'Đăng nhập', body: loginBody({}) }));
  });
  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const username = String(form.username ?? '');
    const result = await signIn(db, username, String(form.password ?? ''), c.env?.incoming?.socket.remoteAddress ?? null, now());
    if (!result.ok) {
      const error =
        result.reason === 'locked'
          ? `Đăng nhập sai quá nhiều lần nên tài khoản tạm khóa. Vui lòng thử lại sau ${vnDateTime(result.until)}.`
          : `Sai tên đăng nhập hoặc mật khẩu. Còn ${result.attemptsLeft} lần thử trước khi bị tạm khóa 15 phút.`;
      log.warn({ user: username.slice(0, 64), reason: result.reason }, 'console sign-in refused');
      return c.html(page({ title: 'Đăng nhập', body: loginBody({ username, error }) }), result.reason === 'locked' ? 429 : 401);
    }
    await c.var.session.update({ userId: result.identity.id });
    log.info({ user: result.identity.username }, 'console sign-in');
    return c.redirect('/admin', 303);
  });

  // Everything else: a session of an account still enabled, or back to sign-in.
  app.use('*', async (c, next) => {
    const data = await c.var.session.get();
    const who = data?.userId ? await identityOf(db, data.userId) : null;
    if (!who) {
      if (data) c.var.session.delete();
      if (c.req.method === 'GET') return c.redirect('/admin/login', 303);
      return c.html(page({ title: 'Đăng nhập', body: loginBody({ error: 'Phiên làm việc đã hết. Vui lòng đăng nhập lại.' }) }), 401);
    }
    c.set('who', who);
    if (data?.flash) {
      c.set('flash', data.flash);
      await c.var.session.update((d) => {
        const { flash: _shown, ...rest } = d ?? { userId: who.id };
        return rest as AdminSessionData;
      });
    }
    await next();
  });

  const forbidden = (c: C) =>
    c.html(page({ title: 'Không có quyền', who: c.var.who, body: html`<h1>Không có quyền</h1><p>Tài khoản của bạn không dùng được trang này.</p>` }), 403);
  const need = (section: Section) => async (c: C, next: () => Promise<void>) => {
    if (!canSee(c.var.who, section)) return forbidden(c);
    await next();
  };
  // What an action says happens on the page it leads to: kept in the session for one request, so
  // no link can make the console say something it did not.
  const back = async (c: C, path: string, text: string, error = false) => {
    await c.var.session.update((d) => ({ ...(d as AdminSessionData), flash: { text: text.slice(0, 500), error } }));
    return c.redirect(path, 303);
  };
  const flash = (c: C) => c.var.flash ?? null;
  const by = (c: C) => `console:${c.var.who.username}`;

  app.get('/', (c) => c.redirect(canSee(c.var.who, 'inbox') ? '/admin/inbox' : '/admin/figures', 303));
  app.post('/logout', (c) => {
    c.var.session.delete();
    log.info({ user: c.var.who.username }, 'console sign-out');
    return c.redirect('/admin/login', 303);
  });

  // ---- Inbox ------------------------------------------------------------------------------------
  app.get('/inbox', need('inbox'), async (c) => {
    const guides = new Map(deps.guides().map((g) => [g.id, g]));
    const [groups, tickets, ticketCounts] = await Promise.all([
      loadInbox(db, { now: now() }),
      deps.support.list({ status: 'open', limit: 50 }),
      deps.support.counts(),
    ]);
    return c.html(
      page({
        title: 'Hộp thư',
        who: c.var.who,
        active: 'inbox',
        flash: flash(c),
        body: inboxBody({ who: c.var.who, groups, guides, tickets, ticketCounts }),
      }),
    );
  });

  app.post('/tickets/:id/answer', need('inbox'), async (c) => {
    const text = String((await c.req.parseBody()).text ?? '').trim();
    if (!text) return back(c, '/admin/inbox', 'Câu trả lời đang trống.', true);
    try {
      const r = await deps.support.answer(Number(c.req.param('id')), text, by(c));
      return back(c, '/admin/inbox', DONE[r.delivered ? 'answered' : 'undelivered']!, !r.delivered);
    } catch (err) {
      return back(c, '/admin/inbox', err instanceof Error ? err.message : 'Không gửi được.', true);
    }
  });
  app.post('/tickets/:id/close', need('inbox'), async (c) => {
    try {
      await deps.support.close(Number(c.req.param('id')), by(c));
      return back(c, '/admin/inbox', DONE.closed!);
    } catch (err) {
      return back(c, '/admin/inbox', err instanceof Error ? err.message : 'Không đóng được.', true);
    }
  });

  // ---- Curated answers (editors) ------------------------------------------------------------------
  const editorOnly = async (c: C, next: () => Promise<void>) => {
    if (c.var.who.role !== 'editor') return forbidden(c);
    await next();
  };
  const curatedAction = (kind: 'example' | 'answer' | 'out_of_scope') => async (c: C) => {
    const form = await c.req.parseBody();
    const text = String(form.text ?? '').trim();
    try {
      if (kind === 'example') await deps.curated.addExample({ text, guideId: String(form.guideId ?? ''), by: by(c) });
      else if (kind === 'answer')
        await deps.curated.addAnswer({ text, reply: String(form.reply ?? ''), sourceUrl: String(form.sourceUrl ?? ''), by: by(c) });
      else await deps.curated.markOutOfScope({ text, reply: String(form.reply ?? ''), by: by(c) });
      log.info({ user: c.var.who.username, kind }, 'curated change from the console');
      return back(c, '/admin/inbox', DONE[kind]!);
    } catch (err) {
      return back(c, '/admin/inbox', err instanceof Error ? err.message : 'Không lưu được.', true);
    }
  };
  app.post('/curated/example', editorOnly, curatedAction('example'));
  app.post('/curated/answer', editorOnly, curatedAction('answer'));
  app.post('/curated/out-of-scope', editorOnly, curatedAction('out_of_scope'));
  app.post('/curated/:id/delete', editorOnly, async (c) => {
    try {
      await deps.curated.remove(Number(c.req.param('id')), by(c));
      return back(c, '/admin/guides', DONE.deleted!);
    } catch (err) {
      return back(c, '/admin/guides', err instanceof Error ? err.message : 'Không xóa được.', true);
    }
  });

  // ---- Guides and preview -----------------------------------------------------------------------
  app.get('/guides', need('guides'), async (c) => {
    const q = (c.req.query('q') ?? '').slice(0, 200);
    const rare = c.req.query('rare') === '1';
    let rows = searchGuides(await guideUsage(db, deps.guides()), q);
    if (rare) rows = rows.filter((r) => r.chats <= RARELY);
    rows.sort((a, b) => a.chats - b.chats || a.guide.title.localeCompare(b.guide.title, 'vi'));
    const curated = await deps.curated.list();
    return c.html(
      page({
        title: 'Hướng dẫn',
        who: c.var.who,
        active: 'guides',
        flash: flash(c),
        body: guidesBody({ rows, q, rare, curated, editor: c.var.who.role === 'editor' }),
      }),
    );
  });
  app.get('/guides/:id', need('guides'), async (c) => {
    const g = deps.guides().find((x) => x.id === c.req.param('id'));
    if (!g) return c.html(page({ title: 'Không thấy', who: c.var.who, active: 'guides', body: html`<h1>Không có hướng dẫn này</h1>` }), 404);
    const usage = (await guideUsage(db, [g]))[0];
    return c.html(page({ title: g.title, who: c.var.who, active: 'guides', body: guideBody(g, usage) }));
  });
  app.get('/preview', need('guides'), async (c) => {
    const q = (c.req.query('q') ?? '').trim().slice(0, 1000);
    let reply = null;
    if (q) {
      // The bot's own core, as a citizen in a new chat; what the turn stored is removed after.
      const chatId = `preview-${c.var.who.id}-${Date.now()}`;
      reply = await deps.core.handle({ channel: 'test', chatId, userId: `preview-${c.var.who.id}`, text: q });
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('chats').where('channel', '=', 'test').where('chat_id', '=', chatId).execute();
        await tx.deleteFrom('unanswered_questions').where('channel', '=', 'test').where('chat_id', '=', chatId).execute();
      });
    }
    return c.html(page({ title: 'Xem bot trả lời', who: c.var.who, active: 'guides', body: previewBody(q, reply) }));
  });

  // ---- Officers (unit officers, their subtree) --------------------------------------------------
  const myUnits = async (who: AdminIdentity): Promise<UnitRow[]> => (await loadUnits(db)).filter((u) => reachesUnit(who, u));
  const officersPage = async (c: C, invite: Parameters<typeof officersBody>[0]['invite'] = null, status = 200) => {
    const who = c.var.who;
    const units = await myUnits(who);
    const officers = await listOfficers(db, { unitCode: who.unitCode!, includeRevoked: true });
    return c.html(
      page({ title: 'Cán bộ', who, active: 'officers', flash: flash(c), body: officersBody({ who, units, officers, invite }) }),
      status as 200,
    );
  };
  app.get('/officers', need('officers'), (c) => officersPage(c));
  app.post('/officers/invite', need('officers'), async (c) => {
    const form = await c.req.parseBody();
    const unit = unitByCode(String(form.unit ?? ''), await myUnits(c.var.who));
    if (!unit) return back(c, '/admin/officers', 'Đơn vị này không thuộc phạm vi của bạn.', true);
    try {
      const invite = await createInvite(db, unit.code, Number(form.days ?? 7), now());
      log.info({ user: c.var.who.username, unit: unit.code }, 'officer invite created from the console');
      return officersPage(c, invite, 201);
    } catch (err) {
      if (err instanceof OfficerAdminError) return back(c, '/admin/officers', err.message, true);
      throw err;
    }
  });
  app.post('/officers/:id/revoke', need('officers'), async (c) => {
    const id = Number(c.req.param('id'));
    const target = Number.isInteger(id)
      ? await db
          .selectFrom('officers as o')
          .innerJoin('units as u', 'u.code', 'o.unit_code')
          .select('u.path')
          .where('o.id', '=', id)
          .executeTakeFirst()
      : undefined;
    if (!target || !reachesUnit(c.var.who, target)) {
      return back(c, '/admin/officers', 'Không có cán bộ này trong phạm vi của bạn.', true);
    }
    try {
      await revokeOfficer(db, id, now());
      log.info({ user: c.var.who.username, officer: id }, 'officer revoked from the console');
      return back(c, '/admin/officers', DONE.revoked!);
    } catch (err) {
      if (err instanceof OfficerAdminError) return back(c, '/admin/officers', err.message, true);
      throw err;
    }
  });

  // ---- Figures (unit officers, their subtree) ---------------------------------------------------
  app.get('/figures', need('figures'), async (c) => {
    const who = c.var.who;
    const all = await loadUnits(db);
    const units = all.filter((u) => reachesUnit(who, u));
    const asked = c.req.query('unit');
    const unit = (asked ? unitByCode(asked, units) : undefined) ?? units.find((u) => u.code === who.unitCode);
    if (!unit || (asked && unit.code.toUpperCase() !== asked.toUpperCase())) {
      return c.html(
        page({ title: 'Số liệu', who, active: 'figures', body: html`<h1>Số liệu</h1><p>Bạn chỉ xem được số liệu của ${who.unitName ?? 'đơn vị mình'} và các đơn vị trực thuộc.</p>` }),
        403,
      );
    }
    const periodKey = PERIODS.some(([k]) => k === c.req.query('period')) ? c.req.query('period')! : '12 thang qua';
    const metric = (CHARTABLE as string[]).includes(c.req.query('metric') ?? '') ? (c.req.query('metric') as Metric) : 'online_rate';
    const t = now();
    const period = parsePeriod(periodKey, t)!;
    const ctx: AnswerContext = { db, targets, targetScope: deps.config.TARGET_SCOPE, units: all, now: t };
    const figures = await answerMetrics(ctx, FIGURE_METRICS, { unit, period, breakdown: false, vsLastYear: false });
    const chartReply = await answerChart(ctx, metric, unit, period);
    const chart = chartReply.image
      ? {
          dataUri: `data:image/png;base64,${Buffer.from(chartReply.image.png).toString('base64')}`,
          caption: chartReply.image.caption ?? METRICS[metric].name,
          text: chartReply.text,
        }
      : null;
    return c.html(
      page({
        title: 'Số liệu',
        who,
        active: 'figures',
        body: figuresBody({
          units,
          unit,
          period: periodKey,
          metric,
          metrics: CHARTABLE.map((m) => [m, METRICS[m].name]),
          text: figures.text,
          chart,
          chartNote: chart ? null : chartReply.text,
        }),
      }),
    );
  });

  app.all('*', (c) => c.html(page({ title: 'Không thấy', who: c.var.who, body: html`<h1>Không có trang này</h1>` }), 404));
  return app;
}
