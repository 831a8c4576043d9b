/** Pure helpers for the SVG charts: scales, "nice" ticks, and paths with gaps where data is missing. */

export interface Extent {
  readonly min: number;
  readonly max: number;
}

/** Maps [domain.min, domain.max] onto [range.min, range.max] (range may run backwards, as y does). */
export function linearScale(domain: Extent, range: Extent): (value: number) => number {
  const span = domain.max - domain.min || 1;
  return (value) => range.min + ((value - domain.min) / span) * (range.max - range.min);
}

/** Round steps of 1, 2 or 5 × 10ⁿ covering the extent: the ticks a person would draw. */
export function niceTicks(extent: Extent, count = 4): number[] {
  let { min, max } = extent;
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) {
    min -= 1;
    max += 1;
  }
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = closest([1, 2, 5, 10].map((m) => m * power), (s) => (max - min) / s, count);
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toFixed(10)));
  return ticks;
}

/** The extent widened to whole ticks, with a little room, so the data never touches the frame. */
export function niceExtent(values: readonly number[], count = 4): Extent {
  if (values.length === 0) return { min: 0, max: 1 };
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 1;
    min -= pad;
    max += pad;
  }
  const ticks = niceTicks({ min, max }, count);
  const step = ticks.length > 1 ? (ticks[1] ?? 0) - (ticks[0] ?? 0) : 1;
  return { min: Math.floor(min / step) * step, max: Math.ceil(max / step) * step };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Steps a clock or a calendar is read in: 1 min … 2 months. */
const TIME_STEPS = [MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 4 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 61 * DAY];

/** The step whose tick count is nearest `count` (the larger step on a tie: fewer labels read better). */
function closest(steps: readonly number[], ticksOf: (step: number) => number, count: number): number {
  let best = steps[0] ?? 1;
  for (const step of steps) if (Math.abs(ticksOf(step) - count) <= Math.abs(ticksOf(best) - count)) best = step;
  return best;
}

/**
 * Times on round steps (every 4 h on the hour, every day) across the window, about `count` of them.
 * `offsetMs` is the display time zone's offset from UTC, so hours and days fall on local boundaries.
 */
export function timeTicks(window: Extent, count = 5, offsetMs = 0): number[] {
  const span = window.max - window.min;
  if (span <= 0) return [];
  const step = closest(TIME_STEPS, (s) => span / s, count);
  const ticks: number[] = [];
  for (let t = Math.ceil((window.min + offsetMs) / step) * step - offsetMs; t <= window.max; t += step) ticks.push(t);
  return ticks;
}

/** Splits points into runs wherever consecutive times are further apart than `maxGap`. */
export function splitAtGaps<T extends { readonly t: number }>(points: readonly T[], maxGap: number): T[][] {
  const runs: T[][] = [];
  let run: T[] = [];
  let last: number | null = null;
  for (const point of points) {
    if (last !== null && point.t - last > maxGap && run.length > 0) {
      runs.push(run);
      run = [];
    }
    run.push(point);
    last = point.t;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

export function linePath(points: readonly (readonly [number, number])[]): string {
  return points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`).join('');
}

/** A closed band between an upper and a lower line over the same xs. */
export function bandPath(upper: readonly (readonly [number, number])[], lower: readonly (readonly [number, number])[]): string {
  if (upper.length === 0) return '';
  return `${linePath(upper)}${[...lower].reverse().map(([x, y]) => `L${x.toFixed(1)} ${y.toFixed(1)}`).join('')}Z`;
}
