/**
 * Ingest flow control: when the telemetry store falls behind (InfluxDB slower than the sensors for a
 * moment: a burst, a compaction, a server catching up on a queue), ingest stops taking messages and
 * the broker holds them, instead of the server writing the surplus to its disk spool and reading it
 * back. The broker already holds a persistent session's queue while the server is down; this asks
 * the same of it for a second or two.
 *
 * A pause is bounded: if the store is still behind after `maxPauseMs`, ingest goes on and the store's
 * overflow (the disk spool) takes the surplus, so a long slowdown never rests on the broker's queue
 * limit. Flow control resumes once the store has caught up below `lowWater`.
 */

export interface FlowControlOptions {
  /** Readings accepted and not yet durable in the store. */
  readonly backlog: () => number;
  /** Pause when the backlog reaches this. */
  readonly highWater: number;
  /** Resume when it is down to this. */
  readonly lowWater: number;
  /** The longest one pause lasts; then the store's overflow takes over. */
  readonly maxPauseMs: number;
  readonly pollMs?: number;
  readonly now?: () => number;
  /** Called once when a pause ran out and ingest goes on with the store still behind. */
  readonly onOverload?: (backlog: number) => void;
}

export interface FlowControlStats {
  /** Pauses since start, and their total length. */
  readonly pauses: number;
  readonly pausedMs: number;
  /** True while the store is behind after a full pause: the surplus goes to the store's overflow. */
  readonly overloaded: boolean;
}

export class FlowControl {
  readonly #o: Required<Omit<FlowControlOptions, 'onOverload'>> & Pick<FlowControlOptions, 'onOverload'>;
  #pauses = 0;
  #pausedMs = 0;
  #overloaded = false;

  constructor(options: FlowControlOptions) {
    if (!(options.lowWater >= 0 && options.highWater > options.lowWater && options.maxPauseMs >= 0)) {
      throw new RangeError(`flow control needs 0 <= lowWater < highWater and maxPauseMs >= 0 (got ${options.lowWater}, ${options.highWater}, ${options.maxPauseMs})`);
    }
    this.#o = { pollMs: 5, now: Date.now, ...options };
  }

  get stats(): FlowControlStats {
    return { pauses: this.#pauses, pausedMs: this.#pausedMs, overloaded: this.#overloaded };
  }

  /** Null: take the next message now. Otherwise a promise that resolves when ingest may go on. */
  admit(): Promise<void> | null {
    const backlog = this.#o.backlog();
    if (this.#overloaded) {
      if (backlog <= this.#o.lowWater) this.#overloaded = false;
      return null;
    }
    if (backlog < this.#o.highWater) return null;
    return this.#pause();
  }

  #pause(): Promise<void> {
    const { backlog, lowWater, maxPauseMs, pollMs, now } = this.#o;
    const startedAt = now();
    this.#pauses++;
    return new Promise<void>((resolve) => {
      const check = (): void => {
        const elapsed = now() - startedAt;
        const left = backlog();
        if (left <= lowWater || elapsed >= maxPauseMs) {
          this.#pausedMs += elapsed;
          if (left > lowWater) {
            this.#overloaded = true;
            this.#o.onOverload?.(left);
          }
          resolve();
          return;
        }
        setTimeout(check, pollMs);
      };
      setTimeout(check, pollMs);
    });
  }
}
