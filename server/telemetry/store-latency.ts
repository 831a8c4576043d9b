import type { Reading } from '../contracts/telemetry.ts';
import type { TelemetryStore } from './telemetry-store.ts';

export interface LatencySummary {
  readonly samples: number;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  readonly maxMs: number | null;
}

const WINDOW = 2048;

/** A rolling window of latency samples with percentiles. */
export class LatencyWindow {
  readonly #samples = new Float64Array(WINDOW);
  #count = 0;

  add(ms: number): void {
    this.#samples[this.#count % WINDOW] = ms;
    this.#count++;
  }

  summary(): LatencySummary {
    const n = Math.min(this.#count, WINDOW);
    if (n === 0) return { samples: 0, p50Ms: null, p99Ms: null, maxMs: null };
    const sorted = Array.from(this.#samples.subarray(0, n)).sort((a, b) => a - b);
    const at = (q: number): number => sorted[Math.min(n - 1, Math.floor(q * n))] as number;
    return { samples: n, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted[n - 1] as number };
  }
}

/**
 * Measures how long readings take to become durable, without touching the hot path: a few times a
 * second it picks the newest appended reading and waits (passively) until the store has written it.
 * Two figures: from receipt by the server, and from the reading's own timestamp (for a gateway with
 * a good clock that publishes at once, that is publish → stored).
 */
export class StoreLatencyProbe {
  readonly receiveToStored = new LatencyWindow();
  readonly measuredToStored = new LatencyWindow();
  readonly #store: TelemetryStore;
  readonly #now: () => number;
  #newest: Reading | null = null;
  #inFlight = false;
  readonly #timer: NodeJS.Timeout;

  constructor(store: TelemetryStore, now: () => number = Date.now, intervalMs = 100) {
    this.#store = store;
    this.#now = now;
    this.#timer = setInterval(() => this.#probe(), intervalMs);
    this.#timer.unref();
  }

  /** Called with every appended batch; keeps only a reference to the newest reading. */
  appended(readings: readonly Reading[]): void {
    const last = readings[readings.length - 1];
    if (last) this.#newest = last;
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  #probe(): void {
    const reading = this.#newest;
    if (reading === null || this.#inFlight) return;
    this.#newest = null;
    this.#inFlight = true;
    this.#store.written().then(
      () => {
        const now = this.#now();
        this.receiveToStored.add(now - reading.receivedAt);
        this.measuredToStored.add(now - reading.ts);
        this.#inFlight = false;
      },
      () => {
        this.#inFlight = false;
      },
    );
  }
}
