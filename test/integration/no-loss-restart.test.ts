import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';
import { startMosquitto, MOSQUITTO_BIN, type RunningMosquitto } from '../helpers/mosquitto.ts';
import { requireBinary } from '../helpers/require-binary.ts';

/**
 * What gateways publish while the server is down waits in the server's persistent session on the
 * broker, and arrives when it returns; a redelivered reading is stored once.
 */
describe('no reading is lost while the server restarts', () => {
  let mosquitto: RunningMosquitto | null = null;
  let dataDir: string;
  beforeAll(async () => {
    if (!requireBinary(MOSQUITTO_BIN, 'mosquitto')) return;
    mosquitto = await startMosquitto({ persistence: true });
    dataDir = mkdtempSync(join(tmpdir(), 'skopia-noloss-'));
  });
  afterAll(async () => {
    await mosquitto?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers 5,000 readings published during the outage, and a duplicate once', async (ctx) => {
    if (!mosquitto) return ctx.skip();
    const env = { MQTT_URL: mosquitto.url, DATA_DIR: dataDir, MQTT_CLIENT_ID: 'skopia-noloss' };
    let server: TestServer = await startTestServer(env);
    await server.close();

    const gateway = await mqtt.connectAsync(mosquitto.url, { protocolVersion: 4 });
    const base = Date.now() - 86_400_000;
    const N = 5000;
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < N; i++) {
      sends.push(gateway.publishAsync('skopia/gw-polygyros/wl-polygyros-torrent/telemetry', JSON.stringify({ ts: base + i * 1000, metrics: { water_level_cm: i % 300 } }), { qos: 1 }));
    }
    // The same reading twice, as a gateway that did not see its PUBACK would resend it.
    sends.push(gateway.publishAsync('skopia/gw-polygyros/wl-polygyros-torrent/telemetry', JSON.stringify({ ts: base, metrics: { water_level_cm: 0 } }), { qos: 1 }));
    await Promise.all(sends);
    // The broker is restarted too: the queued messages survive on its disk.
    await mosquitto.restart();

    server = await startTestServer(env);
    const counters = server.app.skopia.pipeline.counters;
    await expect.poll(() => counters.accepted, { timeout: 30_000 }).toBe(N + 1);
    await server.app.skopia.store.flush();
    const points = await server.app.skopia.store.range('wl-polygyros-torrent', 'water_level_cm', base, base + N * 1000, N + 10);
    expect(points).toHaveLength(N);
    expect(points[N - 1]).toEqual({ ts: base + (N - 1) * 1000, value: (N - 1) % 300 });
    await server.close();
    await gateway.endAsync();
  });
});
