import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../sensors/simulator/runtime/simulator.ts';
import { loadScenario } from '../../../sensors/simulator/scenario/scenario-loader.ts';
import { MS } from '../../../sensors/simulator/time/relative-time.ts';

/** The publisher against a real MQTT broker (Aedes, in this process, on a loopback port). */
let broker: Aedes;
let server: Server;
let url: string;
const PASSWORD = 'gateway-secret';

beforeAll(async () => {
  broker = await Aedes.createBroker();
  // Every gateway authenticates as itself with the shared test password.
  broker.authenticate = (client, username, password, done) => {
    const ok = username !== undefined && client.id.endsWith(username) && password?.toString() === PASSWORD;
    done(ok ? null : Object.assign(new Error('bad credentials'), { returnCode: 4 }), ok);
  };
  server = createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => broker.close(() => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('MQTT publisher', () => {
  it('publishes every reading at QoS 1, announces native gateways and leaves a last will on an outage', async () => {
    const observer = await mqtt.connectAsync(url, { username: 'observer', password: PASSWORD, clientId: 'test-observer' });
    const received: { topic: string; payload: string; retain: boolean }[] = [];
    observer.on('message', (topic, payload, packet) => received.push({ topic, payload: payload.toString(), retain: packet.retain }));
    await observer.subscribeAsync(['skopia/#', 'v3/#', 'application/#'], { qos: 0 });

    const loaded = await loadScenario('sensor-faults');
    const handle = await startSimulator({
      scenario: loaded,
      brokerUrl: url,
      speed: Infinity,
      durationMs: 8 * MS.h,
      credentials: { password: PASSWORD },
      clientIdPrefix: 'sim-',
      onWarning: (message) => {
        throw new Error(message);
      },
    });
    const stats = await handle.done;
    expect(stats.finished).toBe(true);
    expect(stats.messages.failed).toBe(0);
    expect(stats.messages.acknowledged).toBe(stats.messages.sent);

    const isData = (topic: string): boolean => topic.endsWith('/telemetry') || topic.endsWith('/up');
    for (let i = 0; i < 100 && received.filter((m) => isData(m.topic)).length < stats.messages.sent; i++) await new Promise((r) => setTimeout(r, 20));
    expect(received.filter((m) => isData(m.topic))).toHaveLength(stats.messages.sent);
    expect(received.some((m) => m.topic.startsWith('v3/skopia-cholomontas@ttn/devices/'))).toBe(true);
    expect(received.some((m) => m.topic.startsWith('application/2b6a1d7e-0c4f-4e0e-9d0b-6f1f1c0de001/device/'))).toBe(true);

    const galatista = received.filter((m) => m.topic === 'skopia/gw-galatista/status').map((m) => m.payload);
    // online at start, offline from the broker (last will) at the outage, online again, offline on a clean stop.
    expect(galatista).toEqual(['online', 'offline', 'online', 'offline']);
    expect(received.some((m) => m.topic === 'skopia/gw-cholomontas/status')).toBe(false);
    const catchUp = received.filter((m) => m.topic === 'skopia/gw-galatista/ws-galatista/telemetry' && m.payload.startsWith('{"readings"'));
    expect(catchUp).toHaveLength(1);
    await observer.endAsync();
  });

  it('fails with a clear message when the broker refuses the gateway', async () => {
    const loaded = await loadScenario('odra-flood');
    await expect(startSimulator({ scenario: loaded, brokerUrl: url, credentials: { password: 'wrong' }, connectTimeoutMs: 3000 })).rejects.toThrow(
      /gateway gw-(odra|siechnice): cannot connect to mqtt:\/\/127\.0\.0\.1:\d+: the broker refused: (bad username or password|not authorised)/,
    );
  });

  it('stops cleanly mid-run and says the gateways are offline', async () => {
    const loaded = await loadScenario('live');
    const handle = await startSimulator({ scenario: loaded, brokerUrl: url, credentials: { password: PASSWORD }, intervalS: 0.5 });
    for (let i = 0; i < 100 && handle.stats().readings < loaded.region.sensors.length; i++) await new Promise((r) => setTimeout(r, 30));
    const stats = await handle.stop();
    expect(stats.finished).toBe(false);
    expect(stats.readings).toBeGreaterThanOrEqual(loaded.region.sensors.length);
    expect(stats.messages.acknowledged).toBe(stats.messages.sent);
    const retained: string[] = [];
    const probe = await mqtt.connectAsync(url, { username: 'probe', password: PASSWORD, clientId: 'test-probe' });
    probe.on('message', (_topic, payload) => retained.push(payload.toString()));
    await probe.subscribeAsync('skopia/gw-polygyros/status', { qos: 1 });
    await new Promise((r) => setTimeout(r, 50));
    expect(retained).toEqual(['offline']);
    await probe.endAsync();
  });
});
