import type { Sensor } from '../../../server/contracts/registry.ts';
import { unitFromKey } from '../random/seeded-random.ts';
import { MS } from '../time/relative-time.ts';
import { sunlight } from '../time/solar-time.ts';

/**
 * Battery charge as the device reports it, whole percent, without faults:
 *  - weather stations run on a solar panel and a large battery: high, topped up by day;
 *  - water-level gauges run on primary lithium cells: a slow, steady drain;
 *  - fire sensors are solar with a small store (Silvanet uses supercapacitors): they swing with the sun.
 */
export function normalBatteryPct(sensor: Sensor, atMs: number, seed: number, startMs: number): number {
  const health = unitFromKey(seed, 'battery', sensor.id);
  const sun = sunlight(sensor.lat, sensor.lon, atMs - MS.h);
  let pct: number;
  switch (sensor.kind) {
    case 'weather_station':
      pct = 88 + 7 * health + 6 * sun;
      break;
    case 'water_level_gauge':
      pct = 62 + 33 * health - (0.05 * (atMs - startMs)) / MS.d;
      break;
    case 'fire_sensor':
      pct = 72 + 14 * health + 14 * sun;
      break;
  }
  return Math.round(Math.min(100, Math.max(0, pct)));
}
