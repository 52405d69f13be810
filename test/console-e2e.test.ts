// The web console driven as a person would: a real headless Chromium (Debian's chromium, driven by
// playwright-core) against the bot's own HTTP server, with citizens and an officer talking to the
// bot through a Telegram Bot API server on 127.0.0.1. Screenshots of every page are saved under
// test-output/console/ (phone-sized viewport).
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Channels, startChannels } from '../bot/channels/runtime.ts';
import { startSupport } from '../bot/cli/commands/start.ts';
import { mountConsole } from '../bot/console/mount.ts';
import { type HttpServer, startHttpServer } from '../bot/http/server.ts';
import { createAdminUser } from '../src/admin/accounts.ts';
import { type App, createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { Core } from '../src/core/types.ts';
import { seedDemo } from '../src/indicators/demo.ts';
import { createLogger } from '../src/log.ts';
import { runCli } from './helpers/cli.ts';
import { createTestDatabase } from './helpers/db.ts';
import { countOf } from './helpers/rows.ts';
import { FakeTelegram } from './helpers/telegram-bot-api.ts';

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
if (!CHROMIUM) {
  process.stderr.write('console-e2e: skipped — no Chromium at /usr/bin/chromium (apt-get install chromium, or set CHROMIUM_PATH)\n');
}
const SHOTS = join(process.cwd(), 'test-output', 'console');
const EDITOR = { user: 'bientap', password: 'mật-khẩu-biên-tập-2026' };
const OFFICER = { user: 'syt', password: 'mat-khau-so-y-te-2026' };
const COMMUNE = { user: 'anphu', password: 'mat-khau-xa-an-phu-26' };
const SUPPORT = { user: 'hotro', password: 'mat-khau-ho-tro-2026' };
const log = createLogger('silent');

describe.skipIf(!CHROMIUM)('web console in headless Chromium', () => {
  let app: App;
  let db: App['db'];
  let closeDb: () => Promise<void>;
  let core: Core;
  let tg: FakeTelegram;
  let http: HttpServer;
  let channels: Channels;
  let browser: Browser;
  let stopSupport: (() => void) | undefined;
  let base: string;
  let nextMessageId = 1;
  const now = new Date();

  const user = (id: number) => ({ id, is_bot: false, first_name: 'Lan' });
  const chat = (id: number) => ({ id, type: 'private', first_name: 'Lan' });
  const answers = (id: number) => tg.sent.filter((m) => String(m.chat_id) === String(id));
  async function say(id: number, text: string): Promise<string> {
    const before = answers(id).length;
    await tg.push({ message: { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat: chat(id), from: user(id), text } });
    await tg.waitFor(() => answers(id).length > before, 30_000);
    return answers(id).at(-1)!.text;
  }
  async function press(id: number, data: string): Promise<void> {
    const before = answers(id).length;
    await tg.push({
      callback_query: { id: `cb${nextMessageId++}`, from: user(id), chat_instance: '1', data, message: { message_id: 1, date: 1, chat: chat(id) } },
    });
    await tg.waitFor(() => answers(id).length > before, 30_000);
  }

  async function phone(): Promise<BrowserContext> {
    return browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
  }
  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }
  async function signIn(page: Page, who: { user: string; password: string }): Promise<void> {
    await page.goto(`${base}/admin/login`);
    await page.fill('#username', who.user);
    await page.fill('#password', who.password);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const test = await createTestDatabase();
    tg = await new FakeTelegram().listen();
    // The editor's account is made as an operator would: `admin create`, password on stdin. The
    // embedded database is one process's at a time, so the CLI runs while the test holds none.
    if (!test.databaseUrl) await test.close();
    const made = runCli(['admin', 'create', '--user', EDITOR.user, '--role', 'editor'], {
      dataDir: test.dataDir,
      databaseUrl: test.databaseUrl,
      input: `${EDITOR.password}\n`,
    });
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toContain(`Đã tạo tài khoản ${EDITOR.user}`);
    // The app as `start` builds it (same database, skills, support and curated answers when present).
    app = await createApp(
      loadConfig({
        DATA_DIR: test.dataDir,
        ...(test.databaseUrl ? { DATABASE_URL: test.databaseUrl } : {}),
        LOG_LEVEL: 'silent',
        TELEGRAM_BOT_TOKEN: tg.token,
        TELEGRAM_API_ROOT: tg.apiRoot,
      }),
      { log },
    );
    db = app.db;
    core = app.core;
    closeDb = async () => {
      await app.close();
      if (test.databaseUrl) await test.close();
    };
    await seedDemo(db, { now, force: true });
    await createAdminUser(db.kysely, { username: OFFICER.user, password: OFFICER.password, role: 'officer', unitCode: 'SYT' });
    await createAdminUser(db.kysely, { username: COMMUNE.user, password: COMMUNE.password, role: 'officer', unitCode: 'XA.ANPHU' });

    http = await startHttpServer(0, '127.0.0.1', async () => true);
    channels = await startChannels({
      config: app.config,
      core,
      db: db.kysely,
      log,
      http,
      telegram: { pollTimeoutSeconds: 1, requestTimeoutSeconds: 2 },
      dispatcher: { typingAfterMs: 60_000 },
    });
    // Support tickets reach citizens through the running channels, as `start` wires them.
    stopSupport = startSupport(app, channels);
    await mountConsole(http, app);
    http.started();
    base = `http://127.0.0.1:${http.port}`;

    // Citizens: two wordings of a question no guide answers, and a 👎 under an answer.
    await say(9001, 'con mèo nhà tôi bị lạc thì báo ai');
    await say(9002, 'mèo nhà tôi đi lạc phải báo ai');
    await say(9003, 'nộp lệ phí trực tuyến bằng cách nào');
    const down = answers(9003).at(-1)!.reply_markup!.inline_keyboard.flat().find((b) => b.callback_data.startsWith('fb:down:'))!;
    await press(9003, down.callback_data);

    browser = await chromium.launch({
      executablePath: CHROMIUM!,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 240_000);

  afterAll(async () => {
    stopSupport?.();
    await browser?.close();
    await http?.close();
    await channels?.stop();
    await tg?.close();
    await closeDb?.();
  });

  it('a signed-out visitor is refused everywhere: every page sends them to sign-in, every form is refused', async () => {
    const ctx = await phone();
    const page = await ctx.newPage();
    for (const path of ['/admin', '/admin/inbox', '/admin/guides', '/admin/guides/thanh-toan-le-phi', '/admin/preview?q=cccd', '/admin/officers', '/admin/figures', '/admin/nothing']) {
      await page.goto(`${base}${path}`);
      expect(new URL(page.url()).pathname, path).toBe('/admin/login');
      await expect(page.locator('h1').textContent()).resolves.toBe('Đăng nhập');
    }
    await shot(page, '01-dang-nhap');
    const invites = await countOf(db.kysely.selectFrom('invite_codes'));
    // A form post with the right Origin but no session: refused, nothing created.
    const res = await fetch(`${base}/admin/officers/invite`, {
      method: 'POST',
      headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'unit=SYT&days=7',
      redirect: 'manual',
    });
    expect(res.status).toBe(401);
    expect(await countOf(db.kysely.selectFrom('invite_codes'))).toBe(invites);
    await ctx.close();
  });

  it('the editor made with `admin create` signs in and sees the inbox grouped by question, with the answer the bot gave', async () => {
    const ctx = await phone();
    const page = await ctx.newPage();
    await signIn(page, EDITOR);
    expect(new URL(page.url()).pathname).toBe('/admin/inbox');
    const cookie = (await ctx.cookies()).find((c) => c.name === 'sid')!;
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/admin' });
    const groups = page.locator('[data-testid=inbox-group]');
    const cat = groups.filter({ hasText: 'mèo' });
    await expect(cat.count()).resolves.toBe(1);
    await expect(cat.locator('.badge.q').textContent()).resolves.toBe('Chưa trả lời được 2');
    const fee = groups.filter({ hasText: 'nộp lệ phí trực tuyến bằng cách nào' });
    await expect(fee.locator('.badge.down').textContent()).resolves.toBe('👎 1');
    await fee.locator('summary', { hasText: 'Bot đã trả lời' }).click();
    const given = (await fee.locator('.reply').textContent()) ?? '';
    // The answer shown is the one the citizen got.
    expect(answers(9003).some((m) => m.text.trim() === given.trim())).toBe(true);
    await shot(page, '02-hop-thu');
    // Messages come from the console's own actions only, never from a link.
    await page.goto(`${base}/admin/inbox?error=${encodeURIComponent('Mật khẩu đã hết hạn, gọi 0900 000 000')}&done=revoked`);
    await expect(page.locator('.flash').count()).resolves.toBe(0);
    await ctx.close();
  });

  it('guides: search, rarely chosen marked, and a preview that is exactly what the bot answers', async () => {
    const ctx = await phone();
    const page = await ctx.newPage();
    await signIn(page, EDITOR);
    await page.goto(`${base}/admin/guides`);
    const rows = page.locator('[data-testid=guide-row]');
    const all = await rows.count();
    expect(all).toBeGreaterThan(20);
    await expect(page.locator('[data-testid=guide-row] .badge.warn').count()).resolves.toBeGreaterThan(0);
    await shot(page, '03-huong-dan');
    await page.fill('input[name=q]', 'vneid');
    await Promise.all([page.waitForNavigation(), page.click('form[role=search] button')]);
    const found = await rows.count();
    expect(found).toBeGreaterThan(0);
    expect(found).toBeLessThan(all);
    await page.goto(`${base}/admin/guides`);
    const q = 'làm sao đăng ký tài khoản định danh điện tử mức 2';
    await page.fill('form[action="/admin/preview"] input[name=q]', q);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/admin/preview"] button')]);
    const shown = (await page.locator('[data-testid=bot-reply]').textContent()) ?? '';
    const bot = await say(9004, q);
    expect(shown.trim()).toBe(bot.trim());
    expect(shown.length).toBeGreaterThan(100);
    await shot(page, '04-xem-truoc');
    // The preview left nothing behind: no chat, no unanswered question.
    await expect(countOf(db.kysely.selectFrom('chats').where('chat_id', 'like', 'preview-%'))).resolves.toBe(0);
    await ctx.close();
  });

  it('an officer account invites an officer (code shown once), the code enrolls on Telegram, and the officer is revoked', async () => {
    const ctx = await phone();
    const page = await ctx.newPage();
    await signIn(page, OFFICER);
    expect(new URL(page.url()).pathname).toBe('/admin/figures');
    await page.goto(`${base}/admin/officers`);
    // Only the unit's own subtree is offered.
    const offered = await page.locator('#unit option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toContain('SYT.NV2');
    expect(offered).not.toContain('TINH');
    expect(offered).not.toContain('XA.ANPHU');
    await page.selectOption('#unit', 'SYT.NV2');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/admin/officers/invite"] button')]);
    const code = (await page.locator('[data-testid=invite-code]').textContent())!.trim();
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await shot(page, '05-moi-can-bo');
    // Shown once: the page after it does not hold it, the database only its hash.
    await page.goto(`${base}/admin/officers`);
    expect(await page.content()).not.toContain(code);
    expect(await say(9100, `/dangky ${code}`)).toContain('Đăng ký thành công');
    await page.reload();
    const card = page.locator('[data-testid=officer]').first();
    await expect(card.textContent()).resolves.toContain('Phòng Nghiệp vụ Dược');
    // The enrolled officer now gets figures from the bot.
    expect(await say(9100, 'tỷ lệ trực tuyến 12 tháng qua')).toMatch(/Tỷ lệ hồ sơ trực tuyến/);
    await shot(page, '06-can-bo');
    await Promise.all([page.waitForNavigation(), card.locator('button', { hasText: 'Thu hồi quyền' }).click()]);
    await expect(page.locator('.flash').textContent()).resolves.toContain('Đã thu hồi');
    await expect(page.locator('[data-testid=officer]').first().locator('.badge.down').textContent()).resolves.toContain('Đã thu hồi');
    expect(await say(9100, 'tỷ lệ trực tuyến 12 tháng qua')).not.toContain('Tỷ lệ hồ sơ trực tuyến — ');
    await ctx.close();
  });

  it('figures: the numbers and the chart the bot gives an officer of the unit; a commune account cannot see the department', async () => {
    // An officer of SYT enrolled on Telegram asks the bot; the console shows the same.
    const code = (await import('../src/officers/invites.ts')).createInvite;
    const invite = await code(db.kysely, 'SYT', 7, new Date());
    expect(await say(9200, `/dangky ${invite.code}`)).toContain('Đăng ký thành công');
    const botText = await say(9200, 'tỷ lệ trực tuyến 12 tháng qua');
    const photosBefore = tg.callsOf('sendPhoto').length;
    await say(9200, 'biểu đồ tỷ lệ trực tuyến 12 tháng qua');
    await tg.waitFor(() => tg.callsOf('sendPhoto').length > photosBefore, 30_000);
    const botPng = (tg.callsOf('sendPhoto').at(-1)!.body.photo as { png: Buffer }).png;

    const ctx = await phone();
    const page = await ctx.newPage();
    await signIn(page, OFFICER);
    await page.goto(`${base}/admin/figures?unit=SYT&period=${encodeURIComponent('12 thang qua')}&metric=online_rate`);
    const shown = (await page.locator('[data-testid=figures]').textContent()) ?? '';
    const firstBlock = shown.split('\n\n')[0]!;
    expect(botText).toContain(firstBlock.split('\n')[1]!);
    const src = (await page.locator('[data-testid=chart]').getAttribute('src'))!;
    const consolePng = Buffer.from(src.replace(/^data:image\/png;base64,/, ''), 'base64');
    expect(consolePng.equals(botPng)).toBe(true);
    const width = await page.locator('[data-testid=chart]').evaluate((img) => (img as HTMLImageElement).naturalWidth);
    expect(width).toBe(800);
    await shot(page, '07-so-lieu');
    await ctx.close();

    const commune = await (await phone()).newPage();
    await signIn(commune, COMMUNE);
    const refused = await commune.goto(`${base}/admin/figures?unit=SYT`);
    expect(refused!.status()).toBe(403);
    const own = await commune.goto(`${base}/admin/figures`);
    expect(own!.status()).toBe(200);
    await expect(commune.locator('[data-testid=figures]').textContent()).resolves.toContain('An Phú');
    // Inbox and guides are not a unit officer's.
    expect((await commune.goto(`${base}/admin/inbox`))!.status()).toBe(403);
    await commune.context().close();
  });

  it('support: a citizen asks for a person, staff answer in the console, the answer arrives in the citizen’s Telegram chat', async () => {
    // "Gặp cán bộ", then the question itself, as the bot asks for it.
    expect(await say(9300, 'cho tôi gặp cán bộ')).toContain('cán bộ');
    const asked = 'hồ sơ chuyển nhượng đất của tôi nộp 3 tháng rồi chưa có kết quả';
    await say(9300, asked);
    await createAdminUser(db.kysely, { username: SUPPORT.user, password: SUPPORT.password, role: 'support' });
    const ctx = await phone();
    const page = await ctx.newPage();
    await signIn(page, SUPPORT);
    const ticket = page.locator('[data-testid=ticket]').filter({ hasText: asked });
    await expect(ticket.count()).resolves.toBe(1);
    // Support staff answer, but the curated actions are an editor's.
    await expect(page.locator('form[action="/admin/curated/example"]').count()).resolves.toBe(0);
    await shot(page, '10-phieu-ho-tro');
    const reply = 'Chào anh/chị, cán bộ Bộ phận một cửa sẽ gọi lại trong sáng nay.';
    await ticket.locator('textarea').fill(reply);
    await Promise.all([page.waitForNavigation(), ticket.locator('button', { hasText: 'Gửi trả lời' }).click()]);
    await expect(page.locator('.flash').textContent()).resolves.toContain('Đã gửi câu trả lời');
    await tg.waitFor(() => answers(9300).some((m) => m.text.includes(reply)), 30_000);
    const delivered = answers(9300).find((m) => m.text.includes(reply))!.text;
    expect(delivered).not.toContain(SUPPORT.user);
    await expect(page.locator('[data-testid=ticket]').filter({ hasText: asked }).count()).resolves.toBe(0);
    await ctx.close();
  });

  it('curated: an editor adds an unanswered question as an example of a guide, and the next answer uses that guide', async () => {
    const q = 'mèo nhà tôi đi lạc phải báo ai';
    const before = await say(9400, q);
    const ctx = await phone();
    const page = await ctx.newPage();
    await signIn(page, EDITOR);
    const group = page.locator('[data-testid=inbox-group]').filter({ hasText: 'mèo' }).first();
    await group.locator('summary', { hasText: 'Sửa cho lần sau' }).click();
    const form = group.locator('form[action="/admin/curated/example"]');
    // The guide offered first is the nearest one the bot found; the editor keeps it.
    const chosen = await form.locator('select').inputValue();
    const nearest = (await db.kysely.selectFrom('unanswered_questions').select('best_guide').where('text', '=', q).executeTakeFirstOrThrow()).best_guide;
    expect(chosen).toBe(nearest);
    await shot(page, '11-sua-cho-lan-sau');
    await Promise.all([page.waitForNavigation(), form.locator('button').click()]);
    await expect(page.locator('.flash').textContent()).resolves.toContain('Đã thêm ví dụ');
    const after = await say(9401, q);
    expect(after).not.toBe(before);
    const title = (await import('../src/retrieval/guides.ts')).loadGuides((await import('../src/paths.ts')).KNOWLEDGE_ROOT).find((g) => g.id === chosen)!.title;
    expect(after).toContain(title);
    // Listed with who made it.
    await page.goto(`${base}/admin/guides`);
    await expect(page.locator('[data-testid=curated]').filter({ hasText: q }).textContent()).resolves.toContain(`console:${EDITOR.user}`);
    await ctx.close();
  });

  it('curated: an editor writes a curated answer with its source for a 👎 question, and the bot gives it next time', async () => {
    const q = 'nộp lệ phí trực tuyến bằng cách nào';
    const ctx = await phone();
    const page = await ctx.newPage();
    await signIn(page, EDITOR);
    const group = page.locator('[data-testid=inbox-group]').filter({ hasText: q }).first();
    await group.locator('summary', { hasText: 'Sửa cho lần sau' }).click();
    const form = group.locator('form[action="/admin/curated/answer"]');
    const text =
      'Nộp lệ phí trực tuyến: khi nộp hồ sơ trên Cổng Dịch vụ công, ở bước thanh toán chọn ngân hàng, ví điện tử hoặc mã VietQR rồi xác nhận giao dịch; giữ lại biên lai điện tử trong hồ sơ.';
    await form.locator('textarea').fill(text);
    await form.locator('input[name=sourceUrl]').fill('https://dichvucong.gov.vn/p/home/dvc-huong-dan-thanh-toan.html');
    await Promise.all([page.waitForNavigation(), form.locator('button').click()]);
    await expect(page.locator('.flash').textContent()).resolves.toContain('Đã lưu câu trả lời');
    expect(await say(9402, q)).toContain(text);
    await ctx.close();
  });

  it('CSRF: a form posted from another site is refused, even carrying the session', async () => {
    const evil: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<form id="f" method="post" action="${base}/admin/officers/invite"><input name="unit" value="SYT"><input name="days" value="90"></form><script>document.getElementById('f').submit()</script>`,
      );
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.2', () => r()));
    const evilUrl = `http://127.0.0.2:${(evil.address() as AddressInfo).port}/`;
    try {
      const ctx = await phone();
      const page = await ctx.newPage();
      await signIn(page, OFFICER);
      const invites = await countOf(db.kysely.selectFrom('invite_codes'));
      await page.goto(evilUrl);
      await page.waitForURL(`${base}/admin/officers/invite`);
      const status = await page.evaluate(() => document.querySelector('h1')?.textContent);
      expect(['Yêu cầu bị từ chối', 'Đăng nhập']).toContain(status);
      // The same post with the session cookie attached by hand: the Origin alone refuses it.
      const cookie = (await ctx.cookies()).find((c) => c.name === 'sid')!;
      const res = await fetch(`${base}/admin/officers/invite`, {
        method: 'POST',
        headers: { origin: evilUrl.slice(0, -1), cookie: `sid=${cookie.value}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'unit=SYT&days=90',
        redirect: 'manual',
      });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('Yêu cầu bị từ chối');
      expect(await countOf(db.kysely.selectFrom('invite_codes'))).toBe(invites);
      await page.goto(`${base}/admin/officers`);
      await page.goto(evilUrl);
      await page.waitForURL(`${base}/admin/officers/invite`);
      await shot(page, '08-csrf-tu-choi');
      await ctx.close();
    } finally {
      await new Promise<void>((r) => evil.close(() => r()));
    }
  });

  it('five wrong passwords lock the account for 15 minutes, even with the right password after', async () => {
    const ctx = await phone();
    const page = await ctx.newPage();
    for (let i = 1; i <= 5; i++) {
      await signIn(page, { user: COMMUNE.user, password: `sai-mat-khau-${i}` });
      expect(new URL(page.url()).pathname).toBe('/admin/login');
    }
    await expect(page.locator('.flash.error').textContent()).resolves.toContain('tạm khóa');
    await signIn(page, COMMUNE);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await expect(page.locator('.flash.error').textContent()).resolves.toContain('thử lại sau');
    await shot(page, '09-tam-khoa');
    await ctx.close();
  });

  it('signing out ends the session: the old cookie opens nothing', async () => {
    const ctx = await phone();
    const page = await ctx.newPage();
    await signIn(page, EDITOR);
    const cookie = (await ctx.cookies()).find((c) => c.name === 'sid')!;
    await Promise.all([page.waitForNavigation(), page.click('nav button')]);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    const res = await fetch(`${base}/admin/inbox`, { headers: { cookie: `sid=${cookie.value}` }, redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/login');
    await ctx.close();
  });
});
