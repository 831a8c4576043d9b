import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';
import { startMosquitto, MOSQUITTO_BIN, type RunningMosquitto } from '../helpers/mosquitto.ts';
import { requireBinary } from '../helpers/require-binary.ts';
import { writeMosquittoFiles } from '../../server/broker/write-mosquitto-files.ts';
import { GatewayCredentials } from '../../server/broker/gateway-credentials.ts';
import { openStateStore } from '../../server/store/state-store.ts';
import { SensorRegistry } from '../../server/registry/sensor-registry.ts';
import { loadRegionFiles } from '../../server/registry/region-files.ts';

const reading = (value: number) => JSON.stringify({ metrics: { air_temperature_c: value } });

async function stored(server: TestServer, sensorId: string): Promise<number[]> {
  await server.app.skopia.store.flush();
  return (await server.app.skopia.store.range(sensorId, 'air_temperature_c', 0, Date.now() + 60_000, 1000)).map((p) => p.value);
}

async function connectError(url: string, username: string, password: string): Promise<string> {
  try {
    const c = await mqtt.connectAsync(url, { username, password, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000 });
    await c.endAsync();
    return 'connected';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('gateway authentication and topic ACL on the embedded broker', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('refuses unknown users, wrong passwords and anonymous clients', async () => {
    server.app.skopia.gatewayCredentials.issue('gw-polygyros');
    expect(await connectError(server.mqttUrl, 'gw-polygyros', 'wrong')).toMatch(/Bad username or password|Not authorized/i);
    expect(await connectError(server.mqttUrl, 'gw-nobody', 'x')).toMatch(/Bad username or password|Not authorized/i);
    expect(await connectError(server.mqttUrl, '', '')).toMatch(/Bad username or password|Not authorized/i);
  });

  it("does not let a gateway publish under another gateway's id, nor read its topics", async () => {
    const polygyros = await server.connectGateway('gw-polygyros');
    // mqtt.js reports the requested list on a refusal, so read the broker's SUBACK itself.
    const suback = new Promise<number[]>((resolve) =>
      polygyros.on('packetreceive', (p) => {
        if (p.cmd === 'suback') resolve(p.granted as number[]);
      }),
    );
    polygyros.subscribe(['skopia/gw-galatista/errors', 'skopia/#', 'skopia/gw-polygyros/errors'], { qos: 1 });
    expect(await suback).toEqual([128, 128, 1]);
    const closed = new Promise<void>((resolve) => polygyros.once('close', () => resolve()));
    polygyros.publish('skopia/gw-galatista/ws-galatista/telemetry', reading(99), { qos: 1 });
    await closed;
    const galatista = await server.connectGateway('gw-galatista');
    await galatista.publishAsync('skopia/gw-galatista/ws-galatista/telemetry', reading(21), { qos: 1 });
    await expect.poll(() => stored(server, 'ws-galatista')).toEqual([21]);
    await galatista.endAsync();
    polygyros.end(true);
  });

  it('disconnects a gateway at once when its credential is revoked, and refuses it after', async () => {
    const gw = await server.connectGateway('gw-polygyros');
    const closed = new Promise<void>((resolve) => gw.once('close', () => resolve()));
    expect(server.app.skopia.gatewayCredentials.revoke('gw-polygyros')).toBe(true);
    await closed;
    gw.end(true);
    const { password } = server.app.skopia.gatewayCredentials.issue('gw-polygyros');
    server.app.skopia.gatewayCredentials.revoke('gw-polygyros');
    expect(await connectError(server.mqttUrl, 'gw-polygyros', password)).toMatch(/Bad username or password|Not authorized/i);
  });
});

describe('the generated Mosquitto password and ACL files enforce the same policy', () => {
  let mosquitto: RunningMosquitto | null = null;
  let server: TestServer;
  const serverPassword = 'server-secret-for-test';
  const passwords = new Map<string, string>();

  beforeAll(async () => {
    if (!requireBinary(MOSQUITTO_BIN, 'mosquitto')) return;
    const dir = mkdtempSync(join(tmpdir(), 'skopia-mosq-auth-'));
    // Credentials live in the server's state store; issue them there, then generate the files from it.
    const dataDir = mkdtempSync(join(tmpdir(), 'skopia-auth-data-'));
    const db = openStateStore(join(dataDir, 'state.sqlite'));
    const credentials = new GatewayCredentials(db);
    for (const id of ['gw-polygyros', 'gw-galatista', 'gw-cholomontas']) passwords.set(id, credentials.issue(id).password);
    const files = await loadRegionFiles('data/regions', 'polygyros');
    const { passwordFile, aclFile } = writeMosquittoFiles({
      dir,
      registry: new SensorRegistry(files.gateways, files.sensors),
      credentials,
      prefix: 'skopia',
      serverUsername: 'skopia-server',
      serverPassword,
    });
    db.close();
    // allow_anonymous true is in the helper's base config; the last setting wins, so turn it off.
    mosquitto = await startMosquitto({ extraConfig: [`password_file ${passwordFile}`, `acl_file ${aclFile}`, 'allow_anonymous false'] });
    server = await startTestServer({ MQTT_URL: mosquitto.url, MQTT_USERNAME: 'skopia-server', MQTT_PASSWORD: serverPassword, DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await server?.close();
    await mosquitto?.stop();
  });

  it('accepts a gateway with its password, refuses a wrong one, and drops publishes outside its topics', async (ctx) => {
    if (!mosquitto) return ctx.skip();
    expect(await connectError(mosquitto.url, 'gw-polygyros', 'wrong')).toMatch(/Bad username or password|Not authorized/i);
    const polygyros = await mqtt.connectAsync(mosquitto.url, { username: 'gw-polygyros', password: passwords.get('gw-polygyros') ?? '', protocolVersion: 4 });
    // Mosquitto drops an unauthorised publish silently (MQTT 3.1.1 has no way to say no).
    await polygyros.publishAsync('skopia/gw-galatista/ws-galatista/telemetry', reading(99), { qos: 1 });
    await polygyros.publishAsync('skopia/gw-polygyros/ws-polygyros/telemetry', reading(25), { qos: 1 });
    await expect.poll(() => stored(server, 'ws-polygyros')).toEqual([25]);
    expect(await stored(server, 'ws-galatista')).toEqual([]);
    const grants = await polygyros.subscribeAsync(['skopia/gw-polygyros/errors'], { qos: 1 });
    expect(grants[0]?.qos).toBe(1);
    await polygyros.endAsync();
  });

  it('lets a The Things Stack bridge publish only its application uplinks', async (ctx) => {
    if (!mosquitto) return ctx.skip();
    const ttn = await mqtt.connectAsync(mosquitto.url, { username: 'gw-cholomontas', password: passwords.get('gw-cholomontas') ?? '', protocolVersion: 4 });
    const uplink = (co: number) =>
      JSON.stringify({ end_device_ids: { device_id: 'fs-1', dev_eui: 'A840410000180001' }, uplink_message: { decoded_payload: { co } } });
    await ttn.publishAsync('v3/other-app@ttn/devices/fs-1/up', uplink(50), { qos: 1 });
    await ttn.publishAsync('v3/skopia-cholomontas@ttn/devices/fs-1/up', uplink(3), { qos: 1 });
    await expect
      .poll(async () => {
        await server.app.skopia.store.flush();
        return (await server.app.skopia.store.range('fs-cholomontas-01', 'co_ppm', 0, Date.now() + 60_000, 10)).map((p) => p.value);
      })
      .toEqual([3]);
    await ttn.endAsync();
  });
});
