/**
 * A function of time sampled on a fixed grid and computed lazily, in order, once. Rivers and rain need
 * their past (runoff is a convolution of earlier rain, a gauge sees upstream water hours later); caching
 * the grid keeps every reading cheap while the values stay a pure function of the scenario.
 */
export class GridSeries {
  readonly #origin: number;
  readonly #step: number;
  readonly #compute: (index: number, at: number) => number;
  readonly #values: number[] = [];

  /**
   * @param compute value at grid index `index` (time `at`); may read earlier indices of this series
   */
  constructor(originMs: number, stepMs: number, compute: (index: number, at: number) => number) {
    this.#origin = originMs;
    this.#step = stepMs;
    this.#compute = compute;
  }

  get stepMs(): number {
    return this.#step;
  }

  /** Value at a grid index; indices before the origin take the origin's value. */
  atIndex(index: number): number {
    const k = Math.max(0, index);
    while (this.#values.length <= k) {
      const i = this.#values.length;
      this.#values.push(this.#compute(i, this.#origin + i * this.#step));
    }
    return this.#values[k] as number;
  }

  /** Linear interpolation between the two grid points around `atMs`. */
  at(atMs: number): number {
    const x = (atMs - this.#origin) / this.#step;
    if (x <= 0) return this.atIndex(0);
    const i = Math.floor(x);
    const f = x - i;
    const a = this.atIndex(i);
    return f === 0 ? a : a + (this.atIndex(i + 1) - a) * f;
  }
}
