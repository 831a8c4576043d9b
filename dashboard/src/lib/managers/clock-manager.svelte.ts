/**
 * A shared "now" that ticks once a second, so every age on screen ("12 s ago") advances together
 * and only one timer runs however many ages are shown.
 */
export class ClockManager {
  #now = $state(Date.now());
  readonly #intervalMs: number;

  constructor(intervalMs = 1000) {
    this.#intervalMs = intervalMs;
  }

  get now(): number {
    return this.#now;
  }

  /** Starts ticking; returns the teardown. */
  init(): () => void {
    const timer = setInterval(() => {
      this.#now = Date.now();
    }, this.#intervalMs);
    return () => clearInterval(timer);
  }
}
