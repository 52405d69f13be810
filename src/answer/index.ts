import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { Skill } from '../core/skill.ts';
import type { Logger } from '../log.ts';
import { KNOWLEDGE_ROOT } from '../paths.ts';
import type { Database } from '../store/db.ts';
import { HashedFeatureEmbeddings, type NamedEmbeddings } from '../retrieval/embeddings.ts';
import type { IndexStatus } from '../retrieval/knowledge-index.ts';
import type { AnswerEngine, GuideEngine } from './engine.ts';
import { createGuideSkillFrom } from './guide-skill.ts';
import type { Rephraser } from './rephrase.ts';

/** The guides shipped with the bot. */
export const KNOWLEDGE_DIR = KNOWLEDGE_ROOT;

export function indexDir(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, 'index');
}

export async function createEmbeddings(config: Config): Promise<NamedEmbeddings> {
  if (config.EMBEDDINGS_PROVIDER === 'openai-compatible') {
    // @langchain/openai and the OpenAI SDK are ~40 MB resident: loaded only when configured.
    const { OpenAICompatibleEmbeddings } = await import('../retrieval/openai-embeddings.ts');
    return new OpenAICompatibleEmbeddings({
      baseUrl: config.EMBEDDINGS_BASE_URL!,
      model: config.EMBEDDINGS_MODEL!,
      apiKey: config.EMBEDDINGS_API_KEY,
    });
  }
  return new HashedFeatureEmbeddings();
}

export async function createRephraser(config: Config, log?: Logger): Promise<Rephraser | null> {
  if (config.LLM_PROVIDER !== 'openai-compatible') return null;
  // @langchain/openai with LangChain's chat-model stack is ~40 MB resident: loaded only when an LLM is configured.
  const [{ createChatModel }, { Rephraser }] = await Promise.all([import('./chat-model.ts'), import('./rephrase.ts')]);
  const model = createChatModel({
    baseUrl: config.LLM_BASE_URL!,
    model: config.LLM_MODEL!,
    apiKey: config.LLM_API_KEY,
  });
  // The OpenAI SDK's errors say what failed ("503 busy"), not where: the log line names the server.
  return new Rephraser(model, config.LLM_TIMEOUT_MS, log?.child({ llm: config.LLM_BASE_URL }));
}

/** Loads the persisted knowledge index (rebuilding it only when a guide or the embedder changed). */
export async function openEngine(
  config: Config,
  opts: { force?: boolean; knowledgeDir?: string } = {},
): Promise<{ engine: GuideEngine; status: IndexStatus }> {
  // Loaded here, not at the top: with answers on worker threads the main thread never opens an
  // index, and the index and engine bring LangChain's runnable stack (~5 MB heap, ~20 MB resident).
  const [{ KnowledgeIndex }, { GuideEngine }] = await Promise.all([
    import('../retrieval/knowledge-index.ts'),
    import('./engine.ts'),
  ]);
  const { index, status } = await KnowledgeIndex.open({
    knowledgeDir: opts.knowledgeDir ?? KNOWLEDGE_DIR,
    indexDir: indexDir(config),
    embeddings: await createEmbeddings(config),
    ...(opts.force ? { force: true } : {}),
  });
  return { engine: new GuideEngine(index), status };
}

/** What the guide skill is built from: settings (index, embedder, LLM), the database (unanswered questions), the log. */
export interface GuideSkillAppDeps {
  config: Config;
  db: Database;
  log: Logger;
}

/**
 * The guide skill. With `threads` > 0 retrieval runs on that many worker threads (the server);
 * with 0 in this thread (one-off commands, where starting a worker would cost more than it saves).
 */
export async function createGuideSkill(
  deps: GuideSkillAppDeps,
  threads = 0,
): Promise<Skill & { engine: AnswerEngine; close(): Promise<void> }> {
  const { engine, status } =
    threads > 0
      ? await (await import('./worker-engine.ts')).WorkerEngine.start(deps.config, threads, deps.log)
      : await openEngine(deps.config);
  if (status.rebuilt) deps.log.info(status, 'knowledge index rebuilt');
  else deps.log.debug(status, 'knowledge index loaded');
  const skill = createGuideSkillFrom({ engine, db: deps.db.kysely, rephraser: await createRephraser(deps.config, deps.log) });
  const answers: AnswerEngine = engine;
  return { handle: skill.handle, engine: answers, close: async () => answers.close?.() };
}
