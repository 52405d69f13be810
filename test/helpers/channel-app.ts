import { createGuideSkill } from '../../src/answer/index.ts';
import type { AppDeps } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { ChatStore } from '../../src/core/chats.ts';
import { createFeedbackSkill } from '../../src/core/feedback-skill.ts';
import { createCore } from '../../src/core/handle.ts';
import type { Core } from '../../src/core/types.ts';
import { createLogger } from '../../src/log.ts';
import { createOfficerSkills } from '../../src/officers/index.ts';
import type { TestDatabase } from './db.ts';

/** The real core (real skills, as they are today) over a test database, as `createApp` builds it. */
export async function coreFor(db: TestDatabase, env: Record<string, string> = {}): Promise<{ core: Core; config: Config }> {
  const config = loadConfig({ DATA_DIR: db.dataDir, LOG_LEVEL: 'silent', ...env });
  const log = createLogger('silent');
  const deps: AppDeps = { config, db, log };
  const officer = await createOfficerSkills(deps);
  const core = createCore({
    chats: new ChatStore(db.sql),
    officers: officer.directory,
    log,
    guides: await createGuideSkill(deps),
    figures: officer.figures,
    enroll: officer.enroll,
    reports: officer.reports,
    feedback: createFeedbackSkill(db.prisma),
  });
  return { core, config };
}
