import { describe, expect, it } from 'vitest';
import { KNOWN_METRICS } from '../../../server/contracts/metrics.ts';
import { healthyReading } from '../../../sensors/simulator/generators/sensor-reading.ts';
import { MS } from '../../../sensors/simulator/time/relative-time.ts';
import { readyWorld } from './fixtures.ts';

/** Plausible physical ranges for every metric the simulator produces. */
const RANGES: Record<string, readonly [number, number]> = {
  air_temperature_c: [-30, 70],
  relative_humidity_pct: [1, 100],
  wind_speed_kmh: [0, 150],
  wind_gust_kmh: [0, 200],
  wind_direction_deg: [0, 359],
  rain_mm: [0, 20],
  pressure_hpa: [950, 1050],
  water_level_cm: [-50, 1000],
  flow_m3s: [0, 5000],
  co_ppm: [0, 500],
  h2_ppm: [0, 200],
  voc_index: [1, 500],
  battery_pct: [0, 100],
};

const EXPECTED_METRICS = {
  weather_station: ['air_temperature_c', 'relative_humidity_pct', 'wind_speed_kmh', 'wind_gust_kmh', 'wind_direction_deg', 'rain_mm', 'pressure_hpa', 'battery_pct'],
  water_level_gauge: ['water_level_cm', 'battery_pct'],
  fire_sensor: ['co_ppm', 'h2_ppm', 'voc_index', 'smoke', 'air_temperature_c', 'relative_humidity_pct', 'battery_pct'],
} as const;

describe('sensor reading generators', () => {
  it('are deterministic for a seed and change with the seed', async () => {
    const a = await readyWorld('flash-flood');
    const b = await readyWorld('flash-flood');
    const c = await readyWorld('flash-flood', { seed: 99 });
    const at = a.startMs + 9 * MS.h;
    for (const sensor of a.sensors) {
      expect(healthyReading(b, sensor, at)).toEqual(healthyReading(a, sensor, at));
    }
    const station = a.sensors.find((s) => s.id === 'ws-polygyros');
    expect(station).toBeDefined();
    if (station) expect(healthyReading(c, station, at)).not.toEqual(healthyReading(a, station, at));
  });

  it('do not depend on what was generated before', async () => {
    const world = await readyWorld('fire-weather-day');
    const gauge = world.sensors.find((s) => s.kind === 'fire_sensor');
    if (!gauge) throw new Error('no fire sensor');
    const at = world.startMs + 9 * MS.h;
    const first = healthyReading(world, gauge, at);
    for (let t = world.startMs; t < at; t += 10 * MS.m) healthyReading(world, gauge, t);
    expect(healthyReading(world, gauge, at)).toEqual(first);
  });

  it.each(['quiet-day', 'fire-weather-day', 'flash-flood', 'odra-flood'])('give every sensor of %s its metrics, in plausible ranges', async (name) => {
    const world = await readyWorld(name);
    const end = world.endMs ?? world.startMs + MS.d;
    for (const sensor of world.sensors) {
      for (let t = world.startMs; t <= end; t += 37 * MS.m) {
        const metrics = healthyReading(world, sensor, t);
        for (const name of EXPECTED_METRICS[sensor.kind]) expect(metrics, `${sensor.id} ${name}`).toHaveProperty(name);
        for (const [metric, value] of Object.entries(metrics)) {
          expect(metric in KNOWN_METRICS, metric).toBe(true);
          if (typeof value === 'boolean') continue;
          const [min, max] = RANGES[metric] ?? [-Infinity, Infinity];
          expect(value, `${sensor.id} ${metric} at +${(t - world.startMs) / MS.h} h`).toBeGreaterThanOrEqual(min);
          expect(value, `${sensor.id} ${metric} at +${(t - world.startMs) / MS.h} h`).toBeLessThanOrEqual(max);
        }
      }
    }
  });

  it('follow the daily cycle: coolest near dawn, hottest in the afternoon', async () => {
    const world = await readyWorld('quiet-day');
    const station = world.sensors.find((s) => s.id === 'ws-polygyros');
    if (!station) throw new Error('no station');
    const temperatureAt = (hourLocal: number): number => Number(healthyReading(world, station, world.startMs + hourLocal * MS.h).air_temperature_c);
    expect(temperatureAt(16)).toBeGreaterThan(temperatureAt(6) + 7);
    expect(temperatureAt(16)).toBeGreaterThan(temperatureAt(23));
  });

  it('make the Chalkidiki fire-weather afternoon hot, dry and windy (30-30-30)', async () => {
    const world = await readyWorld('fire-weather-day');
    const station = world.sensors.find((s) => s.id === 'ws-polygyros');
    if (!station) throw new Error('no station');
    let hottest = -Infinity;
    let driest = Infinity;
    let windiest = 0;
    for (let t = world.startMs + 7 * MS.h; t <= world.startMs + 11 * MS.h; t += 5 * MS.m) {
      const m = healthyReading(world, station, t);
      hottest = Math.max(hottest, Number(m.air_temperature_c));
      driest = Math.min(driest, Number(m.relative_humidity_pct));
      windiest = Math.max(windiest, Number(m.wind_speed_kmh));
    }
    expect(hottest).toBeGreaterThanOrEqual(33);
    expect(hottest).toBeLessThanOrEqual(39);
    expect(driest).toBeGreaterThanOrEqual(12);
    expect(driest).toBeLessThanOrEqual(30);
    expect(windiest).toBeGreaterThanOrEqual(30);
  });

  it('make the autumn storm rain hard, blow and drop the pressure', async () => {
    const world = await readyWorld('flash-flood');
    const station = world.sensors.find((s) => s.id === 'ws-polygyros');
    if (!station) throw new Error('no station');
    let rain = 0;
    let gust = 0;
    let lowest = Infinity;
    for (let t = world.startMs + MS.m; t <= world.startMs + 16 * MS.h; t += MS.m) {
      const m = healthyReading(world, station, t, MS.m);
      rain += Number(m.rain_mm);
      gust = Math.max(gust, Number(m.wind_gust_kmh));
      lowest = Math.min(lowest, Number(m.pressure_hpa));
    }
    expect(rain).toBeGreaterThan(100);
    expect(rain).toBeLessThan(300);
    expect(gust).toBeGreaterThan(70);
    expect(lowest).toBeLessThan(1002);
  });
});
