import { angleBetweenDeg, bearingDeg, distanceMetres, downwindBearingDeg, type LatLon } from '../geo/local-geometry.ts';
import { MS } from '../time/relative-time.ts';

/**
 * A wind-driven surface fire from a point ignition: the burnt area is an ellipse with the ignition at its
 * rear focus, growing at the head-fire rate downwind and much more slowly against the wind (Anderson 1983;
 * length-to-breadth ratio from Alexander 1985 for forest fuels). Wind and fuel are taken as uniform.
 */
export interface Fire {
  readonly ignitionMs: number;
  readonly origin: LatLon;
  readonly windKmh: number;
  readonly windFromDeg: number;
  /** Head-fire rate of spread, m/min. */
  readonly headSpreadMPerMin: number;
}

/** Mediterranean pine (Aleppo / Calabrian pine) under wind: a few metres per minute, tens in strong wind. */
export function defaultHeadSpreadMPerMin(windKmh: number): number {
  return 3 + 0.7 * windKmh;
}

export function lengthToBreadth(windKmh: number): number {
  return 1 + 8.729 * (1 - Math.exp(-0.03 * windKmh)) ** 2.155;
}

export function eccentricity(windKmh: number): number {
  const lb = lengthToBreadth(windKmh);
  return Math.sqrt(1 - 1 / (lb * lb));
}

/** Angle between the direction from the ignition to the point and the direction the fire is pushed. */
export function angleOffDownwindDeg(fire: Fire, point: LatLon): number {
  return angleBetweenDeg(bearingDeg(fire.origin, point), downwindBearingDeg(fire.windFromDeg));
}

/** Rate at which the fire front advances in a direction `thetaDeg` off downwind, m/min. */
export function spreadRateMPerMin(fire: Fire, thetaDeg: number): number {
  const e = eccentricity(fire.windKmh);
  return (fire.headSpreadMPerMin * (1 - e)) / (1 - e * Math.cos((thetaDeg * Math.PI) / 180));
}

/** When the flame front reaches the point, epoch ms. */
export function frontArrivalMs(fire: Fire, point: LatLon): number {
  const distance = distanceMetres(fire.origin, point);
  return fire.ignitionMs + (distance / spreadRateMPerMin(fire, angleOffDownwindDeg(fire, point))) * MS.m;
}

/**
 * How much smoke and combustion gas reaches a point, 0 (clean air) to 1 (in the flames).
 * Ahead of the front the plume decays with distance, over a length that stretches downwind with the
 * wind (about 60 m in calm air, Silvanet's ~100 m detection radius, up to several hundred metres
 * downwind); behind the front the burnt area smoulders and fades. A young fire is small and smokes less.
 */
export function smokeExposure(fire: Fire, point: LatLon, atMs: number): number {
  const minutes = (atMs - fire.ignitionMs) / MS.m;
  if (minutes <= 0) return 0;
  const theta = angleOffDownwindDeg(fire, point);
  const distance = distanceMetres(fire.origin, point);
  const front = spreadRateMPerMin(fire, theta) * minutes;
  const size = 1 - Math.exp(-minutes / 15);
  if (distance <= front) {
    const sincePassage = minutes - distance / spreadRateMPerMin(fire, theta);
    return size * (0.25 + 0.75 * Math.exp(-sincePassage / 20));
  }
  const downwind = Math.max(0, Math.cos((theta * Math.PI) / 180)) ** 2;
  const plumeLengthM = 60 + 12 * fire.windKmh * downwind;
  return size * Math.exp(-(distance - front) / plumeLengthM);
}
