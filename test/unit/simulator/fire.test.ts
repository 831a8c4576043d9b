import { describe, expect, it } from 'vitest';
import {
  angleOffDownwindDeg,
  frontArrivalMs,
  smokeExposure,
  spreadRateMPerMin,
  type Fire,
} from '../../../sensors/simulator/fire/fire-spread.ts';
import { SMOKE_DETECTION_EXPOSURE } from '../../../sensors/simulator/fire/fire-gases.ts';
import { healthyReading } from '../../../sensors/simulator/generators/sensor-reading.ts';
import { MS } from '../../../sensors/simulator/time/relative-time.ts';
import { allEvents, inlineWorld, sensor, testRegion } from './fixtures.ts';

const origin = { lat: 40.44, lon: 23.49 };
/** Wind from the south-west (210°): the fire runs toward 30° (north-north-east). */
const fire: Fire = { ignitionMs: 0, origin, windKmh: 34, windFromDeg: 210, headSpreadMPerMin: 26.8 };

/** A point `metres` from the ignition along a compass bearing. */
function pointAt(bearingDeg: number, metres: number): { lat: number; lon: number } {
  const rad = (bearingDeg * Math.PI) / 180;
  const north = metres * Math.cos(rad);
  const east = metres * Math.sin(rad);
  return { lat: origin.lat + north / 110_540, lon: origin.lon + east / (111_320 * Math.cos((origin.lat * Math.PI) / 180)) };
}

/** When a point first gets enough smoke for the device to flag it, minutes after ignition. */
function detectionMinute(point: { lat: number; lon: number }): number | null {
  for (let minute = 0; minute <= 8 * 60; minute++) {
    if (smokeExposure(fire, point, minute * MS.m) >= SMOKE_DETECTION_EXPOSURE) return minute;
  }
  return null;
}

describe('forest fire spread', () => {
  it('runs fastest downwind, slowest against the wind', () => {
    const head = spreadRateMPerMin(fire, 0);
    const flank = spreadRateMPerMin(fire, 90);
    const back = spreadRateMPerMin(fire, 180);
    expect(head).toBeCloseTo(26.8, 5);
    expect(flank).toBeLessThan(head / 5);
    expect(back).toBeLessThan(flank);
    expect(angleOffDownwindDeg(fire, pointAt(30, 1000))).toBeCloseTo(0, 0);
  });

  it('reaches sensors on the downwind axis in order of distance', () => {
    const distances = [500, 1000, 2000, 3000, 4500];
    const minutes = distances.map((d) => detectionMinute(pointAt(30, d)));
    expect(minutes.every((m) => m !== null)).toBe(true);
    for (let i = 1; i < minutes.length; i++) expect(minutes[i]).toBeGreaterThan(minutes[i - 1] ?? Infinity);
    const arrivals = distances.map((d) => frontArrivalMs(fire, pointAt(30, d)));
    for (let i = 1; i < arrivals.length; i++) expect(arrivals[i]).toBeGreaterThan(arrivals[i - 1] ?? Infinity);
  });

  it('is smelt downwind long before upwind at the same distance', () => {
    const downwind = detectionMinute(pointAt(30, 1000));
    const crosswind = detectionMinute(pointAt(120, 1000));
    const upwind = detectionMinute(pointAt(210, 1000));
    expect(downwind).not.toBeNull();
    expect(crosswind === null || (downwind !== null && crosswind > downwind)).toBe(true);
    expect(upwind).toBeNull();
  });

  it('makes the fire sensors report rising CO, H2 and VOC and then the smoke flag, in distance order', () => {
    const near = sensor({ id: 'fs-near', kind: 'fire_sensor', ...pointAt(30, 800) });
    const far = sensor({ id: 'fs-far', kind: 'fire_sensor', ...pointAt(30, 2500) });
    const upwind = sensor({ id: 'fs-upwind', kind: 'fire_sensor', ...pointAt(210, 1500) });
    const world = inlineWorld(
      {
        duration: '5h',
        weather: { windAfternoonKmh: 34, windAfternoonFromDeg: 210 },
        events: [{ type: 'fire', at: '+1h', lat: origin.lat, lon: origin.lon, windKmh: 34, windFromDeg: 210 }],
      },
      testRegion([near, far, upwind]),
    );
    const before = healthyReading(world, near, world.startMs + 50 * MS.m);
    expect(before.smoke).toBe(false);
    expect(Number(before.co_ppm)).toBeLessThan(1);

    const firstSmoke = new Map<string, number>();
    for (const event of allEvents(world)) {
      if (event.kind === 'reading' && event.metrics.smoke === true && !firstSmoke.has(event.sensorId)) {
        firstSmoke.set(event.sensorId, event.atMs);
        expect(Number(event.metrics.co_ppm)).toBeGreaterThan(5);
        expect(Number(event.metrics.h2_ppm)).toBeGreaterThan(1);
        expect(Number(event.metrics.voc_index)).toBeGreaterThan(120);
      }
    }
    const nearAt = firstSmoke.get('fs-near');
    const farAt = firstSmoke.get('fs-far');
    expect(nearAt).toBeDefined();
    expect(farAt).toBeDefined();
    expect(nearAt ?? Infinity).toBeLessThan(farAt ?? 0);
    // The device sends at once on detection, not at its next 60-second report: within 2 minutes of ignition + plume time.
    expect((nearAt ?? 0) - (world.startMs + MS.h)).toBeLessThan(15 * MS.m);
    expect(firstSmoke.has('fs-upwind')).toBe(false);
  });
});
