/**
 * Simulated time against the wall clock: simulated = start + elapsed wall time × speed. Speed Infinity
 * runs as fast as messages can be sent.
 */
export class SimClock {
  readonly #startMs: number;
  readonly #speed: number;
  readonly #wallStartMs: number;
  readonly #now: () => number;

  constructor(startMs: number, speed: number, now: () => number = Date.now) {
    this.#startMs = startMs;
    this.#speed = speed;
    this.#now = now;
    this.#wallStartMs = now();
  }

  get speed(): number {
    return this.#speed;
  }

  simNow(): number {
    if (this.#speed === Infinity) return Infinity;
    return this.#startMs + (this.#now() - this.#wallStartMs) * this.#speed;
  }

  /** Wall-clock ms until the simulated instant, 0 if it has passed. */
  wallDelayUntil(simMs: number): number {
    if (this.#speed === Infinity) return 0;
    return Math.max(0, this.wallTimeOf(simMs) - this.#now());
  }

  /** When the wall clock shows (or showed) the simulated instant. */
  wallTimeOf(simMs: number): number {
    if (this.#speed === Infinity) return this.#now();
    return this.#wallStartMs + (simMs - this.#startMs) / this.#speed;
  }
}

export type TimestampMode = 'simulated' | 'wall';

/**
 * Messages carry simulated time unless that would run ahead of the wall clock (a speed-up past "now"),
 * which a server rightly rejects as a future timestamp; then they carry the wall-clock send time.
 */
export function resolveTimestampMode(setting: 'auto' | TimestampMode, startMs: number, endMs: number | null, speed: number, wallNowMs: number): TimestampMode {
  if (setting !== 'auto') return setting;
  const toleranceMs = 60_000;
  if (speed <= 1) return startMs <= wallNowMs + toleranceMs ? 'simulated' : 'wall';
  return endMs !== null && endMs <= wallNowMs + toleranceMs ? 'simulated' : 'wall';
}
