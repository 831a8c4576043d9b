import { SkopiaError } from '../errors.ts';

/**
 * The bounded write buffer both adapters share: items are written in batches of `batchSize`, when a
 * batch fills or `flushIntervalMs` after the first waiting item, one batch at a time, in append order.
 * With a backlog (the sink fell behind) a batch takes up to `maxBatchSize` items, so the sink catches
 * up in fewer, larger writes instead of falling further behind one round trip at a time.
 *
 * Memory stays bounded: when more than `maxPending` items wait (the sink is slower than the input), the
 * whole queue goes synchronously to `overflow` (SQLite writes it, InfluxDB spools it to disk). A batch
 * whose write fails stays at the head and is retried on the next tick, so nothing is lost or reordered.
 */

export interface WriteBatcherOptions<T> {
  readonly batchSize: number;
  /** The most items one write takes when more than a batch waits; default batchSize. */
  readonly maxBatchSize?: number;
  readonly flushIntervalMs: number;
  readonly maxPending: number;
  /** Makes one batch durable; a rejection keeps the batch for the next attempt. */
  readonly write: (batch: T[]) => Promise<void>;
  /** Makes the queue durable right now, or throws; then the queue is dropped to keep memory bounded. */
  readonly overflow: (batch: T[]) => void;
  /** A write or an overflow failed; `dropped` items were lost. */
  readonly onError: (error: unknown, dropped: number) => void;
  /** Wait before retrying a failed write; default 1000 ms. */
  readonly retryDelayMs?: number;
}

interface FlushWaiter {
  /** Resolved once every item with an index below this one is durable. */
  readonly through: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class WriteBatcher<T> {
  readonly #options: WriteBatcherOptions<T>;
  readonly #maxBatchSize: number;
  /** Items not yet handed to the sink; #queue[0] has index #queueStart among all items ever pushed. */
  #queue: T[] = [];
  #queueStart = 0;
  /** The batch being written, or waiting for a retry after a failed write. */
  #head: { readonly start: number; readonly items: T[] } | null = null;
  #waiters: FlushWaiter[] = [];
  /** Waiters that only watch: they do not make partial batches go early (see written()). */
  #watchers: FlushWaiter[] = [];
  #timer: NodeJS.Timeout | null = null;
  #draining = false;
  #drainEverything = false;
  #failing = false;
  #stopped = false;
  #closed = false;
  #dropped = 0;
  #overflowed = 0;

  constructor(options: WriteBatcherOptions<T>) {
    const maxBatchSize = options.maxBatchSize ?? options.batchSize;
    if (!(options.batchSize >= 1 && maxBatchSize >= options.batchSize && options.maxPending >= maxBatchSize && options.flushIntervalMs >= 0)) {
      throw new SkopiaError(
        'telemetry_batch_options_invalid',
        `Telemetry batching needs batchSize >= 1, maxBatchSize >= batchSize, maxPending >= maxBatchSize and flushIntervalMs >= 0 (got ${options.batchSize}, ${maxBatchSize}, ${options.maxPending}, ${options.flushIntervalMs}).`,
      );
    }
    this.#options = options;
    this.#maxBatchSize = maxBatchSize;
  }

  /** Items accepted and not yet durable. */
  get pending(): number {
    return this.#queue.length + (this.#head?.items.length ?? 0);
  }

  /** Items that did not fit in memory and went to `overflow` instead (the sink was too slow), since start. */
  get overflowed(): number {
    return this.#overflowed;
  }

  /** Items lost because the sink and the overflow both failed. */
  get dropped(): number {
    return this.#dropped;
  }

  push(items: readonly T[]): void {
    if (this.#stopped) {
      throw new SkopiaError('telemetry_store_closed', 'The telemetry store is closed: readings can no longer be appended.');
    }
    if (items.length === 0) return;
    for (const item of items) this.#queue.push(item);
    if (this.pending > this.#options.maxPending) this.#overflow();
    if (this.#queue.length >= this.#options.batchSize) void this.#drain(false);
    else this.#arm();
  }

  /** Resolves once every item pushed before the call is durable; rejects if a write attempt failed. */
  flush(): Promise<void> {
    const through = this.#queueStart + this.#queue.length;
    if (this.#oldestPending() >= through) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.#waiters.push({ through, resolve, reject }));
    void this.#drain(true);
    return done;
  }

  /**
   * Resolves once every item pushed before the call is durable, at the batcher's own pace: unlike
   * flush() it does not hurry a partial batch, so measuring latency with it does not change it.
   */
  written(): Promise<void> {
    const through = this.#queueStart + this.#queue.length;
    if (this.#oldestPending() >= through) return Promise.resolve();
    return new Promise<void>((resolve, reject) => this.#watchers.push({ through, resolve, reject }));
  }

  /** Flushes, then refuses further items. */
  async close(): Promise<void> {
    this.#stopped = true;
    try {
      await this.flush();
    } finally {
      this.#closed = true;
      this.#disarm();
    }
  }

  #oldestPending(): number {
    return this.#head?.start ?? this.#queueStart;
  }

  /**
   * Writes batches one at a time. Partial batches go only when `everything` is asked for (the interval
   * timer fired, or someone waits in flush()): otherwise a steady trickle would be written as many tiny
   * batches, each its own transaction or request.
   */
  async #drain(everything: boolean): Promise<void> {
    if (this.#draining) {
      this.#drainEverything ||= everything;
      return;
    }
    this.#draining = true;
    this.#drainEverything = everything;
    this.#disarm();
    try {
      for (;;) {
        if (this.#head === null) {
          const full = this.#queue.length >= this.#options.batchSize;
          const partial = this.#queue.length > 0 && (this.#drainEverything || this.#waiters.length > 0);
          if (!full && !partial) break;
          const items = this.#queue.splice(0, this.#maxBatchSize);
          this.#head = { start: this.#queueStart, items };
          this.#queueStart += items.length;
        }
        try {
          await this.#options.write(this.#head.items);
        } catch (error) {
          this.#failing = true;
          this.#options.onError(error, 0);
          this.#settle(error);
          break;
        }
        this.#failing = false;
        this.#head = null;
        this.#settle();
      }
    } finally {
      this.#draining = false;
      this.#drainEverything = false;
      if (this.pending > 0) this.#arm();
    }
  }

  #overflow(): void {
    const items = this.#queue;
    const start = this.#queueStart;
    this.#queue = [];
    this.#queueStart += items.length;
    this.#overflowed += items.length;
    try {
      this.#options.overflow(items);
    } catch (error) {
      this.#dropped += items.length;
      this.#options.onError(error, items.length);
      // Whoever waits on a lost item must hear about it, even once the items after it are durable.
      this.#waiters = this.#waiters.filter((w) => (w.through > start ? (w.reject(error), false) : true));
      this.#watchers = this.#watchers.filter((w) => (w.through > start ? (w.reject(error), false) : true));
    }
    this.#settle();
  }

  /** Resolves the waiters whose items are all durable; with an error, rejects the others. */
  #settle(error?: unknown): void {
    const oldest = this.#oldestPending();
    const settle = (waiters: FlushWaiter[]): FlushWaiter[] => {
      const waiting: FlushWaiter[] = [];
      for (const waiter of waiters) {
        if (waiter.through <= oldest) waiter.resolve();
        else if (error !== undefined) waiter.reject(error);
        else waiting.push(waiter);
      }
      return waiting;
    };
    this.#waiters = settle(this.#waiters);
    this.#watchers = settle(this.#watchers);
  }

  #arm(): void {
    if (this.#timer !== null || this.#draining || this.#closed) return;
    const delay = this.#failing ? (this.#options.retryDelayMs ?? 1000) : this.#options.flushIntervalMs;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#drain(true);
    }, delay);
    // A pending flush must not keep a finished process alive; close() is what guarantees durability.
    this.#timer.unref();
  }

  #disarm(): void {
    if (this.#timer === null) return;
    clearTimeout(this.#timer);
    this.#timer = null;
  }
}
