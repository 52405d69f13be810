import { describe, expect, it } from 'vitest';
import { Batcher } from '../src/store/batcher.ts';

describe('Batcher', () => {
  it('runs calls of the same turn together and keeps each result with its caller', async () => {
    const batches: number[][] = [];
    const b = new Batcher<number, number>(async (xs) => {
      batches.push(xs);
      return xs.map((x) => x * 10);
    });
    expect(await Promise.all([b.push(1), b.push(2), b.push(3)])).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('keeps one batch in flight; calls made meanwhile go together in the next', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const b = new Batcher<number, number>(async (xs) => {
      batches.push(xs);
      if (batches.length === 1) await gate;
      return xs;
    });
    const first = b.push(1);
    await new Promise((r) => setImmediate(r));
    const later = [b.push(2), b.push(3)];
    await new Promise((r) => setTimeout(r, 20));
    expect(batches).toEqual([[1]]);
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('splits at maxBatch and gives a failure to every caller of that batch only', async () => {
    const b = new Batcher<number, number>(
      async (xs) => {
        if (xs.includes(2)) throw new Error('bad batch');
        return xs;
      },
      { maxBatch: 2 },
    );
    const results = await Promise.allSettled([b.push(1), b.push(2), b.push(3)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
  });

  it('spaces batches by minIntervalMs under load, but does not delay a call after a quiet spell', async () => {
    const starts: number[] = [];
    const b = new Batcher<number, number>(
      async (xs) => {
        starts.push(performance.now());
        return xs;
      },
      { minIntervalMs: 40 },
    );
    const t0 = performance.now();
    await b.push(1);
    expect(starts[0]! - t0).toBeLessThan(20);
    // Arriving right after the first batch: they wait for the interval and go together.
    await Promise.all([b.push(2), b.push(3), b.push(4)]);
    expect(starts).toHaveLength(2);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(39);
    await new Promise((r) => setTimeout(r, 60));
    const t1 = performance.now();
    await b.push(5);
    expect(starts[2]! - t1).toBeLessThan(20);
  });
});

describe('Batcher failures', () => {
  const dataError = Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05' });

  it('a batch the database refuses for its data is split until only the bad items fail', async () => {
    let statements = 0;
    const b = new Batcher<number, number>(async (xs) => {
      statements++;
      if (xs.includes(5) || xs.includes(13)) throw dataError;
      return xs.map((x) => x * 2);
    });
    const results = await Promise.allSettled(Array.from({ length: 16 }, (_, i) => b.push(i)));
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [i] : []));
    expect(failed).toEqual([5, 13]);
    expect(results[4]).toEqual({ status: 'fulfilled', value: 8 });
    expect((results[5] as PromiseRejectedResult).reason).toBe(dataError);
    expect(statements).toBeLessThanOrEqual(15);
    // Halving, not one statement per item: 64 items with one bad one cost 13 statements, not 65.
    statements = 0;
    const many = await Promise.allSettled(Array.from({ length: 64 }, (_, i) => b.push(i === 37 ? 5 : 100 + i)));
    expect(many.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(many[37]!.status).toBe('rejected');
    expect(statements).toBe(13);
  });

  it('a server-side failure (connection lost, timeout) fails the batch once, without retries', async () => {
    for (const err of [Object.assign(new Error('terminating connection'), { code: '57P01' }), new Error('Connection terminated')]) {
      let statements = 0;
      const b = new Batcher<number, number>(async () => {
        statements++;
        throw err;
      });
      const results = await Promise.allSettled([b.push(1), b.push(2), b.push(3), b.push(4)]);
      expect(results.every((r) => r.status === 'rejected')).toBe(true);
      expect(statements).toBe(1);
    }
  });
});
