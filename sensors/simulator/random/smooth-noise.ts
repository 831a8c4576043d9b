import { unitFromKey } from './seeded-random.ts';

/**
 * Smooth value noise in [-1, 1] along one axis (time). Weather drifts instead of jumping: neighbouring
 * times get similar values, and the whole curve is a pure function of the key, so any instant can be
 * evaluated without simulating the ones before it.
 *
 * @param x position in lattice units (e.g. hours / period)
 */
export function smoothNoise(x: number, ...key: readonly (string | number)[]): number {
  const i = Math.floor(x);
  const f = x - i;
  const a = unitFromKey(...key, i) * 2 - 1;
  const b = unitFromKey(...key, i + 1) * 2 - 1;
  const s = f * f * (3 - 2 * f);
  return a + (b - a) * s;
}

/** Two octaves: slow drift plus finer wobble, still in [-1, 1]. */
export function layeredNoise(x: number, ...key: readonly (string | number)[]): number {
  return (2 * smoothNoise(x, ...key, 'o1') + smoothNoise(x * 3.7, ...key, 'o2')) / 3;
}
