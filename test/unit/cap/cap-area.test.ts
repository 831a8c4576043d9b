import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bboxCircle, boundaryPolygons, capCircle, simplifyLine, simplifyRing, type LonLat } from '../../../server/cap/cap-area.ts';

const polygyros = JSON.parse(readFileSync(new URL('../../../data/regions/polygyros/boundary.geojson', import.meta.url), 'utf8')) as GeoJSON.FeatureCollection;

function pairs(polygon: string): [number, number][] {
  return polygon.split(' ').map((p) => p.split(',').map(Number) as [number, number]);
}

describe('CAP circle: lat,lon radius-km', () => {
  it.each([
    [40.381, 23.446, 2, '40.38100,23.44600 2.0'],
    [-33.9, 18.42, 0.5, '-33.90000,18.42000 0.5'],
  ])('%d,%d r=%d', (lat, lon, r, want) => {
    expect(capCircle(lat, lon, r)).toBe(want);
  });

  it('a region without a boundary gets a circle covering its bounding box', () => {
    const circle = bboxCircle([23.1, 40.2, 23.7, 40.5]);
    const [centre, radius] = circle.split(' ');
    expect(centre).toBe('40.35000,23.40000');
    expect(Number(radius)).toBeGreaterThanOrEqual(27);
  });
});

describe('CAP polygon from the municipality boundary', () => {
  const polygons = boundaryPolygons(polygyros, 100);

  it('simplifies 3,340 positions to at most 100, closed, latitude first', () => {
    expect(polygons.length).toBeGreaterThanOrEqual(1);
    for (const polygon of polygons) {
      const ps = pairs(polygon);
      expect(ps.length).toBeGreaterThanOrEqual(4);
      expect(ps.length).toBeLessThanOrEqual(100);
      expect(ps[0]).toEqual(ps[ps.length - 1]);
      // Polygyros is at about 40.4°N, 23.4°E: a swapped pair would read 23,40.
      for (const [lat, lon] of ps) {
        expect(lat).toBeGreaterThan(40);
        expect(lat).toBeLessThan(40.6);
        expect(lon).toBeGreaterThan(23);
        expect(lon).toBeLessThan(24);
      }
      expect(polygon).toMatch(/^(-?\d+\.\d{5},-?\d+\.\d{5} )+-?\d+\.\d{5},-?\d+\.\d{5}$/);
    }
  });

  it('keeps the shape: the simplified ring covers most of the original bounding box', () => {
    const ps = pairs(polygons[0] ?? '');
    const lats = ps.map((p) => p[0]);
    const lons = ps.map((p) => p[1]);
    expect(Math.max(...lats) - Math.min(...lats)).toBeGreaterThan(0.2);
    expect(Math.max(...lons) - Math.min(...lons)).toBeGreaterThan(0.3);
  });

  it('no boundary, no polygon', () => {
    expect(boundaryPolygons(null)).toEqual([]);
  });
});

describe('Douglas–Peucker', () => {
  it('drops points closer to the line than the tolerance and keeps the ends', () => {
    const line: LonLat[] = [[0, 0], [1, 0.01], [2, -0.01], [3, 5], [4, 6], [5, 7]];
    expect(simplifyLine(line, 0.1)).toEqual([[0, 0], [2, -0.01], [3, 5], [5, 7]]);
  });

  it('a ring too small to stay a polygon is null', () => {
    expect(simplifyRing([[0, 0], [1, 0], [0, 0]], 10)).toBeNull();
    const square: LonLat[] = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]];
    expect(simplifyRing(square, 10)).toEqual(square);
  });
});
