/**
 * Runs jobs one after another per chat and in parallel across chats, so a chat's answers keep
 * their order while one slow chat never holds up the others.
 */
export class ChatQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly pending = new Set<Promise<void>>();

  /** Queues `job` behind the chat's earlier jobs; the returned promise settles when it has run. */
  run(key: string, job: () => Promise<void>): Promise<void> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.then(job).catch(() => {
      // Jobs log their own failures; the chain must survive them.
    });
    this.tails.set(key, next);
    this.pending.add(next);
    void next.finally(() => {
      this.pending.delete(next);
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
    return next;
  }

  get size(): number {
    return this.pending.size;
  }

  /** Resolves when every queued job has finished (graceful shutdown). */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
