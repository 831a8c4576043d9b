import type { Sensor } from '../../../server/contracts/registry.ts';
import type { SeededRandom } from '../random/seeded-random.ts';
import type { World } from '../world/world.ts';

/** Metric name → value, as a device would report it (booleans stay booleans until ingest). */
export type MetricValues = Record<string, number | boolean>;

/** Everything a generator may look at: the sensor, the instant, the scenario's world and a seeded source. */
export interface GeneratorContext {
  readonly sensor: Sensor;
  readonly atMs: number;
  /** Time since the sensor's previous report, for totals such as rain. */
  readonly intervalMs: number;
  readonly world: World;
  readonly rng: SeededRandom;
}

export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
