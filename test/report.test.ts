import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { Reply } from '../src/core/types.ts';
import { createFigureSkill } from '../src/indicators/figure-skill.ts';
import { buildQuickReport } from '../src/indicators/quick-report.ts';
import { startReportScheduler } from '../src/indicators/report-scheduler.ts';
import { createLogger } from '../src/log.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { loadFixture, NOW, officer, turn } from './helpers/indicator-fixture.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await loadFixture(db.kysely);
});
afterAll(async () => {
  await db.close();
});

// Counted by hand from test/helpers/indicator-fixture.ts.
describe('quick report (seed 003 outline)', () => {
  it('reports today: totals, processed/total, early, on time, late, apologies and feedback as no data, digitisation', async () => {
    const r = await buildQuickReport(db, 'SYT', NOW);
    // Today 20/11 until 09:00: N8 completed early; N4 and N5 open (N5 overdue); SGD not counted.
    expect(r.meta?.report).toMatchObject({ total: 3, processed: 1, early: 1, onTime: 0, late: 0, open: 2, overdue: 1, received: 1, digitized: 1, eResult: 1 });
    expect(r.text).toContain('BÁO CÁO NHANH');
    expect(r.text).toContain('Sở Y tế (SYT) — ngày 20/11/2025, số liệu đến 09:00');
    expect(r.text).toContain('- Tổng số hồ sơ TTHC: 3');
    expect(r.text).toContain('- Số hồ sơ đã xử lý/tổng số hồ sơ: 1/3 (33,3 %)');
    expect(r.text).toContain('+ Số hồ sơ xử lý trước hạn: 1');
    expect(r.text).toContain('+ Số hồ sơ xử lý đúng hạn: 0');
    expect(r.text).toContain('+ Số hồ sơ trễ hạn: 0');
    expect(r.text).toMatch(/xin lỗi người dân, doanh nghiệp khi để xảy ra trễ hạn: chưa có dữ liệu/);
    expect(r.text).toMatch(/phản ánh, kiến nghị của người dân, doanh nghiệp: chưa có dữ liệu/);
    expect(r.text).toContain('- Hồ sơ tiếp nhận trong ngày đã số hóa: 1/1 (100 %)');
  });

  it('names the reasons of late dossiers', async () => {
    // 10/11 18:00: N2 on time, N9 late (Chờ ý kiến cơ quan phối hợp); open at the end of the day:
    // N5, N6, N7 (the last two completed later).
    const r = await buildQuickReport(db, 'SYT', new Date('2025-11-10T18:00:00+07:00'));
    expect(r.meta?.report).toMatchObject({ total: 5, processed: 2, early: 0, onTime: 1, late: 1, open: 3 });
    expect(r.text).toContain('+ Số hồ sơ trễ hạn: 1 (50 %) — lý do: Chờ ý kiến cơ quan phối hợp (1)');
    expect(r.text).toContain('- Số hồ sơ đã xử lý/tổng số hồ sơ: 2/5 (40 %)');
  });

  it('covers only the asked unit subtree', async () => {
    const r = await buildQuickReport(db, 'SYT_NV2', NOW);
    expect(r.meta?.report).toMatchObject({ total: 1, processed: 1, open: 0, received: 1 });
  });

  it('is what an officer gets for "báo cáo nhanh" and "báo cáo hôm nay"', async () => {
    const deps: AppDeps = { config: loadConfig({ DATA_DIR: db.dataDir }), db, log: createLogger('silent') };
    const skill = await createFigureSkill(deps);
    for (const text of ['báo cáo nhanh', 'bao cao hom nay', 'bcn']) {
      const r = await skill.handle({ channel: 'test', chatId: 'c', userId: 'u', text, now: NOW }, turn(officer('SYT_NV1', 'Phòng Nghiệp vụ 1')));
      expect(r.text, text).toContain('Phòng Nghiệp vụ 1 (SYT_NV1) — ngày 20/11/2025');
    }
  });
});

describe('daily push at REPORT_TIME', () => {
  it('sends once a day to subscribed, non-revoked officers on every bound account', async () => {
    const q = (text: string, params: unknown[] = []) => db.sql.query(text, params);
    await q(`INSERT INTO officers (id, unit_code, display_name, report_enabled) VALUES (1, 'SYT', 'A', true), (2, 'SYT_NV1', 'B', true), (3, 'SYT', 'C', false), (5, 'SYT', 'E', true)`);
    await q(`INSERT INTO officers (id, unit_code, display_name, report_enabled, revoked_at) VALUES (4, 'SYT', 'D', true, now())`);
    await q(`INSERT INTO officer_accounts (officer_id, channel, user_id, chat_id) VALUES
      (1, 'telegram', 'tg1', 'tg-chat-1'), (1, 'zalo', 'za1', 'za-chat-1'), (2, 'telegram', 'tg2', 'tg-chat-2'),
      (3, 'telegram', 'tg3', 'tg-chat-3'), (4, 'telegram', 'tg4', 'tg-chat-4'),
      (5, 'telegram', 'tg5', '-1001234567'), (2, 'telegram', 'tg2b', '-100777')`);
    // Officers 5 and 2 enrolled from Telegram groups before that was refused: no group gets figures.
    const sent: { channel: string; chatId: string; text: string }[] = [];
    const scheduler = startReportScheduler({
      db,
      config: loadConfig({ DATA_DIR: db.dataDir, REPORT_TIME: '15:30' }),
      log: createLogger('silent'),
      send: async (target, reply: Reply) => {
        sent.push({ ...target, text: reply.text });
      },
    });
    try {
      const at = new Date('2025-11-20T15:30:00+07:00');
      expect(await scheduler.runOnce(at)).toBe(3);
      expect(sent.map((s) => s.chatId).sort()).toEqual(['tg-chat-1', 'tg-chat-2', 'za-chat-1']);
      expect(sent.find((s) => s.chatId === 'tg-chat-2')!.text).toContain('Phòng Nghiệp vụ 1 (SYT_NV1)');
      expect(sent.find((s) => s.chatId === 'za-chat-1')!.text).toContain('Sở Y tế (SYT) — ngày 20/11/2025');
      // Same day again (restart, second replica): nothing.
      expect(await scheduler.runOnce(new Date('2025-11-20T16:00:00+07:00'))).toBe(0);
      const rows = await q(`SELECT to_char(last_report_on, 'YYYY-MM-DD') AS d FROM officers WHERE id = 1`);
      expect(rows[0]).toEqual({ d: '2025-11-20' });
      // The next Vietnam day (00:30 on 21/11 is still 20/11 in UTC) sends again.
      expect(await scheduler.runOnce(new Date('2025-11-21T00:30:00+07:00'))).toBe(3);
    } finally {
      scheduler.stop();
    }
  });

  it('gives the day back when nothing could be delivered, so the next run retries', async () => {
    await db.sql.query(`UPDATE officers SET last_report_on = NULL`);
    let down = true;
    const sent: string[] = [];
    const scheduler = startReportScheduler({
      db,
      config: loadConfig({ DATA_DIR: db.dataDir }),
      log: createLogger('silent'),
      send: async (target) => {
        if (down && target.channel === 'telegram') throw new Error('telegram down');
        sent.push(target.chatId);
      },
    });
    try {
      const at = new Date('2025-11-22T15:30:00+07:00');
      // Officer 1 still reached on Zalo; officer 2 (Telegram only) not at all.
      expect(await scheduler.runOnce(at)).toBe(1);
      expect(sent).toEqual(['za-chat-1']);
      down = false;
      expect(await scheduler.runOnce(new Date('2025-11-22T15:45:00+07:00'))).toBe(1);
      expect(sent).toEqual(['za-chat-1', 'tg-chat-2']);
    } finally {
      scheduler.stop();
    }
  });
});
