// Pushes the quick report once a day at REPORT_TIME (Asia/Ho_Chi_Minh) to officers who turned it
// on (/baocao bat). `officers.last_report_on` is claimed atomically before sending, so a restart
// or a second replica never sends the same day's report twice.

import { Cron } from 'croner';
import type { Config } from '../config.ts';
import type { Reply } from '../core/types.ts';
import type { Logger } from '../log.ts';
import { sql } from 'kysely';
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

/** Officers not yet sent the report of Vietnam day `today`. */
const notReportedOn = (today: string) => sql<boolean>`(last_report_on IS NULL OR last_report_on < ${today}::date)`;

export function startReportScheduler(opts: ReportSchedulerOptions): ReportScheduler {
  const clock = opts.now ?? (() => new Date());
  const log = opts.log.child({ part: 'report-scheduler' });

  async function runOnce(now: Date): Promise<number> {
    const today = vnDayOf(now);
    const db = opts.db.kysely;
    const subscribers: Subscriber[] = await db
      .selectFrom('officers')
      .select(['id', 'unit_code as unitCode', sql<string | null>`to_char(last_report_on, 'YYYY-MM-DD')`.as('lastReportOn')])
      .where('report_enabled', '=', true)
      .where('revoked_at', 'is', null)
      .where(notReportedOn(today))
      .orderBy('id')
      .execute();
    if (subscribers.length === 0) return 0;
    const units = await loadUnits(db);
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
      const claimed = await db
        .updateTable('officers')
        .set({ last_report_on: sql<Date>`${today}::date` })
        .where('id', '=', s.id)
        .where(notReportedOn(today))
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) continue; // another replica took it
      // Only private chats: a group chat id recorded before enrolment was refused in groups must not
      // receive a unit's figures. Telegram gives groups, supergroups and channels negative ids.
      const accounts = await db
        .selectFrom('officer_accounts')
        .select(['channel', 'chat_id as chatId'])
        .where('officer_id', '=', s.id)
        .where((eb) => eb.not(eb.and([eb('channel', '=', 'telegram'), eb('chat_id', 'like', '-%')])))
        .orderBy('id')
        .execute();
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
        await db
          .updateTable('officers')
          .set({ last_report_on: sql<Date | null>`${s.lastReportOn}::date` })
          .where('id', '=', s.id)
          .where(sql<boolean>`last_report_on = ${today}::date`)
          .execute();
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
