import { createGuideSkill } from '../../src/answer/index.ts';
import type { AppDeps } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { ChatStore } from '../../src/core/chats.ts';
import { createFeedbackSkill } from '../../src/core/feedback-skill.ts';
import { createCore } from '../../src/core/handle.ts';
import type { Core } from '../../src/core/types.ts';
import { CuratedService } from '../../src/curated/service.ts';
import { withCurated } from '../../src/curated/skill.ts';
import { createDossierStatusSkill } from '../../src/dossiers/status-skill.ts';
import { createLogger } from '../../src/log.ts';
import { createOfficerSkills } from '../../src/officers/index.ts';
import { supportFromConfig } from '../../src/support/index.ts';
import type { SupportService } from '../../src/support/service.ts';
import type { TestDatabase } from './db.ts';

export interface SupportApp {
  core: Core;
  config: Config;
  support: SupportService;
  curated: CuratedService;
  close(): Promise<void>;
}

/** The real core with support and curated answers wired as `createApp` does, over a test database and a settable clock. */
export async function supportApp(db: TestDatabase, env: Record<string, string> = {}, clock?: () => Date, threads = 0): Promise<SupportApp> {
  const config = loadConfig({ DATA_DIR: db.dataDir, LOG_LEVEL: 'silent', ...env });
  const log = createLogger('silent');
  const deps: AppDeps = { config, db, log };
  const officer = await createOfficerSkills(deps);
  const guides = await createGuideSkill(deps, threads);
  const curated = new CuratedService({ prisma: db.prisma, engine: guides.engine, log });
  await curated.reload();
  const support = supportFromConfig(config, db.prisma, log, clock);
  const core = createCore({
    chats: new ChatStore(db.sql),
    officers: officer.directory,
    log,
    guides: withCurated(guides, curated),
    figures: officer.figures,
    enroll: officer.enroll,
    reports: officer.reports,
    feedback: createFeedbackSkill(db.prisma),
    dossierStatus: createDossierStatusSkill(db.sql),
    support: support.skill,
    ...(clock ? { clock } : {}),
  });
  return {
    core,
    config,
    support: support.service,
    curated,
    async close() {
      support.service.detach();
      await guides.close();
    },
  };
}
