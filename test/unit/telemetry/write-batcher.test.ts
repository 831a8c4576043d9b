import { afterEach, describe, expect, it, vi } from 'vitest';
import { WriteBatcher, type WriteBatcherOptions } from '../../../server/telemetry/write-batcher.ts';

interface Harness {
  batcher: WriteBatcher<number>;
  written: number[][];
  overflowed: number[][];
  errors: { error: unknown; dropped: number }[];
  /** Makes the next writes fail with this error until set back to null. */
  failWith: { error: Error | null };
  /** Holds writes until released, to observe what happens while one is in flight. */
  hold: { on: boolean; release: () => void };
  maxConcurrent: () => number;
}

function harness(options: Partial<WriteBatcherOptions<number>> = {}): Harness {
  const written: number[][] = [];
  const overflowed: number[][] = [];
  const errors: { error: unknown; dropped: number }[] = [];
  const failWith: { error: Error | null } = { error: null };
  let releases: (() => void)[] = [];
  const hold = {
    on: false,
    release: () => {
      const r = releases;
      releases = [];
      r.forEach((f) => f());
    },
  };
  let inFlight = 0;
  let maxInFlight = 0;
  const batcher = new WriteBatcher<number>({
    batchSize: 3,
    flushIntervalMs: 100,
    maxPending: 10,
    retryDelayMs: 500,
    write: async (batch) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        if (hold.on) await new Promise<void>((resolve) => releases.push(resolve));
        if (failWith.error !== null) throw failWith.error;
        written.push([...batch]);
      } finally {
        inFlight--;
      }
    },
    overflow: (batch) => overflowed.push([...batch]),
    onError: (error, dropped) => errors.push({ error, dropped }),
    ...options,
  });
  return { batcher, written, overflowed, errors, failWith, hold, maxConcurrent: () => maxInFlight };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('WriteBatcher', () => {
  it('writes a batch as soon as batchSize items wait', async () => {
    const h = harness();
    h.batcher.push([1, 2]);
    await Promise.resolve();
    expect(h.written).toEqual([]);
    h.batcher.push([3, 4]);
    await vi.waitFor(() => expect(h.written).toEqual([[1, 2, 3]]));
    expect(h.batcher.pending).toBe(1);
  });

  it('leaves the remainder behind a full batch for the timer, rather than writing it as a tiny batch', async () => {
    vi.useFakeTimers();
    const h = harness();
    h.batcher.push([1, 2, 3, 4]);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.written).toEqual([[1, 2, 3]]);
    await vi.advanceTimersByTimeAsync(100);
    expect(h.written).toEqual([[1, 2, 3], [4]]);
  });

  it('writes a smaller batch flushIntervalMs after it started waiting', async () => {
    vi.useFakeTimers();
    const h = harness();
    h.batcher.push([1]);
    await vi.advanceTimersByTimeAsync(99);
    expect(h.written).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.written).toEqual([[1]]);
  });

  it('resolves flush() only once the write has completed', async () => {
    const h = harness();
    h.hold.on = true;
    h.batcher.push([1]);
    let flushed = false;
    const flushing = h.batcher.flush().then(() => (flushed = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(flushed).toBe(false);
    expect(h.batcher.pending).toBe(1);
    h.hold.on = false;
    h.hold.release();
    await flushing;
    expect(h.written).toEqual([[1]]);
    expect(h.batcher.pending).toBe(0);
  });

  it('resolves flush() at once when nothing waits', async () => {
    const h = harness();
    await h.batcher.flush();
    expect(h.written).toEqual([]);
  });

  it('writes one batch at a time, in append order', async () => {
    const h = harness();
    h.hold.on = true;
    h.batcher.push([1, 2, 3, 4, 5, 6, 7]);
    const flushing = h.batcher.flush();
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      h.hold.release();
    }
    h.hold.on = false;
    h.hold.release();
    await flushing;
    expect(h.written).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(h.maxConcurrent()).toBe(1);
  });

  it('catches up in larger writes (up to maxBatchSize) when a backlog built up behind a slow write', async () => {
    const h = harness({ maxBatchSize: 6, maxPending: 20 });
    h.hold.on = true;
    h.batcher.push([1, 2, 3]); // in flight
    h.batcher.push([4, 5, 6, 7, 8, 9, 10, 11]);
    h.hold.on = false;
    h.hold.release();
    await h.batcher.flush();
    expect(h.written).toEqual([[1, 2, 3], [4, 5, 6, 7, 8, 9], [10, 11]]);
    expect(h.batcher.overflowed).toBe(0);
  });

  it('hands the queue to overflow synchronously beyond maxPending, so memory stays bounded', async () => {
    const h = harness();
    h.hold.on = true;
    h.batcher.push([1, 2, 3]); // in flight
    h.batcher.push([4, 5, 6, 7, 8, 9, 10]);
    expect(h.overflowed).toEqual([]);
    h.batcher.push([11]);
    expect(h.overflowed).toEqual([[4, 5, 6, 7, 8, 9, 10, 11]]);
    expect(h.batcher.overflowed).toBe(8);
    expect(h.batcher.pending).toBe(3);
    h.hold.on = false;
    h.hold.release();
    await h.batcher.flush();
    expect(h.written).toEqual([[1, 2, 3]]);
  });

  it('keeps a failed batch at the head, rejects the flush, and retries it later in order', async () => {
    vi.useFakeTimers();
    const h = harness();
    const boom = new Error('disk full');
    h.failWith.error = boom;
    h.batcher.push([1, 2]);
    const failed = h.batcher.flush();
    await expect(failed).rejects.toBe(boom);
    expect(h.errors).toEqual([{ error: boom, dropped: 0 }]);
    expect(h.batcher.pending).toBe(2);

    h.batcher.push([3]);
    h.failWith.error = null;
    await vi.advanceTimersByTimeAsync(499);
    expect(h.written).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.written).toEqual([[1, 2], [3]]);
    await h.batcher.flush();
  });

  it('counts and reports items lost when the overflow fails too, and rejects flushes waiting on them', async () => {
    const h = harness({
      overflow: () => {
        throw new Error('spool disk full');
      },
    });
    h.hold.on = true;
    h.batcher.push([1, 2, 3]);
    h.batcher.push([4, 5, 6]);
    const waiting = h.batcher.flush();
    h.batcher.push([7, 8, 9, 10, 11]);
    expect(h.batcher.dropped).toBe(8);
    expect(h.errors).toEqual([{ error: expect.any(Error) as unknown, dropped: 8 }]);
    await expect(waiting).rejects.toThrow('spool disk full');
    h.hold.on = false;
    h.hold.release();
    await h.batcher.flush();
    expect(h.written).toEqual([[1, 2, 3]]);
  });

  it('flushes on close, then refuses new items', async () => {
    const h = harness();
    h.batcher.push([1]);
    await h.batcher.close();
    expect(h.written).toEqual([[1]]);
    expect(() => h.batcher.push([2])).toThrow(expect.objectContaining({ code: 'telemetry_store_closed' }) as Error);
  });

  it('refuses options that cannot bound memory', () => {
    expect(() => harness({ batchSize: 20, maxPending: 10 })).toThrow(expect.objectContaining({ code: 'telemetry_batch_options_invalid' }) as Error);
    expect(() => harness({ batchSize: 0 })).toThrow(/batchSize >= 1/);
    expect(() => harness({ batchSize: 3, maxBatchSize: 2 })).toThrow(/maxBatchSize >= batchSize/);
    expect(() => harness({ maxBatchSize: 11 })).toThrow(/maxPending >= maxBatchSize/);
  });
});
