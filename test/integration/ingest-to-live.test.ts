import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type mqtt from 'mqtt';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';
import { startMosquitto, MOSQUITTO_BIN, type RunningMosquitto } from '../helpers/mosquitto.ts';
import { requireBinary } from '../helpers/require-binary.ts';
import { LiveClient } from '../helpers/live-client.ts';
import type { SensorDeltaMessage, ServerMessage } from '../../server/contracts/live.ts';
import type { RejectReport } from '../../server/contracts/telemetry.ts';

/**
 * The foundation's loop over a real MQTT connection: a gateway publishes, the server stores the
 * reading and a dashboard sees it as a delta. Run against the embedded broker and a real Mosquitto.
 */
const brokers: { name: string; start: () => Promise<{ env: Record<string, string>; stop: () => Promise<void> } | null> }[] = [
  { name: 'embedded Aedes', start: () => Promise.resolve({ env: {}, stop: () => Promise.resolve() }) },
  {
    name: 'Mosquitto',
    start: async () => {
      if (!requireBinary(MOSQUITTO_BIN, 'mosquitto')) return null;
      const m: RunningMosquitto = await startMosquitto();
      return { env: { MQTT_URL: m.url }, stop: () => m.stop() };
    },
  },
];

describe.each(brokers)('ingest to store and live hub through $name', ({ start }) => {
  let broker: Awaited<ReturnType<typeof start>>;
  let server: TestServer;
  let gateway: mqtt.MqttClient;

  beforeAll(async () => {
    broker = await start();
    if (!broker) return;
    server = await startTestServer(broker.env);
    gateway = await server.connectGateway('gw-polygyros');
  });

  afterAll(async () => {
    await gateway?.endAsync();
    await server?.close();
    await broker?.stop();
  });

  const isDeltaFor =
    (sensorId: string, metric: string, value: number) =>
    (m: ServerMessage): m is SensorDeltaMessage =>
      m.type === 'sensor' && m.sensor.id === sensorId && m.sensor.metrics[metric] === value;

  it('stores a single reading and sends it to dashboards as a delta with increasing seq', async (ctx) => {
    if (!broker) return ctx.skip();
    const live = await LiveClient.connect(server.wsUrl);
    const snapshot = await live.waitFor((m) => m.type === 'snapshot');
    expect(snapshot.seq).toBe(0);
    const ts = Date.now() - 1000;
    await gateway.publishAsync(
      'skopia/gw-polygyros/ws-polygyros/telemetry',
      JSON.stringify({ ts: new Date(ts).toISOString(), metrics: { air_temperature_c: 31.5, relative_humidity_pct: 22 }, battery: 87 }),
      { qos: 1 },
    );
    const delta = await live.waitFor(isDeltaFor('ws-polygyros', 'air_temperature_c', 31.5));
    expect(delta.seq).toBeGreaterThan(0);
    expect(delta.sensor.health.state).toBe('online');
    expect(delta.sensor.health.batteryPct).toBe(87);
    expect(delta.sensor.metricsTs).toBe(ts);
    const seqs = live.messages.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);

    await server.app.skopia.store.flush();
    const latest = await server.app.skopia.store.latest(['ws-polygyros']);
    expect(latest[0]?.metrics.air_temperature_c).toEqual({ value: 31.5, ts });
    live.close();
  });

  it('stores every reading of a batch and reports the bad one on the gateway error topic', async (ctx) => {
    if (!broker) return ctx.skip();
    const errors: RejectReport[] = [];
    await gateway.subscribeAsync('skopia/gw-polygyros/errors', { qos: 1 });
    gateway.on('message', (topic, payload) => {
      if (topic === 'skopia/gw-polygyros/errors') errors.push(JSON.parse(payload.toString()) as RejectReport);
    });
    const base = Date.now() - 60_000;
    await gateway.publishAsync(
      'skopia/gw-polygyros/wl-polygyros-torrent/telemetry',
      JSON.stringify({
        readings: [
          { ts: base, metrics: { water_level_cm: 40 } },
          { ts: base + 10_000, metrics: { water_level_cm: 'high' } },
          { ts: base + 20_000, metrics: { water_level_cm: 42 } },
        ],
      }),
      { qos: 1 },
    );
    await expect.poll(() => errors.length, { timeout: 5000 }).toBe(1);
    expect(errors[0]).toMatchObject({ reason: 'invalid_payload', index: 1 });
    expect(errors[0]?.message).toContain('readings.1: metrics.water_level_cm');
    await expect
      .poll(async () => {
        await server.app.skopia.store.flush();
        return (await server.app.skopia.store.range('wl-polygyros-torrent', 'water_level_cm', base, base + 60_000, 10)).map((p) => p.value);
      })
      .toEqual([40, 42]);
    const health = (await (await fetch(`${server.httpUrl}/health`)).json()) as { ingest: { rejected: Record<string, number> } };
    expect(health.ingest.rejected.invalid_payload).toBeGreaterThanOrEqual(1);
  });

  it('marks a gateway\'s sensors offline when its last will arrives', async (ctx) => {
    if (!broker) return ctx.skip();
    const live = await LiveClient.connect(server.wsUrl);
    const galatista = await server.connectGateway('gw-galatista', {
      will: { topic: 'skopia/gw-galatista/status', payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    await galatista.publishAsync('skopia/gw-galatista/ws-galatista/telemetry', JSON.stringify({ metrics: { air_temperature_c: 20 } }), { qos: 1 });
    await live.waitFor((m) => m.type === 'sensor' && m.sensor.id === 'ws-galatista' && m.sensor.health.state === 'online');
    // An abrupt end (no DISCONNECT) makes the broker publish the last will.
    galatista.stream.destroy();
    const delta = await live.waitFor(
      (m): m is SensorDeltaMessage => m.type === 'sensor' && m.sensor.id === 'ws-galatista' && m.sensor.health.state === 'offline',
    );
    expect(delta.sensor.gatewayId).toBe('gw-galatista');
    live.close();
  });
});
