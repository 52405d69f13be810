// Pushes the quick report once a day at REPORT_TIME (Asia/Ho_Chi_Minh) to officers who turned it
// on (/baocao bat). `officers.last_report_on` is claimed atomically before sending, so a restart
// or a second replica never sends the same day's report twice.

import { Cron } from 'croner';
import type { Config } from '../config.ts';
import type { Reply } from '../core/types.ts';
import type { Logger } from '../log.ts';
import type { Database } from '../store/db.ts';
import { VN_ZONE, vnDayOf } from '../time/vietnam.ts';
import { buildQuickReport } from './quick-report.ts';
import { loadUnits } from './units.ts';

export interface ReportSchedulerOptions {
  db: Database;
  config: Config;
  log: Logger;
  send: (target: { channel: string; chatId: string }, reply: Reply) => Promise<void>;
  now?: () => Date;
}

export interface ReportScheduler {
  stop(): void;
  /** Sends today's report to every subscribed officer not yet served today; returns messages sent. */
  runOnce(now: Date): Promise<number>;
}

interface Subscriber {
  id: number;
  unitCode: string;
  lastReportOn: string | null;
}

export function startReportScheduler(opts: ReportSchedulerOptions): ReportScheduler {
  const clock = opts.now ?? (() => new Date());
  const log = opts.log.child({ part: 'report-scheduler' });

  async function runOnce(now: Date): Promise<number> {
    const today = vnDayOf(now);
    const subscribers = await opts.db.sql.query<Subscriber>(
      `SELECT id, unit_code AS "unitCode", to_char(last_report_on, 'YYYY-MM-DD') AS "lastReportOn" FROM officers
        WHERE report_enabled AND revoked_at IS NULL AND (last_report_on IS NULL OR last_report_on < $1::date)
        ORDER BY id`,
      [today],
    );
    if (subscribers.length === 0) return 0;
    const units = await loadUnits(opts.db.sql);
    const reports = new Map<string, Reply>();
    let sent = 0;
    for (const s of subscribers) {
      let report = reports.get(s.unitCode);
      try {
        if (!report) {
          report = await buildQuickReport(opts.db, s.unitCode, now, units);
          reports.set(s.unitCode, report);
        }
      } catch (err) {
        log.error({ err, officer: s.id }, 'quick report failed');
        continue; // not claimed: the next run tries again
      }
      const claimed = await opts.db.sql.query(
        `UPDATE officers SET last_report_on = $1::date
          WHERE id = $2 AND (last_report_on IS NULL OR last_report_on < $1::date) RETURNING id`,
        [today, s.id],
      );
      if (claimed.length === 0) continue; // another replica took it
      // Only private chats: a group chat id recorded before enrolment was refused in groups must not
      // receive a unit's figures. Telegram gives groups, supergroups and channels negative ids.
      const accounts = await opts.db.sql.query<{ channel: string; chatId: string }>(
        `SELECT channel, chat_id AS "chatId" FROM officer_accounts
          WHERE officer_id = $1 AND NOT (channel = 'telegram' AND chat_id LIKE '-%') ORDER BY id`,
        [s.id],
      );
      let delivered = 0;
      for (const a of accounts) {
        try {
          await opts.send(a, report);
          delivered++;
        } catch (err) {
          log.warn({ err, officer: s.id, channel: a.channel }, 'quick report not delivered');
        }
      }
      sent += delivered;
      // Nothing went out (channel down): give the day back so the next run retries.
      if (delivered === 0 && accounts.length > 0) {
        await opts.db.sql.query(`UPDATE officers SET last_report_on = $1::date WHERE id = $2 AND last_report_on = $3::date`, [
          s.lastReportOn,
          s.id,
          today,
        ]);
      }
    }
    log.info({ sent, day: today }, 'quick reports sent');
    return sent;
  }

  const [hour, minute] = opts.config.REPORT_TIME.split(':').map(Number);
  const job = new Cron(`${minute} ${hour} * * *`, { timezone: VN_ZONE, protect: true }, async () => {
    try {
      await runOnce(clock());
    } catch (err) {
      log.error({ err }, 'quick report run failed');
    }
  });

  return {
    stop: () => job.stop(),
    runOnce,
  };
}
