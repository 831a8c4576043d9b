import { layeredNoise } from '../random/smooth-noise.ts';
import type { SeededRandom } from '../random/seeded-random.ts';
import { MS } from '../time/relative-time.ts';

/**
 * What a tree-mounted gas sensor (Dryad Silvanet-like) measures for a given smoke exposure. Clean forest
 * air: CO a few tenths of a ppm, H₂ about 0.5 ppm (the atmospheric background), VOC index 100 (the
 * Sensirion index's baseline), rising a little on hot afternoons when pines emit terpenes. Smouldering
 * and flaming wood release CO and H₂; the on-device classifier raises the smoke flag at a few ppm of CO
 * together with a VOC jump.
 */
export interface FireGasReading {
  readonly coPpm: number;
  readonly h2Ppm: number;
  readonly vocIndex: number;
  readonly smoke: boolean;
  /** Heat from the fire, added to the air temperature, °C. */
  readonly heatC: number;
}

/** Exposure at which the device calls it smoke (about 7 ppm CO above background). */
export const SMOKE_DETECTION_EXPOSURE = 0.02;

export function fireGasReading(exposure: number, terpeneLoad: number, sensorKey: string, atMs: number, seed: number, rng: SeededRandom): FireGasReading {
  const background = layeredNoise(atMs / (40 * MS.m), seed, 'gas-bg', sensorKey);
  const coPpm = Math.max(0, 0.3 + 0.1 * background + 350 * exposure + rng.normal(0, 0.05 + 5 * exposure));
  const h2Ppm = Math.max(0, 0.5 + 0.05 * background + 90 * exposure + rng.normal(0, 0.02 + 1.5 * exposure));
  const cleanVoc = 100 + 25 * terpeneLoad + 6 * background + rng.normal(0, 3);
  const vocIndex = Math.min(500, Math.max(1, cleanVoc + (500 - cleanVoc) * (1 - Math.exp(-5 * exposure))));
  return {
    coPpm,
    h2Ppm,
    vocIndex,
    smoke: exposure >= SMOKE_DETECTION_EXPOSURE,
    heatC: 30 * exposure,
  };
}
