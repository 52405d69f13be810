import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { KNOWLEDGE_ROOT } from '../paths.ts';
import { type Guide, loadGuides } from '../retrieval/guides.ts';
import type { IndexStatus, SearchOptions } from '../retrieval/knowledge-index.ts';
import type { AnswerEngine, GuideAnswer } from './engine.ts';
import { type AnswerRequest, fromWire, type WireAnswer } from './wire.ts';

const WORKER_YOUNG_SPACE_MB = 8;

/**
 * A worker's old generation: a fixed part (code, answers in progress) plus about three times what
 * the index was measured to take — ~60 bytes of heap per byte of guide text (52 guides, 150 KB: 9 MB).
 */
export function workerOldSpaceMb(guideBytes: number): number {
  return Math.ceil(48 + (guideBytes * 200) / 1048576);
}

type Reply = { id: number; answer: WireAnswer } | { id: number; done: true } | { id: number; error: string };

type Examples = Readonly<Record<string, readonly string[]>>;

interface Pending {
  resolve: (a: WireAnswer) => void;
  reject: (err: Error) => void;
}

/** One worker thread holding its own copy of the knowledge index. */
class Slot {
  worker!: Worker;
  ready!: Promise<IndexStatus>;
  private failReady: (err: Error) => void = () => {};
  /** Loaded its index at least once: only then is a crash worth a restart (not a broken index). */
  started = false;
  readonly pending = new Map<number, Pending>();
  /** Crashes (or time-outs) since the last answer: the wait before the next respawn doubles with each. */
  crashes = 0;

  constructor(
    private readonly config: Config,
    private readonly oldSpaceMb: number,
    private readonly onCrash: (slot: Slot, err: Error) => void,
    /** Editors' examples in use now: a worker started later indexes them before it is ready. */
    private readonly examples: () => Examples,
  ) {
    this.spawn();
  }

  spawn(): void {
    const worker = new Worker(new URL('./answer-worker.mjs', import.meta.url), {
      workerData: { config: this.config, examples: this.examples() },
      // Without a cap V8 lets garbage pile up to hundreds of MB under load before collecting it;
      // the cap grows with the guides, as the index does.
      resourceLimits: { maxOldGenerationSizeMb: this.oldSpaceMb, maxYoungGenerationSizeMb: WORKER_YOUNG_SPACE_MB },
    });
    this.worker = worker;
    this.ready = new Promise<IndexStatus>((resolve, reject) => {
      this.failReady = reject;
      const onMessage = (m: { ready?: IndexStatus; failed?: string }) => {
        if (m.ready) {
          this.started = true;
          resolve(m.ready);
        } else if (m.failed) reject(new Error(`answer worker could not load the knowledge index: ${m.failed}`));
        else return;
        worker.off('message', onMessage);
        worker.on('message', (r: Reply) => this.settle(r));
      };
      worker.on('message', onMessage);
    });
    this.ready.catch(() => {});
    worker.on('error', (err) => this.crashed(worker, err));
    worker.on('exit', (code) => this.crashed(worker, new Error(`answer worker exited with code ${code}`)));
  }

  private settle(r: Reply): void {
    const p = this.pending.get(r.id);
    if (!p) return;
    this.pending.delete(r.id);
    this.crashes = 0;
    if ('answer' in r) p.resolve(r.answer);
    else if ('done' in r) p.resolve(undefined as never);
    else p.reject(new Error(r.error));
  }

  private crashed(worker: Worker, err: Error): void {
    if (worker !== this.worker) return; // an old worker's late event
    // Dying before it was ready (a module failing to load) must fail start-up, not leave it waiting.
    this.failReady(err);
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    this.onCrash(this, err);
  }

  /** A question outlived its time: the worker is stuck on it, and would hold every later one. */
  restart(): void {
    void this.worker.terminate();
  }

  /** Spawns again after `delayMs`; questions arriving meanwhile wait on `ready`. */
  respawnAfter(delayMs: number): void {
    this.ready = new Promise<void>((resolve) => setTimeout(resolve, delayMs).unref()).then(() => {
      this.spawn();
      return this.ready;
    });
    this.ready.catch(() => {});
  }
}

/** Waits before respawning a worker that keeps dying: 250 ms, 500 ms, 1 s … at most 30 s. */
export function respawnDelayMs(crashes: number): number {
  return Math.min(30_000, 250 * 2 ** Math.max(0, crashes - 1));
}

/**
 * Answers on worker threads, so retrieval (the most CPU an answer takes) runs beside the main
 * thread — which then only does HTTP, the database and the channels — instead of on it. Each
 * worker loads the same persisted index; a crashed worker is replaced and its questions fail
 * (the core turns that into a polite error reply) rather than hang.
 */
export class WorkerEngine implements AnswerEngine {
  private readonly slots: Slot[] = [];
  private readonly byId: Map<string, Guide>;
  private next = 0;
  private seq = 0;
  private examples: Examples = {};
  private closing = false;
  private readonly oldSpaceMb: number;

  private constructor(
    private readonly config: Config,
    private readonly log: Logger | undefined,
  ) {
    const guides = loadGuides(KNOWLEDGE_ROOT);
    this.byId = new Map(guides.map((g) => [g.id, g]));
    this.oldSpaceMb = workerOldSpaceMb(guides.reduce((n, g) => n + statSync(join(KNOWLEDGE_ROOT, g.file)).size, 0));
  }

  /** Starts `threads` workers; the first builds the index if it is stale, the others then load it. */
  static async start(config: Config, threads: number, log?: Logger): Promise<{ engine: WorkerEngine; status: IndexStatus }> {
    const engine = new WorkerEngine(config, log);
    try {
      const first = engine.add();
      const status = await first.ready;
      for (let i = 1; i < threads; i++) engine.add();
      await Promise.all(engine.slots.map((s) => s.ready));
      return { engine, status };
    } catch (err) {
      await engine.close();
      throw err;
    }
  }

  private add(): Slot {
    const slot = new Slot(
      this.config,
      this.oldSpaceMb,
      (s, err) => {
        if (this.closing || !s.started) return;
        s.crashes++;
        const delayMs = respawnDelayMs(s.crashes);
        this.log?.error({ err, crashes: s.crashes, retryInMs: delayMs }, 'answer worker stopped; starting a new one');
        s.respawnAfter(delayMs);
      },
      () => this.examples,
    );
    this.slots.push(slot);
    return slot;
  }

  /** Resolves once every worker is up, a replacement included once its backoff and start-up are over. */
  async whenReady(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  async answer(question: string, opts: Omit<SearchOptions, 'limit'> = {}): Promise<GuideAnswer> {
    if (this.closing) throw new Error('answer engine is closed');
    const slot = this.slots[this.next++ % this.slots.length]!;
    const id = ++this.seq;
    const limitMs = this.config.ANSWER_TIMEOUT_MS;
    const wire = await new Promise<WireAnswer>((resolve, reject) => {
      let posted = false;
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        slot.pending.delete(id);
        reject(new Error(`answer took over ${limitMs} ms`));
        if (posted) slot.restart();
      }, limitMs);
      timer.unref();
      const pending: Pending = {
        resolve: (a) => {
          clearTimeout(timer);
          resolve(a);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      slot.ready.then(() => {
        if (timedOut) return; // waited out a respawn: never asked
        posted = true;
        slot.pending.set(id, pending);
        slot.worker.postMessage({ id, question, opts } satisfies AnswerRequest);
      }, pending.reject);
    });
    return fromWire(wire, this.byId);
  }

  /**
   * Every worker re-indexes with these examples. A worker that dies meanwhile is not waited for:
   * its replacement starts with them (workerData).
   */
  async useExamples(examples: Examples): Promise<void> {
    this.examples = examples;
    await Promise.allSettled(
      this.slots.map(
        (slot) =>
          new Promise<void>((resolve, reject) => {
            const id = ++this.seq;
            slot.ready.then(() => {
              slot.pending.set(id, { resolve: () => resolve(), reject });
              slot.worker.postMessage({ id, examples });
            }, reject);
          }),
      ),
    ).then((results) => {
      for (const r of results) if (r.status === 'rejected') this.log?.warn({ err: r.reason }, 'an answer worker missed the new examples');
    });
  }

  guide(id: string): Guide | undefined {
    return this.byId.get(id);
  }

  guides(): Guide[] {
    return [...this.byId.values()];
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
