import { layeredNoise } from '../random/smooth-noise.ts';
import { unitFromKey } from '../random/seeded-random.ts';
import { offsetMetres, type LatLon } from '../geo/local-geometry.ts';
import { MS } from '../time/relative-time.ts';

/** A storm as the world sees it: when and how hard, and which way its cells travel. */
export interface Storm {
  readonly index: number;
  readonly startMs: number;
  readonly durationMs: number;
  readonly peakRainMmH: number;
  readonly windKmh: number;
  readonly gustKmh: number;
  readonly windFromDeg: number;
  readonly pressureDropHpa: number;
  readonly tempDropC: number;
  readonly movesTowardDeg: number;
  readonly speedKmh: number;
  /** Where the storm's timing is measured: the middle of the simulated network. */
  readonly reference: LatLon;
}

/**
 * When the storm reaches a site: a site further along the storm's track gets it later. Positive = later
 * than at the reference point.
 */
export function stormDelayMs(storm: Storm, site: LatLon): number {
  const { east, north } = offsetMetres(storm.reference, site);
  const track = (storm.movesTowardDeg * Math.PI) / 180;
  const along = east * Math.sin(track) + north * Math.cos(track);
  return (along / 1000 / storm.speedKmh) * MS.h;
}

/** 0 → 1 → 0 across the storm's life at the site (sin², so rain builds and eases off smoothly). */
export function stormEnvelope(storm: Storm, site: LatLon, atMs: number): number {
  const u = (atMs - stormDelayMs(storm, site) - storm.startMs) / storm.durationMs;
  if (u <= 0 || u >= 1) return 0;
  return Math.sin(Math.PI * u) ** 2;
}

/** A wider, gentler envelope for what comes before and after the rain: falling pressure, wind, damp air. */
export function stormInfluence(storm: Storm, site: LatLon, atMs: number): number {
  const centre = storm.startMs + storm.durationMs / 2 + stormDelayMs(storm, site);
  const sigma = storm.durationMs / 2 + 3 * MS.h;
  return Math.exp(-(((atMs - centre) / sigma) ** 2));
}

/**
 * Rain rate at a site, mm/h. Convective cells come and go (noise shared by all sites, shifted by the
 * storm's travel), and some sites catch more than others (a per-site factor from the seed).
 */
export function stormRainRateMmH(storm: Storm, site: LatLon & { readonly id: string }, atMs: number, seed: number): number {
  const envelope = stormEnvelope(storm, site, atMs);
  if (envelope === 0) return 0;
  const localTime = atMs - stormDelayMs(storm, site);
  const cells = 1 + 0.45 * layeredNoise(localTime / (25 * MS.m), seed, 'storm-cells', storm.index);
  const siteFactor = 0.85 + 0.3 * unitFromKey(seed, 'storm-site', storm.index, site.id);
  return Math.max(0, storm.peakRainMmH * envelope * cells * siteFactor);
}
