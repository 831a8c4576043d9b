/**
 * Geometry over a few kilometres: an equirectangular projection around a reference point is accurate to
 * well under 1 % at this scale, which is all a fire plume or a storm track needs.
 */
export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

const METRES_PER_DEGREE_LAT = 110_540;
const METRES_PER_DEGREE_LON_AT_EQUATOR = 111_320;

/** East/north offset of `to` from `from`, in metres. */
export function offsetMetres(from: LatLon, to: LatLon): { east: number; north: number } {
  const meanLat = ((from.lat + to.lat) / 2) * (Math.PI / 180);
  return {
    east: (to.lon - from.lon) * METRES_PER_DEGREE_LON_AT_EQUATOR * Math.cos(meanLat),
    north: (to.lat - from.lat) * METRES_PER_DEGREE_LAT,
  };
}

export function distanceMetres(from: LatLon, to: LatLon): number {
  const { east, north } = offsetMetres(from, to);
  return Math.hypot(east, north);
}

/** Compass bearing from `from` to `to`: 0 = north, 90 = east. */
export function bearingDeg(from: LatLon, to: LatLon): number {
  const { east, north } = offsetMetres(from, to);
  return normaliseDeg((Math.atan2(east, north) * 180) / Math.PI);
}

export function normaliseDeg(deg: number): number {
  return ((deg % 360) + 360) % 360;
}

/** Smallest angle between two bearings, in [0, 180]. */
export function angleBetweenDeg(a: number, b: number): number {
  const d = Math.abs(normaliseDeg(a) - normaliseDeg(b));
  return d > 180 ? 360 - d : d;
}

/** Interpolates between two bearings along the shorter arc (so 350° → 10° passes through north). */
export function lerpBearingDeg(a: number, b: number, t: number): number {
  const delta = ((normaliseDeg(b) - normaliseDeg(a) + 540) % 360) - 180;
  return normaliseDeg(a + delta * t);
}

/** Meteorological wind direction is where the wind comes from; things it carries travel the other way. */
export function downwindBearingDeg(windFromDeg: number): number {
  return normaliseDeg(windFromDeg + 180);
}

export function centroid(points: readonly LatLon[]): LatLon {
  if (points.length === 0) return { lat: 0, lon: 0 };
  let lat = 0;
  let lon = 0;
  for (const p of points) {
    lat += p.lat;
    lon += p.lon;
  }
  return { lat: lat / points.length, lon: lon / points.length };
}
