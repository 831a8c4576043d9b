import { afterEach, describe, expect, it } from 'vitest';
import type { Reading } from '../../server/contracts/telemetry.ts';
import { historyBucketMs, type HistoryBucket, type TelemetryStore } from '../../server/telemetry/telemetry-store.ts';

/**
 * The TelemetryStore contract: every adapter runs these same tests (as aedes-persistence's abstract.js
 * does for Aedes stores). Expected answers come from a plain-array reference, so two adapters passing
 * them answer alike.
 */

export interface TelemetryStoreFixture {
  /** A new, unopened store over this fixture's storage; a second call sees what the first wrote. */
  create(): TelemetryStore;
  /** Deletes the storage. */
  cleanup(): Promise<void>;
}

export const T0 = Date.UTC(2024, 0, 1);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function reading(sensorId: string, ts: number, metrics: Record<string, number>): Reading {
  return { sensorId, ts, metrics, receivedAt: ts, source: 'native' };
}

/** A deterministic pseudo-random sequence, so every adapter gets the same dataset. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A year of hourly water levels with a little noise, for the downsampling tests. */
export function yearOfReadings(sensorId: string): Reading[] {
  const random = seededRandom(7);
  const readings: Reading[] = [];
  for (let ts = T0; ts < T0 + 365 * DAY; ts += HOUR) {
    const level = 120 + 40 * Math.sin((ts - T0) / (30 * DAY)) + Math.round(random() * 1000) / 100;
    readings.push(reading(sensorId, ts, { water_level_cm: level }));
  }
  return readings;
}

/** What history() must answer, computed from the raw points. */
export function referenceBuckets(points: readonly { ts: number; value: number }[], from: number, to: number, bucketMs: number): HistoryBucket[] {
  const sums = new Map<number, { min: number; max: number; sum: number; count: number }>();
  for (const { ts, value } of points) {
    if (ts < from || ts >= to) continue;
    const t = Math.floor(ts / bucketMs) * bucketMs;
    const b = sums.get(t);
    if (b === undefined) sums.set(t, { min: value, max: value, sum: value, count: 1 });
    else {
      b.min = Math.min(b.min, value);
      b.max = Math.max(b.max, value);
      b.sum += value;
      b.count++;
    }
  }
  return [...sums]
    .sort(([a], [b]) => a - b)
    .map(([t, b]) => ({ t, min: b.min, mean: b.sum / b.count, max: b.max, count: b.count }));
}

/** Means may differ in the last bits with summation order (InfluxDB merges shards); the rest is exact. */
export function expectSameBuckets(actual: readonly HistoryBucket[], expected: readonly HistoryBucket[]): void {
  expect(actual.map((b) => ({ ...b, mean: 0 }))).toEqual(expected.map((b) => ({ ...b, mean: 0 })));
  actual.forEach((b, i) => expect(b.mean).toBeCloseTo(expected[i]?.mean ?? NaN, 9));
}

export function telemetryStoreContract(name: string, makeFixture: () => Promise<TelemetryStoreFixture>): void {
  describe(`TelemetryStore contract: ${name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];

    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    /** An opened store; closed and its storage deleted after the test. */
    async function openStore(): Promise<{ store: TelemetryStore; fixture: TelemetryStoreFixture }> {
      const fixture = await makeFixture();
      cleanups.push(() => fixture.cleanup());
      const store = fixture.create();
      await store.open();
      cleanups.push(() => store.close());
      return { store, fixture };
    }

    it('returns the newest value and time of each metric after append and flush', async () => {
      const { store } = await openStore();
      store.append([
        reading('ws-01', T0, { air_temperature_c: 20.5, relative_humidity_pct: 40 }),
        reading('ws-01', T0 + MINUTE, { air_temperature_c: 21 }),
        reading('wl-01', T0 + 2 * MINUTE, { water_level_cm: 132.25 }),
      ]);
      await store.flush();

      expect(await store.latest()).toEqual([
        { sensorId: 'wl-01', metrics: { water_level_cm: { value: 132.25, ts: T0 + 2 * MINUTE } } },
        {
          sensorId: 'ws-01',
          metrics: { air_temperature_c: { value: 21, ts: T0 + MINUTE }, relative_humidity_pct: { value: 40, ts: T0 } },
        },
      ]);
      expect(await store.latest(['ws-01', 'nobody'])).toEqual([
        expect.objectContaining({ sensorId: 'ws-01' }),
      ]);
      expect(await store.latest([])).toEqual([]);
      expect(store.health()).toMatchObject({ ok: true, adapter: store.adapter, pending: 0 });
    });

    it('keeps one value per sensor, metric and time: a redelivery replaces it', async () => {
      const { store } = await openStore();
      store.append([reading('ws-01', T0, { air_temperature_c: 20 }), reading('ws-01', T0, { air_temperature_c: 21 })]);
      await store.flush();
      store.append([reading('ws-01', T0, { air_temperature_c: 22 })]);
      await store.flush();

      expect(await store.range('ws-01', 'air_temperature_c', T0 - DAY, T0 + DAY, 100)).toEqual([{ ts: T0, value: 22 }]);
      expect((await store.latest())[0]?.metrics).toEqual({ air_temperature_c: { value: 22, ts: T0 } });
      const history = await store.history({ sensorId: 'ws-01', metric: 'air_temperature_c', from: T0 - HOUR, to: T0 + HOUR, maxPoints: 10 });
      expect(history.buckets.map((b) => b.count)).toEqual([1]);
    });

    it('stores late data in time order without letting it replace a newer latest value', async () => {
      const { store } = await openStore();
      store.append([reading('wl-01', T0 + 10 * MINUTE, { water_level_cm: 150 })]);
      await store.flush();
      store.append([reading('wl-01', T0, { water_level_cm: 100 }), reading('wl-01', T0 + 5 * MINUTE, { water_level_cm: 120 })]);
      await store.flush();

      expect((await store.latest(['wl-01']))[0]?.metrics).toEqual({ water_level_cm: { value: 150, ts: T0 + 10 * MINUTE } });
      expect(await store.range('wl-01', 'water_level_cm', T0, T0 + HOUR, 10)).toEqual([
        { ts: T0, value: 100 },
        { ts: T0 + 5 * MINUTE, value: 120 },
        { ts: T0 + 10 * MINUTE, value: 150 },
      ]);
    });

    it('returns raw points in [from, to), oldest first, at most limit, of one sensor and metric', async () => {
      const { store } = await openStore();
      const readings = [];
      for (let i = 0; i < 10; i++) readings.push(reading('wl-01', T0 + i * MINUTE, { water_level_cm: i, flow_m3s: -i }));
      readings.push(reading('wl-02', T0 + MINUTE, { water_level_cm: 99 }));
      store.append(readings.reverse());
      await store.flush();

      const points = await store.range('wl-01', 'water_level_cm', T0 + 2 * MINUTE, T0 + 6 * MINUTE, 100);
      expect(points).toEqual([2, 3, 4, 5].map((i) => ({ ts: T0 + i * MINUTE, value: i })));
      expect(await store.range('wl-01', 'water_level_cm', T0, T0 + HOUR, 3)).toEqual([0, 1, 2].map((i) => ({ ts: T0 + i * MINUTE, value: i })));
      expect(await store.range('wl-01', 'flow_m3s', T0 + 9 * MINUTE, T0 + HOUR, 10)).toEqual([{ ts: T0 + 9 * MINUTE, value: -9 }]);
      expect(await store.range('wl-01', 'water_level_cm', T0 + HOUR, T0 + 2 * HOUR, 10)).toEqual([]);
      expect(await store.range('wl-01', 'no_such_metric', T0, T0 + HOUR, 10)).toEqual([]);
      expect(await store.range('wl-01', 'water_level_cm', T0, T0 + HOUR, 0)).toEqual([]);
    });

    it('downsamples history into epoch-aligned min/mean/max/count buckets and omits empty ones', async () => {
      const { store } = await openStore();
      const points = [
        { ts: T0 + 1_000, value: 1 },
        { ts: T0 + 59_000, value: 3 },
        { ts: T0 + 61_000, value: 10 },
        { ts: T0 + 5 * MINUTE + 1, value: -2.5 },
        { ts: T0 + 5 * MINUTE + 2, value: 7.25 },
      ];
      store.append(points.map((p) => reading('ws-01', p.ts, { wind_speed_kmh: p.value })));
      await store.flush();

      // 10 minutes into 11 points: one-minute buckets; `from` is not aligned, so the first starts before it.
      const from = T0 + 30_000;
      const to = T0 + 10 * MINUTE + 30_000;
      const history = await store.history({ sensorId: 'ws-01', metric: 'wind_speed_kmh', from, to, maxPoints: 11 });
      expect(history.bucketMs).toBe(historyBucketMs(from, to, 11));
      expect(history.bucketMs).toBe(MINUTE);
      expect(history.buckets).toEqual([
        { t: T0, min: 3, mean: 3, max: 3, count: 1 },
        { t: T0 + MINUTE, min: 10, mean: 10, max: 10, count: 1 },
        { t: T0 + 5 * MINUTE, min: -2.5, mean: 2.375, max: 7.25, count: 2 },
      ]);
      expect(history).toMatchObject({ sensorId: 'ws-01', metric: 'wind_speed_kmh' });
      const none = await store.history({ sensorId: 'ws-01', metric: 'wind_speed_kmh', from: T0 + DAY, to: T0 + 2 * DAY, maxPoints: 100 });
      expect(none.buckets).toEqual([]);
    });

    it('answers a year of hourly data in at most maxPoints=500 buckets', async () => {
      const { store } = await openStore();
      const readings = yearOfReadings('wl-01');
      store.append(readings);
      await store.flush();

      const from = T0;
      const to = T0 + 365 * DAY;
      const history = await store.history({ sensorId: 'wl-01', metric: 'water_level_cm', from, to, maxPoints: 500 });
      expect(history.buckets.length).toBeGreaterThan(400);
      expect(history.buckets.length).toBeLessThanOrEqual(500);
      expect(history.buckets.every((b) => b.t % history.bucketMs === 0)).toBe(true);
      expect(history.buckets.reduce((n, b) => n + b.count, 0)).toBe(readings.length);
      const points = readings.map((r) => ({ ts: r.ts, value: r.metrics.water_level_cm ?? NaN }));
      expectSameBuckets(history.buckets, referenceBuckets(points, from, to, history.bucketMs));
      // An unaligned window needs one more bucket than its span suggests; still within maxPoints.
      const shifted = await store.history({ sensorId: 'wl-01', metric: 'water_level_cm', from: from + 1234, to: to - 4321, maxPoints: 500 });
      expect(shifted.buckets.length).toBeLessThanOrEqual(500);
    });

    it('serves many sensors', async () => {
      const { store } = await openStore();
      const sensors = Array.from({ length: 300 }, (_, i) => `sensor-${String(i).padStart(3, '0')}`);
      for (let step = 0; step < 5; step++) {
        store.append(sensors.map((id, i) => reading(id, T0 + step * MINUTE, { air_temperature_c: i + step, battery_pct: 100 - step })));
      }
      await store.flush();

      const latest = await store.latest();
      expect(latest.map((l) => l.sensorId)).toEqual(sensors);
      expect(latest[42]?.metrics).toEqual({
        air_temperature_c: { value: 46, ts: T0 + 4 * MINUTE },
        battery_pct: { value: 96, ts: T0 + 4 * MINUTE },
      });
      const some = await store.latest(sensors.slice(0, 150));
      expect(some).toHaveLength(150);
    });

    it('leaves out values that are not finite numbers, keeping the rest of the reading', async () => {
      const { store } = await openStore();
      store.append([reading('ws-01', T0, { air_temperature_c: Number.NaN, wind_speed_kmh: Number.POSITIVE_INFINITY, rain_mm: 0.2 })]);
      store.append([reading('ws-02', T0, { air_temperature_c: Number.NaN })]);
      await store.flush();
      expect(await store.latest()).toEqual([{ sensorId: 'ws-01', metrics: { rain_mm: { value: 0.2, ts: T0 } } }]);
    });

    it('stores times as whole milliseconds, dropping sub-millisecond parts', async () => {
      const { store } = await openStore();
      store.append([reading('ws-01', T0 + 0.9, { rain_mm: 1 })]);
      await store.flush();
      expect(await store.range('ws-01', 'rain_mm', T0, T0 + 1, 10)).toEqual([{ ts: T0, value: 1 }]);
    });

    it('keeps sensor ids and metric names with quotes, spaces, commas and equals signs intact', async () => {
      const { store } = await openStore();
      const odd = `o'brien "north", gauge=2\\x`;
      store.append([reading(odd, T0, { 'level a,b=c': 1.5, 'sensor': 2 }), reading('plain', T0, { 'level a,b=c': 9 })]);
      await store.flush();
      expect(await store.latest([odd])).toEqual([
        { sensorId: odd, metrics: { 'level a,b=c': { value: 1.5, ts: T0 }, sensor: { value: 2, ts: T0 } } },
      ]);
      expect(await store.range(odd, 'level a,b=c', T0, T0 + 1, 10)).toEqual([{ ts: T0, value: 1.5 }]);
      const history = await store.history({ sensorId: odd, metric: 'sensor', from: T0, to: T0 + HOUR, maxPoints: 10 });
      expect(history.buckets).toEqual([{ t: T0, min: 2, mean: 2, max: 2, count: 1 }]);
    });

    it('flushes on close, so a new store over the same storage sees everything', async () => {
      const fixture = await makeFixture();
      cleanups.push(() => fixture.cleanup());
      const first = fixture.create();
      await first.open();
      first.append([reading('ws-01', T0, { rain_mm: 1.5 }), reading('ws-01', T0 + MINUTE, { rain_mm: 0 })]);
      await first.close();
      expect(() => first.append([reading('ws-01', T0, { rain_mm: 1 })])).toThrow(expect.objectContaining({ code: expect.any(String) as unknown }) as Error);

      const second = fixture.create();
      await second.open();
      cleanups.push(() => second.close());
      expect(await second.latest()).toEqual([{ sensorId: 'ws-01', metrics: { rain_mm: { value: 0, ts: T0 + MINUTE } } }]);
      expect(await second.range('ws-01', 'rain_mm', T0, T0 + HOUR, 10)).toHaveLength(2);
    });

    it('refuses appends before open() with an error saying so', async () => {
      const fixture = await makeFixture();
      cleanups.push(() => fixture.cleanup());
      const store = fixture.create();
      expect(() => store.append([reading('ws-01', T0, { rain_mm: 1 })])).toThrow(/open\(\)/);
      expect(store.health().ok).toBe(false);
    });
  });
}
