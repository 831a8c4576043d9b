/**
 * CAP 1.2 area shapes (DOMAIN.md §5). A circle is `lat,lon radius` with the radius in km; a polygon is
 * whitespace-separated `lat,lon` pairs, latitude first, at least four, the first equal to the last.
 * GeoJSON is the other way round (`[lon, lat]`), which is the classic mistake this module exists to avoid.
 */

/** [lon, lat], as GeoJSON has it. */
export type LonLat = readonly [number, number];

const DECIMALS = 5; // about 1 m: more is noise for a warning area

function coord(lat: number, lon: number): string {
  return `${lat.toFixed(DECIMALS)},${lon.toFixed(DECIMALS)}`;
}

export function capCircle(lat: number, lon: number, radiusKm: number): string {
  return `${coord(lat, lon)} ${radiusKm.toFixed(1)}`;
}

function squaredSegmentDistance(p: LonLat, a: LonLat, b: LonLat): number {
  let [x, y] = a;
  let dx = b[0] - x;
  let dy = b[1] - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((p[0] - x) * dx + (p[1] - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) [x, y] = b;
    else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = p[0] - x;
  dy = p[1] - y;
  return dx * dx + dy * dy;
}

/** Douglas–Peucker on an open polyline; keeps both ends. Tolerance in degrees. */
export function simplifyLine(points: readonly LonLat[], tolerance: number): LonLat[] {
  if (points.length <= 2) return [...points];
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const sq = tolerance * tolerance;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop() ?? [0, 0];
    const a = points[first];
    const b = points[last];
    if (a === undefined || b === undefined) continue;
    let maxSq = 0;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const p = points[i];
      if (p === undefined) continue;
      const d = squaredSegmentDistance(p, a, b);
      if (d > maxSq) {
        maxSq = d;
        index = i;
      }
    }
    if (index > 0 && maxSq > sq) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

function sameCoord(a: LonLat | undefined, b: LonLat | undefined): boolean {
  return a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1];
}

/**
 * A closed ring simplified to at most `maxPoints` positions (first = last counted twice), by raising the
 * tolerance until it fits. Null when nothing of at least 4 positions (a triangle) is left.
 */
export function simplifyRing(ring: readonly LonLat[], maxPoints: number): LonLat[] | null {
  const open = sameCoord(ring[0], ring[ring.length - 1]) ? ring.slice(0, -1) : [...ring];
  if (open.length < 3) return null;
  // Split at the point farthest from the first, so Douglas–Peucker sees two open lines, not a loop.
  const start = open[0] as LonLat;
  let far = 1;
  let farSq = -1;
  open.forEach((p, i) => {
    const d = (p[0] - start[0]) ** 2 + (p[1] - start[1]) ** 2;
    if (d > farSq) {
      farSq = d;
      far = i;
    }
  });
  const firstHalf = open.slice(0, far + 1);
  const secondHalf = [...open.slice(far), start];
  let tolerance = 0;
  for (let round = 0; round < 60; round++) {
    const a = simplifyLine(firstHalf, tolerance);
    const b = simplifyLine(secondHalf, tolerance);
    const closed = [...a, ...b.slice(1)];
    if (closed.length <= maxPoints) return closed.length >= 4 ? closed : null;
    tolerance = tolerance === 0 ? 1e-5 : tolerance * 1.5;
  }
  return null;
}

/** The outer rings of a boundary's polygons (holes do not matter for a warning area). */
export function outerRings(boundary: GeoJSON.FeatureCollection | null): LonLat[][] {
  const rings: LonLat[][] = [];
  const toRing = (positions: GeoJSON.Position[] | undefined): void => {
    if (positions === undefined) return;
    const ring: LonLat[] = [];
    for (const p of positions) if (typeof p[0] === 'number' && typeof p[1] === 'number') ring.push([p[0], p[1]]);
    if (ring.length >= 4) rings.push(ring);
  };
  for (const feature of boundary?.features ?? []) {
    const g = feature.geometry;
    if (g?.type === 'Polygon') toRing(g.coordinates[0]);
    else if (g?.type === 'MultiPolygon') for (const polygon of g.coordinates) toRing(polygon[0]);
  }
  return rings;
}

/** Twice the signed area in square degrees: only used to order parts by size. */
function ringArea(ring: readonly LonLat[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j] as LonLat;
    const b = ring[i] as LonLat;
    sum += (a[0] - b[0]) * (a[1] + b[1]);
  }
  return Math.abs(sum);
}

export function capPolygon(ring: readonly LonLat[]): string {
  return ring.map(([lon, lat]) => coord(lat, lon)).join(' ');
}

/**
 * The municipality as CAP polygons: each part's outer ring simplified to at most `maxPoints`, the largest
 * `maxParts` parts (an island a few metres wide is not worth a polygon). Identical consecutive positions
 * after rounding are merged so the ring never repeats a point.
 */
export function boundaryPolygons(boundary: GeoJSON.FeatureCollection | null, maxPoints = 100, maxParts = 5): string[] {
  const parts = outerRings(boundary)
    .sort((a, b) => ringArea(b) - ringArea(a))
    .slice(0, maxParts);
  const polygons: string[] = [];
  for (const ring of parts) {
    const simplified = simplifyRing(ring, maxPoints);
    if (simplified === null) continue;
    const rounded: LonLat[] = [];
    for (const [lon, lat] of simplified) {
      const p: LonLat = [Number(lon.toFixed(DECIMALS)), Number(lat.toFixed(DECIMALS))];
      if (!sameCoord(rounded[rounded.length - 1], p)) rounded.push(p);
    }
    if (rounded.length >= 4 && sameCoord(rounded[0], rounded[rounded.length - 1])) polygons.push(capPolygon(rounded));
  }
  return polygons;
}

/** A circle that covers a bounding box [west, south, east, north], for a region without a boundary. */
export function bboxCircle(bbox: readonly [number, number, number, number]): string {
  const [w, s, e, n] = bbox;
  const lat = (s + n) / 2;
  const lon = (w + e) / 2;
  const kmPerDegLat = 111.32;
  const dy = ((n - s) / 2) * kmPerDegLat;
  const dx = ((e - w) / 2) * kmPerDegLat * Math.cos((lat * Math.PI) / 180);
  return capCircle(lat, lon, Math.max(1, Math.ceil(Math.hypot(dx, dy))));
}
