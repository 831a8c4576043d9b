import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';
import { startMosquitto, MOSQUITTO_BIN, type RunningMosquitto } from '../helpers/mosquitto.ts';
import { requireBinary } from '../helpers/require-binary.ts';
import type { RejectReason, RejectReport } from '../../server/contracts/telemetry.ts';

/**
 * 10,000 malformed messages interleaved with 2,000 good ones through a real Mosquitto: the server
 * stays up, stores every good reading, counts every bad one by reason and reports it to its gateway.
 */
const MAX_PAYLOAD = 4096;
const GOOD = 2000;
const BAD_PER_KIND = 1000;

type BadKind = { name: string; reason: RejectReason; topic: string; payload: (i: number) => string | Buffer; reported: boolean };
const T = 'skopia/gw-polygyros/ws-polygyros/telemetry';
const BAD: BadKind[] = [
  { name: 'broken JSON', reason: 'bad_json', topic: T, payload: (i) => `{"metrics":{"air_temperature_c":${i}`, reported: true },
  { name: 'wrong types', reason: 'invalid_payload', topic: T, payload: (i) => JSON.stringify({ metrics: { air_temperature_c: String(i) } }), reported: true },
  { name: 'NaN and Infinity', reason: 'bad_json', topic: T, payload: (i) => (i % 2 ? '{"metrics":{"x":NaN}}' : '{"metrics":{"x":-Infinity}}'), reported: true },
  { name: 'number overflowing to Infinity', reason: 'invalid_payload', topic: T, payload: () => '{"metrics":{"x":1e400}}', reported: true },
  { name: 'over the size limit', reason: 'too_large', topic: T, payload: () => JSON.stringify({ metrics: { x: 1 }, pad: 'x'.repeat(MAX_PAYLOAD) }), reported: true },
  { name: 'unknown sensor', reason: 'unknown_sensor', topic: 'skopia/gw-polygyros/ws-atlantis/telemetry', payload: () => JSON.stringify({ metrics: { x: 1 } }), reported: true },
  { name: 'sensor of another gateway', reason: 'wrong_gateway', topic: 'skopia/gw-polygyros/ws-galatista/telemetry', payload: () => JSON.stringify({ metrics: { x: 1 } }), reported: true },
  { name: 'malformed topic', reason: 'bad_topic', topic: 'skopia/gw-polygyros/ws polygyros!/telemetry', payload: () => JSON.stringify({ metrics: { x: 1 } }), reported: true },
  { name: 'binary garbage', reason: 'bad_json', topic: T, payload: (i) => Buffer.from([0xff, 0xfe, 0x00, i % 256, 0x80, 0x81]), reported: true },
  { name: 'timestamp an hour ahead', reason: 'future_timestamp', topic: T, payload: () => JSON.stringify({ ts: Date.now() + 3_600_000, metrics: { x: 1 } }), reported: true },
];

describe('a flood of bad input never stops the good', () => {
  let mosquitto: RunningMosquitto | null = null;
  let server: TestServer;

  beforeAll(async () => {
    if (!requireBinary(MOSQUITTO_BIN, 'mosquitto')) return;
    mosquitto = await startMosquitto();
    server = await startTestServer({ MQTT_URL: mosquitto.url, MQTT_MAX_PAYLOAD_BYTES: String(MAX_PAYLOAD) });
  });
  afterAll(async () => {
    await server?.close();
    await mosquitto?.stop();
  });

  it(`stores all ${GOOD} good readings among ${BAD.length * BAD_PER_KIND} bad messages, counted by reason and reported`, async (ctx) => {
    if (!mosquitto) return ctx.skip();
    const monitor = await mqtt.connectAsync(mosquitto.url, { protocolVersion: 4 });
    const reports: RejectReport[] = [];
    monitor.on('message', (_topic, payload) => reports.push(JSON.parse(payload.toString()) as RejectReport));
    await monitor.subscribeAsync('skopia/+/errors', { qos: 0 });

    const gateway = await mqtt.connectAsync(mosquitto.url, { protocolVersion: 4 });
    const base = Date.now() - 10 * 86_400_000;
    const sends: Promise<unknown>[] = [];
    let good = 0;
    for (let i = 0; i < BAD_PER_KIND; i++) {
      for (const kind of BAD) {
        sends.push(gateway.publishAsync(kind.topic, kind.payload(i), { qos: 1 }));
        // Two good readings in every ten messages, each with its own timestamp.
        if (good < GOOD && (i * BAD.length + BAD.indexOf(kind)) % 5 === 0) {
          sends.push(gateway.publishAsync(T, JSON.stringify({ ts: base + good * 1000, metrics: { air_temperature_c: good % 40 } }), { qos: 1 }));
          good++;
        }
      }
    }
    await Promise.all(sends);
    expect(good).toBe(GOOD);

    const counters = server.app.skopia.pipeline.counters;
    await expect.poll(() => counters.messages, { timeout: 30_000 }).toBe(GOOD + BAD.length * BAD_PER_KIND);
    for (const kind of BAD) {
      const expected = BAD.filter((k) => k.reason === kind.reason).length * BAD_PER_KIND;
      expect(counters.rejected[kind.reason], kind.name).toBe(expected);
    }
    expect(counters.accepted).toBe(GOOD);

    await server.app.skopia.store.flush();
    const points = await server.app.skopia.store.range('ws-polygyros', 'air_temperature_c', base, base + GOOD * 1000, GOOD + 10);
    expect(points).toHaveLength(GOOD);
    expect(points.map((p) => p.ts)).toEqual(Array.from({ length: GOOD }, (_, i) => base + i * 1000));

    await expect.poll(() => reports.length, { timeout: 30_000 }).toBe(BAD.length * BAD_PER_KIND);
    const byReason = new Map<string, number>();
    for (const r of reports) byReason.set(r.reason, (byReason.get(r.reason) ?? 0) + 1);
    for (const kind of BAD) expect(byReason.get(kind.reason), kind.name).toBe(BAD.filter((k) => k.reason === kind.reason).length * BAD_PER_KIND);

    const health = await (await fetch(`${server.httpUrl}/health`)).json();
    expect(health).toMatchObject({ status: 'ok' });
    await gateway.endAsync();
    await monitor.endAsync();
  });
});
