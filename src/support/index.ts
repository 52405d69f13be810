import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import { parseOfficeHours } from './hours.ts';
import { type ChatAddress, SupportService } from './service.ts';
import { createSupportSkill, type SupportSkill } from './skill.ts';

/** The support service and skill as the configuration sets them (SUPPORT_*). */
export function supportFromConfig(
  config: Pick<Config, 'SUPPORT_CHAT_TELEGRAM' | 'SUPPORT_CHAT_ZALO' | 'SUPPORT_HOURS' | 'SUPPORT_REMIND_MINUTES'>,
  db: Db,
  log: Logger,
  clock?: () => Date,
): { service: SupportService; skill: SupportSkill } {
  const staffChats: ChatAddress[] = [];
  if (config.SUPPORT_CHAT_TELEGRAM) staffChats.push({ channel: 'telegram', chatId: config.SUPPORT_CHAT_TELEGRAM });
  if (config.SUPPORT_CHAT_ZALO) staffChats.push({ channel: 'zalo', chatId: config.SUPPORT_CHAT_ZALO });
  const service = new SupportService(
    db,
    { staffChats, hours: parseOfficeHours(config.SUPPORT_HOURS), remindMinutes: config.SUPPORT_REMIND_MINUTES },
    log.child({ part: 'support' }),
    clock,
  );
  return { service, skill: createSupportSkill(service) };
}
