import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InfluxTelemetryStore } from '../../server/telemetry/influx-telemetry-store.ts';
import { Influxd, influxdOrSkip } from '../helpers/influxd.ts';
import { reading, T0 } from './telemetry-store.contract.ts';
import { influxFixture, influxQuery, influxWrite, recordingLogger, type InfluxFixture } from './telemetry-store.fixtures.ts';

// What only the InfluxDB adapter promises: schema creation, no loss across an outage or a restart
// (spool, in-order replay), dead-lettering of refused batches, credentials.

const influxdBinary = influxdOrSkip('telemetry-store-influx');
const MINUTE = 60_000;

describe.skipIf(influxdBinary === null)('InfluxTelemetryStore against a real influxd', () => {
  let server: Influxd;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    server = await Influxd.start(influxdBinary ?? '');
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    // A test that stopped influxd must not leave the next one without it.
    await server.start();
  });

  afterAll(async () => {
    await server?.dispose();
  });

  async function fixture(): Promise<InfluxFixture> {
    const f = await influxFixture(server);
    cleanups.push(() => f.cleanup());
    return f;
  }

  function track(store: InfluxTelemetryStore): InfluxTelemetryStore {
    cleanups.push(() => store.close());
    return store;
  }

  async function spoolFiles(f: InfluxFixture): Promise<string[]> {
    return (await readdir(f.spoolDir)).filter((name) => name.endsWith('.lp')).sort();
  }

  async function waitUntilReplayed(store: InfluxTelemetryStore): Promise<void> {
    await vi.waitFor(() => expect(store.health()).toMatchObject({ ok: true, spooledBatches: 0 }), { timeout: 15_000, interval: 50 });
  }

  it('creates the database and the retention policy, as the default, and leaves an existing one alone', async () => {
    const f = await fixture();
    const store = track(f.create({ retentionPolicy: 'thirty_days', retentionDuration: '30d' }));
    await store.open();
    expect(await influxQuery(server, `SHOW RETENTION POLICIES ON "${f.database}"`)).toMatchObject({
      results: [{ series: [{ values: expect.arrayContaining([['thirty_days', '720h0m0s', expect.any(String), 1, true]]) as unknown }] }],
    });
    store.append([reading('ws-01', Date.now(), { rain_mm: 1 })]);
    await store.flush();
    await store.close();

    const again = track(f.create({ retentionPolicy: 'thirty_days', retentionDuration: '52w' }));
    await again.open();
    expect(await again.latest()).toHaveLength(1);
    expect(await influxQuery(server, `SHOW RETENTION POLICIES ON "${f.database}"`)).toMatchObject({
      results: [{ series: [{ values: expect.arrayContaining([['thirty_days', '720h0m0s', expect.any(String), 1, true]]) as unknown }] }],
    });
  });

  it('spools to disk while influxd is down and replays in order when it is back, losing nothing', async () => {
    const f = await fixture();
    const store = track(f.create({ batchSize: 100, maxBatchSize: 100 }));
    await store.open();
    store.append([reading('wl-01', T0 - MINUTE, { water_level_cm: 1 })]);
    await store.flush();

    await server.stop();
    const readings = Array.from({ length: 1000 }, (_, i) => reading('wl-01', T0 + i * MINUTE, { water_level_cm: i }));
    store.append(readings.slice(0, 500));
    // The same point three times, in three batches: only in-order replay leaves the last value.
    for (const value of [100, 200, 300]) {
      store.append([reading('wl-02', T0, { water_level_cm: value })]);
      await store.flush();
    }
    store.append(readings.slice(500));
    await store.flush();

    const down = store.health();
    expect(down).toMatchObject({ ok: false, pending: 0, spooledPoints: 1003 });
    expect(down.detail).toMatch(/unavailable since .* spooled in /);
    const files = await spoolFiles(f);
    expect(files.length).toBe(down.spooledBatches);
    expect(files.length).toBeGreaterThanOrEqual(13);

    await server.start();
    await waitUntilReplayed(store);
    expect(await spoolFiles(f)).toEqual([]);
    const stored = await store.range('wl-01', 'water_level_cm', T0 - MINUTE, T0 + 1000 * MINUTE, 10_000);
    expect(stored).toEqual([{ ts: T0 - MINUTE, value: 1 }, ...readings.map((r) => ({ ts: r.ts, value: r.metrics.water_level_cm }))]);
    expect(await store.range('wl-02', 'water_level_cm', T0, T0 + 1, 10)).toEqual([{ ts: T0, value: 300 }]);
  });

  it('opens while influxd is down, and creates the database and writes once it is up', async () => {
    await server.stop();
    const f = await fixture();
    const logger = recordingLogger();
    const store = track(f.create({ logger }));
    await store.open();
    store.append([reading('ws-01', T0, { air_temperature_c: 12.5 })]);
    await store.flush();
    expect(store.health()).toMatchObject({ ok: false, spooledBatches: 1 });
    expect(logger.entries.some((e) => e.level === 'warn' && /spooled to disk/.test(e.message))).toBe(true);

    await server.start();
    await waitUntilReplayed(store);
    expect(await store.latest()).toEqual([{ sensorId: 'ws-01', metrics: { air_temperature_c: { value: 12.5, ts: T0 } } }]);
  });

  it('replays at open() what a previous run left in the spool', async () => {
    const f = await fixture();
    const first = f.create();
    await first.open();
    await server.stop();
    first.append([reading('ws-01', T0, { rain_mm: 0.5 }), reading('ws-01', T0 + MINUTE, { rain_mm: 1.5 })]);
    await first.close();
    expect(await spoolFiles(f)).toHaveLength(1);

    await server.start();
    const second = track(f.create());
    await second.open();
    expect(second.health()).toMatchObject({ ok: true, spooledBatches: 0 });
    expect(await spoolFiles(f)).toEqual([]);
    expect(await second.range('ws-01', 'rain_mm', T0, T0 + 2 * MINUTE, 10)).toEqual([
      { ts: T0, value: 0.5 },
      { ts: T0 + MINUTE, value: 1.5 },
    ]);
  });

  it('moves a batch InfluxDB refuses to the dead-letter directory and keeps writing the next ones', async () => {
    const f = await fixture();
    const logger = recordingLogger();
    const store = track(f.create({ logger }));
    await store.open();
    // An integer field planted by another writer: our float for the same field is a type conflict (HTTP 400).
    expect(await influxWrite(server, f.database, `telemetry,sensor=old level=1i ${T0}`)).toBe(204);

    store.append([reading('ws-01', T0, { level: 1.5 }), reading('ws-02', T0, { rain_mm: 2 })]);
    await store.flush();
    store.append([reading('ws-03', T0, { rain_mm: 3 })]);
    await store.flush();

    expect(store.health()).toMatchObject({ ok: true, deadLetteredBatches: 1, spooledBatches: 0 });
    expect(store.health().detail).toMatch(/dead-letter/);
    const [file, ...more] = await readdir(join(f.spoolDir, 'dead-letter'));
    expect(more).toEqual([]);
    const text = await readFile(join(f.spoolDir, 'dead-letter', file ?? ''), 'utf8');
    expect(text).toMatch(/^# \d{4}-\d\d-\d\dT.* field type conflict/);
    expect(text).toContain(`telemetry,sensor=ws-01 level=1.5 ${T0}`);
    expect(logger.entries.some((e) => e.level === 'error' && /dead-letter/.test(e.message))).toBe(true);
    expect((await store.latest(['ws-03']))[0]?.metrics).toEqual({ rain_mm: { value: 3, ts: T0 } });
  });

  it('dead-letters a refused batch during replay and replays the batches behind it', async () => {
    const f = await fixture();
    const store = track(f.create());
    await store.open();
    expect(await influxWrite(server, f.database, `telemetry,sensor=old level=1i ${T0}`)).toBe(204);
    await server.stop();
    store.append([reading('ws-01', T0, { level: 2.5 })]);
    await store.flush();
    store.append([reading('ws-02', T0, { rain_mm: 4 })]);
    await store.flush();
    expect(store.health().spooledBatches).toBe(2);

    await server.start();
    await waitUntilReplayed(store);
    expect(store.health().deadLetteredBatches).toBe(1);
    expect((await store.latest(['ws-02']))[0]?.metrics).toEqual({ rain_mm: { value: 4, ts: T0 } });
  });

  it('keeps memory bounded: beyond maxPending, append() spools, and everything still arrives in order', async () => {
    const f = await fixture();
    const store = track(f.create({ batchSize: 50, maxPending: 200, flushIntervalMs: 1_000 }));
    await store.open();
    for (let i = 0; i < 5000; i++) {
      store.append([reading('wl-01', T0 + i * 1000, { water_level_cm: i })]);
      expect(store.health().pending).toBeLessThanOrEqual(200);
    }
    // The loop never yielded, so InfluxDB has had no chance yet: the surplus can only be on disk.
    expect(store.health().spooledBatches).toBeGreaterThan(0);
    await store.flush();
    await waitUntilReplayed(store);
    const stored = await store.range('wl-01', 'water_level_cm', T0, T0 + 5000 * 1000, 10_000);
    expect(stored.map((p) => p.value)).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });
});

describe.skipIf(influxdBinary === null)('InfluxTelemetryStore against an influxd with authentication on', () => {
  let server: Influxd;

  beforeAll(async () => {
    server = await Influxd.start(influxdBinary ?? '', { authEnabled: true });
    // 1.x lets the first admin user be created without credentials.
    await influxQuery(server, `CREATE USER "admin" WITH PASSWORD 's3cret' WITH ALL PRIVILEGES`);
  });

  afterAll(async () => {
    await server?.dispose();
  });

  it('writes and reads with the right username and password', async () => {
    const f = await influxFixture(server);
    const store = f.create({ username: 'admin', password: 's3cret' });
    try {
      await store.open();
      store.append([reading('ws-01', T0, { rain_mm: 1 })]);
      await store.flush();
      expect(await store.latest()).toHaveLength(1);
    } finally {
      await store.close();
      await f.cleanup().catch(() => undefined);
    }
  });

  it('refuses to open with a wrong password, saying what to check', async () => {
    const f = await influxFixture(server);
    const store = f.create({ username: 'admin', password: 'wrong' });
    try {
      await expect(store.open()).rejects.toMatchObject({ code: 'influx_auth_failed', message: expect.stringMatching(/username and password/) as unknown });
    } finally {
      await store.close();
      await f.cleanup().catch(() => undefined);
    }
  });
});
