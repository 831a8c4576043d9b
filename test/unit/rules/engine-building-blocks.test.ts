import { describe, expect, it } from 'vitest';
import { DurationSchema } from '../../../rules/engine/duration.ts';
import { haversineKm } from '../../../rules/engine/haversine.ts';
import { fixedUtcOffset, localDayOf, localNoonOf, monthOfDay, timeZoneOffset } from '../../../rules/engine/local-time.ts';
import { createSampleWindow, pushSample, slopePerHour, sumSince } from '../../../rules/engine/sample-window.ts';
import { selects, SelectorSchema } from '../../../rules/engine/selector.ts';
import { gridCellKey, gridNeighbourKeys } from '../../../rules/engine/spatial-grid.ts';

describe('durations in rule files', () => {
  it.each([
    [90, 90],
    ['30s', 30],
    ['15m', 900],
    ['1.5h', 5400],
    ['2d', 172_800],
  ] as const)('%j is %d s', (input, seconds) => {
    expect(DurationSchema.parse(input)).toBe(seconds);
  });

  it.each(['15 min', '-5m', '1w', '', -1, '400d'])('rejects %j', (input) => {
    expect(DurationSchema.safeParse(input).success).toBe(false);
  });
});

describe('selectors', () => {
  const gauge = { id: 'wl-1', kind: 'water_level_gauge', villageId: 'vavdos' };
  it.each([
    [{ kinds: ['water_level_gauge'] }, true],
    [{ kinds: ['weather_station'] }, false],
    [{ kinds: ['water_level_gauge'], villageIds: ['polygyros'] }, false],
    [{ villageIds: ['vavdos'] }, true],
    [{ sensorIds: ['wl-1', 'wl-2'] }, true],
    [{ kinds: ['water_level_gauge'], excludeSensorIds: ['wl-1'] }, false],
  ] as const)('%j selects the Vavdos gauge: %s', (selector, expected) => {
    expect(selects(SelectorSchema.parse(selector), gauge)).toBe(expected);
  });
});

describe('local time', () => {
  const athens = timeZoneOffset('Europe/Athens');
  it.each([
    { name: 'winter (UTC+2)', ts: Date.UTC(2024, 0, 15, 12), offset: 120 },
    { name: 'summer (UTC+3)', ts: Date.UTC(2024, 6, 15, 12), offset: 180 },
    { name: 'just before the spring change', ts: Date.UTC(2024, 2, 31, 0, 59), offset: 120 },
    { name: 'just after the spring change', ts: Date.UTC(2024, 2, 31, 1, 0), offset: 180 },
  ])('Europe/Athens in $name is UTC+$offset min', ({ ts, offset }) => {
    expect(athens.utcOffsetMinutes(ts)).toBe(offset);
  });

  it('finds the local day and its noon', () => {
    const lt = fixedUtcOffset(180);
    // 22:30 UTC on 14 July is 01:30 on 15 July in Athens.
    const day = localDayOf(Date.UTC(2024, 6, 14, 22, 30), lt);
    expect(new Date(day * 86_400_000).toISOString().slice(0, 10)).toBe('2024-07-15');
    expect(localNoonOf(day, lt)).toBe(Date.UTC(2024, 6, 15, 9));
    expect(monthOfDay(day)).toBe(7);
  });
});

describe('sample window', () => {
  it('fits a least-squares slope per hour', () => {
    const w = createSampleWindow();
    for (let m = 0; m <= 60; m += 10) pushSample(w, m * 60_000, 100 + m / 2 + (m % 20 === 0 ? 1 : -1), 3_600_000, 60, 'replace');
    expect(slopePerHour(w)).toBeCloseTo(30, 0);
  });

  it('sums increments newer than a cutoff and merges close ones', () => {
    const w = createSampleWindow();
    for (let s = 0; s < 600; s += 1) pushSample(w, s * 1000, 0.1, 3_600_000, 60, 'add');
    expect(w.t.length).toBeLessThanOrEqual(12);
    expect(sumSince(w, -1)).toBeCloseTo(60, 6);
  });

  it('is NaN with fewer than two samples', () => {
    expect(slopePerHour(createSampleWindow())).toBeNaN();
  });
});

describe('distance and the spatial grid', () => {
  it('measures Polygyros to Galatista as about 18 km', () => {
    expect(haversineKm(40.381, 23.446, 40.469, 23.287)).toBeGreaterThan(16);
    expect(haversineKm(40.381, 23.446, 40.469, 23.287)).toBeLessThan(18);
  });

  it('never misses a point within the radius: it lies in one of the nine neighbour cells', () => {
    const grid = { radiusKm: 1.5 };
    let seed = 7;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 2000; i++) {
      const lat = -70 + random() * 140;
      const lon = -179 + random() * 358;
      const bearing = random() * 2 * Math.PI;
      const km = random() * 1.5;
      const lat2 = lat + (km / 111.2) * Math.cos(bearing);
      const lon2 = lon + (km / (111.2 * Math.cos((lat * Math.PI) / 180))) * Math.sin(bearing);
      if (haversineKm(lat, lon, lat2, lon2) > 1.5) continue;
      expect(gridNeighbourKeys(grid, lat, lon)).toContain(gridCellKey(grid, lat2, lon2));
    }
  });
});
