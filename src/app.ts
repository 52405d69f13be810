import { sql } from 'kysely';
import { createGuideSkill } from './answer/index.ts';
import { guideRoutes } from './answer/guide-skill.ts';
import type { Config } from './config.ts';
import { ChatStore } from './core/chats.ts';
import { basics } from './core/basics.ts';
import { Composer } from './core/composer.ts';
import { feedback } from './core/feedback-skill.ts';
import { dossierStatus } from './dossiers/status-skill.ts';
import { figures } from './indicators/figure-skill.ts';
import { enrollment } from './officers/enroll-skill.ts';
import { reportToggle } from './officers/report-toggle-skill.ts';
import { supportRoutes } from './support/skill.ts';
import { CuratedService } from './curated/service.ts';
import { withCurated } from './curated/skill.ts';
import { supportFromConfig } from './support/index.ts';
import type { SupportService } from './support/service.ts';
import { createCore } from './core/handle.ts';
import type { Core } from './core/types.ts';
import { unknownUnitText } from './indicators/units.ts';
import { disableLangChainTracing } from './langchain-tracing.ts';
import { createLogger, type Logger } from './log.ts';
import { createOfficerDirectory } from './officers/directory.ts';
import { type Database, openDatabase } from './store/db.ts';
import type { OfficerDirectory } from './core/handle.ts';

export class UnknownUnitError extends Error {}

async function actingAs(db: Database, unitCode: string, real: OfficerDirectory): Promise<OfficerDirectory> {
  // Unit codes are matched whatever their case ("--unit syt.nv2").
  const unit = await db.kysely
    .selectFrom('units')
    .select(['code', 'name'])
    .where(sql<string>`lower(code)`, '=', unitCode.toLowerCase())
    .executeTakeFirst();
  if (!unit) throw new UnknownUnitError(unknownUnitText(unitCode));
  const identity = { officerId: 0, unitCode: unit.code, unitName: unit.name, displayName: 'CLI' };
  return {
    identify: async (channel, userId) => (channel === 'cli' ? identity : real.identify(channel, userId)),
  };
}

/** Everything a skill factory may need. */
export interface AppDeps {
  config: Config;
  db: Database;
  log: Logger;
}

export interface App extends AppDeps {
  core: Core;
  /** Tickets handed to people (issue 15): the console lists and answers them here. */
  support: SupportService;
  /** Editors' examples, curated answers and out-of-scope marks, in use as soon as changed. */
  curated: CuratedService;
  close(): Promise<void>;
}

export interface AppOptions {
  log?: Logger;
  /** `ask --unit CODE`: messages from the local CLI count as from an enrolled officer of CODE. */
  actAsUnit?: string;
  /** Worker threads answering citizen questions (0: in this thread). The server uses ANSWER_THREADS. */
  answerThreads?: number;
}

/** Opens the database (applying migrations), builds the skills and the core. */
export async function createApp(config: Config, opts: AppOptions = {}): Promise<App> {
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const db = await openDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.DATABASE_URL,
    sharedBuffers: config.PGLITE_SHARED_BUFFERS,
    timeouts: {
      connectMs: config.DB_CONNECT_TIMEOUT_MS,
      statementMs: config.DB_STATEMENT_TIMEOUT_MS,
      idleInTransactionMs: config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    log,
  });
  try {
    const app = await assembleApp({ config, db, log }, opts);
    return {
      ...app,
      async close() {
        await app.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}

/**
 * The skills and the core over an open database, as every entry point uses them; `close` stops
 * what was built here and leaves the database to its owner. `clock` fixes the time (tests).
 */
export async function assembleApp(deps: AppDeps, opts: AppOptions & { clock?: () => Date } = {}): Promise<App> {
  const { config, db, log } = deps;
  // Before any retriever or chat model exists, and before answer workers copy the environment.
  const tracing = disableLangChainTracing();
  if (tracing.length) log.warn({ variables: tracing }, 'LangChain tracing to LangSmith switched off: citizens\' messages stay here');
  const guides = await createGuideSkill(deps, opts.answerThreads ?? 0);
  try {
    const directory = createOfficerDirectory(db.kysely);
    const curated = new CuratedService({ db: db.kysely, engine: guides.engine, log });
    await curated.reload();
    // With replicas sharing a PostgreSQL server, another one's change arrives within 15 s.
    const unwatch = db.backend === 'pglite' ? () => {} : curated.watch();
    const support = supportFromConfig(config, db.kysely, log, opts.clock);
    const staff = supportRoutes(support.skill);
    // The skills in priority order: the first whose trigger matches and whose guards let the message
    // through answers it. Adding a skill is one line here (README § Architecture).
    const skills = new Composer().use(
      staff.staff,
      feedback({ db }),
      basics(),
      enrollment({ db }),
      reportToggle({ db, config }),
      staff.awaited,
      dossierStatus({ db }),
      await figures({ db, config }),
      guideRoutes(withCurated(guides, curated)),
    );
    const core = createCore({
      // The embedded database is this process's alone (locked), so its chats can be cached.
      chats: new ChatStore(db.kysely, { cacheChats: db.backend === 'pglite' ? 10_000 : 0 }),
      officers: opts.actAsUnit ? await actingAs(db, opts.actAsUnit, directory) : directory,
      log,
      skills,
      ...(opts.clock ? { clock: opts.clock } : {}),
    });
    return {
      ...deps,
      core,
      support: support.service,
      curated,
      async close() {
        unwatch();
        support.service.detach();
        await guides.close();
      },
    };
  } catch (err) {
    await guides.close();
    throw err;
  }
}
