import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '../../server/contracts/telemetry.ts';
import type { TelemetryStore } from '../../server/telemetry/telemetry-store.ts';
import { Influxd, influxdOrSkip } from '../helpers/influxd.ts';
import { expectSameBuckets, reading, seededRandom, T0, telemetryStoreContract } from './telemetry-store.contract.ts';
import { influxFixture, sqliteFixture } from './telemetry-store.fixtures.ts';

// Every TelemetryStore adapter passes the same contract, and answers alike for the same data.

telemetryStoreContract('SQLite', sqliteFixture);

const influxdBinary = influxdOrSkip('telemetry-store');

describe.skipIf(influxdBinary === null)('InfluxDB 1.x through the v1 HTTP API', () => {
  let server: Influxd;

  beforeAll(async () => {
    server = await Influxd.start(influxdBinary ?? '');
  });

  afterAll(async () => {
    await server?.dispose();
  });

  telemetryStoreContract('InfluxDB', () => influxFixture(server));

  it('answers exactly like SQLite for the same dataset', async () => {
    const sqlite = await sqliteFixture();
    const influx = await influxFixture(server);
    const stores: TelemetryStore[] = [sqlite.create(), influx.create()];
    try {
      const readings = messyDataset();
      for (const store of stores) {
        await store.open();
        // Several appends, so duplicates and late points land in different batches.
        for (let i = 0; i < readings.length; i += 777) store.append(readings.slice(i, i + 777));
        await store.flush();
      }
      const [a, b] = stores as [TelemetryStore, TelemetryStore];

      expect(await b.latest()).toEqual(await a.latest());
      expect(await b.latest(['s-3', 's-7'])).toEqual(await a.latest(['s-3', 's-7']));
      for (const [sensorId, metric] of [['s-0', 'water_level_cm'], ['s-5', 'rain_mm'], ['s-9', 'air_temperature_c']] as const) {
        expect(await b.range(sensorId, metric, T0, T0 + 40 * DAY, 5000)).toEqual(await a.range(sensorId, metric, T0, T0 + 40 * DAY, 5000));
        for (const [from, to, maxPoints] of [
          [T0, T0 + 30 * DAY, 500],
          [T0 + 12_345, T0 + 3 * DAY - 999, 100],
          [T0 + 5 * DAY, T0 + 5 * DAY + 3_600_000, 60],
          [T0 - DAY, T0 + 60 * DAY, 7],
        ] as const) {
          const query = { sensorId, metric, from, to, maxPoints };
          const [ha, hb] = await Promise.all([a.history(query), b.history(query)]);
          expect(hb.bucketMs).toBe(ha.bucketMs);
          expect(ha.buckets.length).toBeGreaterThan(0);
          expectSameBuckets(hb.buckets, ha.buckets);
        }
      }
    } finally {
      for (const store of stores) await store.close();
      await sqlite.cleanup();
      await influx.cleanup();
    }
  });
});

const DAY = 86_400_000;

/** Ten sensors, thirty days, irregular times, decimals, redeliveries with new values and late arrivals. */
function messyDataset(): Reading[] {
  const random = seededRandom(42);
  const readings: Reading[] = [];
  for (let i = 0; i < 6000; i++) {
    const sensorId = `s-${Math.floor(random() * 10)}`;
    const ts = T0 + Math.floor(random() * 30 * DAY);
    readings.push(
      reading(sensorId, ts, {
        water_level_cm: Math.round(random() * 50_000) / 100,
        rain_mm: Math.round(random() * 100) / 10,
        air_temperature_c: Math.round((random() * 60 - 20) * 1000) / 1000,
      }),
    );
    // A redelivery of an earlier reading with another value: the later write wins in both stores.
    if (i % 50 === 49) {
      const earlier = readings[Math.floor(random() * readings.length)];
      if (earlier !== undefined) readings.push(reading(earlier.sensorId, earlier.ts, { water_level_cm: -1 }));
    }
  }
  return readings;
}
