import type { AnswerEngine } from '../answer/engine.ts';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import { closest, type Folded, foldQuestion } from '../text/similarity.ts';
import {
  type CuratedChange,
  type CuratedEntry,
  type CuratedInput,
  type CuratedKind,
  CuratedNotFoundError,
  CuratedStore,
  checkEntry,
} from './store.ts';

export interface CuratedMatch {
  entry: CuratedEntry;
  similarity: number;
}

export interface CuratedServiceDeps {
  db: Db;
  /** The engine answering questions: examples go into its index (and its workers'). */
  engine: Pick<AnswerEngine, 'guide' | 'useExamples'>;
  log: Logger;
}

/**
 * Editors' content in use: curated answers and out-of-scope marks matched before retrieval, and
 * examples as rulings and extra aliases of their guides. Every change through here is in use when the call
 * returns (this process); other processes sharing the database pick it up on `watch`.
 */
export class CuratedService {
  readonly store: CuratedStore;
  private matchable: { entry: CuratedEntry; folded: Folded }[] = [];
  private version = -1;
  private loading: Promise<void> = Promise.resolve();

  constructor(private readonly deps: CuratedServiceDeps) {
    this.store = new CuratedStore(deps.db);
  }

  /** Reads every entry and puts it in use (start-up, after each change, when another process changed them). */
  reload(): Promise<void> {
    const run = this.loading.then(async () => {
      const version = await this.store.version();
      const entries = await this.store.list();
      this.matchable = entries.filter((e) => e.kind !== 'example').map((entry) => ({ entry, folded: foldQuestion(entry.text) }));
      const examples: Record<string, string[]> = {};
      for (const e of entries) {
        if (e.kind !== 'example' || !e.guideId) continue;
        examples[e.guideId] = [...(examples[e.guideId] ?? []), e.text];
      }
      await this.deps.engine.useExamples?.(examples);
      this.version = version;
    });
    this.loading = run.catch(() => {});
    return run;
  }

  /**
   * Reloads when another process changed the entries (replicas sharing PostgreSQL, `curated
   * import` run beside `start`); returns the stop function.
   */
  watch(everyMs = 15_000): () => void {
    const timer = setInterval(() => {
      void this.store
        .version()
        .then((v) => (v !== this.version ? this.reload() : undefined))
        .catch((err: unknown) => this.deps.log.warn({ err }, 'curated answers not reloaded'));
    }, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** The closest curated answer or out-of-scope mark at or above CLOSE_MATCH, or null. */
  match(question: string): CuratedMatch | null {
    if (this.matchable.length === 0) return null;
    const best = closest(foldQuestion(question), this.matchable);
    return best && { entry: best.item.entry, similarity: best.similarity };
  }

  list(filter?: { kind?: CuratedKind }): Promise<CuratedEntry[]> {
    return this.store.list(filter);
  }

  history(filter?: { key?: string; limit?: number }): Promise<CuratedChange[]> {
    return this.store.history(filter);
  }

  /** Whether a guide with this id exists (an example must retrieve something). */
  knowsGuide(id: string): boolean {
    return this.deps.engine.guide(id) !== undefined;
  }

  private check(input: CuratedInput) {
    return checkEntry(input, (id) => this.knowsGuide(id));
  }

  private async changed<T>(result: T): Promise<T> {
    await this.reload();
    return result;
  }

  /** Any kind, as files and the console give it (`key` optional: made from the text). */
  async add(input: CuratedInput, by: string): Promise<CuratedEntry> {
    return this.changed(await this.store.create(this.check(input), by));
  }

  addExample(input: { text: string; guideId: string; by: string }): Promise<CuratedEntry> {
    return this.add({ kind: 'example', text: input.text, guideId: input.guideId }, input.by);
  }

  addAnswer(input: { text: string; reply: string; sourceUrl: string; by: string }): Promise<CuratedEntry> {
    return this.add({ kind: 'answer', text: input.text, reply: input.reply, sourceUrl: input.sourceUrl }, input.by);
  }

  markOutOfScope(input: { text: string; reply: string; by: string; sourceUrl?: string }): Promise<CuratedEntry> {
    return this.add({ kind: 'out_of_scope', text: input.text, reply: input.reply, sourceUrl: input.sourceUrl ?? null }, input.by);
  }

  async update(
    id: number,
    patch: Partial<Pick<CuratedEntry, 'kind' | 'text' | 'guideId' | 'reply' | 'sourceUrl'>>,
    by: string,
  ): Promise<CuratedEntry> {
    const current = await this.store.get(id);
    if (!current) throw new CuratedNotFoundError(`Không có mục ${id}.`);
    const merged = { ...current, ...patch };
    return this.changed(await this.store.update(id, this.check({ ...merged, key: current.key }), by));
  }

  async remove(id: number, by: string): Promise<void> {
    await this.changed(await this.store.remove(id, by));
  }
}
