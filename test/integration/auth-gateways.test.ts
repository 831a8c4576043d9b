import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayCredentials } from '../../server/broker/gateway-credentials.ts';
import { writeMosquittoFiles } from '../../server/broker/write-mosquitto-files.ts';
import { loadRegionFiles } from '../../server/registry/region-files.ts';
import { SensorRegistry } from '../../server/registry/sensor-registry.ts';
import { openStateStore } from '../../server/store/state-store.ts';
import { startMosquitto, MOSQUITTO_BIN, type RunningMosquitto } from '../helpers/mosquitto.ts';
import { requireBinary } from '../helpers/require-binary.ts';
import { expectError } from './auth-expect.ts';
import { startTestServer, type SessionHeaders, type TestServer } from '../helpers/start-server.ts';

interface Issued {
  gatewayId: string;
  username: string;
  password: string;
  rotated: boolean;
  mosquittoFiles: { dir: string | null; written: boolean };
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

const connect = (url: string, username: string, password: string) =>
  mqtt.connectAsync(url, { username, password, protocolVersion: 4, reconnectPeriod: 0, clientId: `t-${Math.random().toString(36).slice(2, 8)}` });

describe('gateway credentials through the admin API, on the embedded broker', () => {
  let server: TestServer;
  let admin: SessionHeaders;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.login('admin');
  });
  afterAll(async () => server?.close());

  const send = (method: 'GET' | 'POST' | 'DELETE', url: string) =>
    server.app.inject({ method, url, headers: { cookie: admin.cookie, 'x-csrf-token': admin['x-csrf-token'] } });

  it('creates a credential and shows its password once; rotating it disconnects the gateway and kills the old password', async () => {
    const created = await send('POST', '/api/gateways/gw-polygyros/credential');
    expect(created.statusCode).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const first = created.json<Issued>();
    expect(first).toMatchObject({ gatewayId: 'gw-polygyros', username: 'gw-polygyros', rotated: false, mosquittoFiles: { dir: null, written: false } });

    const gateway = await connect(server.mqttUrl, 'gw-polygyros', first.password);
    const dropped = new Promise<void>((resolve) => gateway.once('close', () => resolve()));
    const rotated = await send('POST', '/api/gateways/gw-polygyros/credential');
    expect(rotated.statusCode).toBe(200);
    const second = rotated.json<Issued>();
    expect(second.rotated).toBe(true);
    expect(second.password).not.toBe(first.password);
    await dropped;
    gateway.end(true);

    expect(await connectError(server.mqttUrl, 'gw-polygyros', first.password)).toMatch(/Bad username or password|Not authorized/i);
    expect(await connectError(server.mqttUrl, 'gw-polygyros', second.password)).toBe('connected');

    const list = await send('GET', '/api/gateways');
    const entry = list.json<{ gateways: { id: string; credential: { state: string; rotatedAt: number | null } }[] }>().gateways.find((g) => g.id === 'gw-polygyros');
    expect(entry?.credential.state).toBe('active');
    expect(entry?.credential.rotatedAt).toBeGreaterThan(0);
    expect(list.body).not.toContain(second.password);
    const actions = server.app.skopia.audit.query({ subjectType: 'gateway', subjectId: 'gw-polygyros' }).map((e) => e.action);
    expect(actions).toEqual(['gateway.credential.rotate', 'gateway.credential.create']);
  });

  it('revokes a credential: the connected gateway is dropped at once and refused after', async () => {
    const { password } = (await send('POST', '/api/gateways/gw-galatista/credential')).json<Issued>();
    const gateway = await connect(server.mqttUrl, 'gw-galatista', password);
    const dropped = new Promise<void>((resolve) => gateway.once('close', () => resolve()));
    const revoked = await send('DELETE', '/api/gateways/gw-galatista/credential');
    expect(revoked.statusCode).toBe(200);
    const state = revoked.json<{ gatewayId: string; credential: { state: string; revokedAt: number | null } }>();
    expect(state.gatewayId).toBe('gw-galatista');
    expect(state.credential.state).toBe('revoked');
    expect(state.credential.revokedAt).toBeGreaterThan(0);
    await dropped;
    gateway.end(true);
    expect(await connectError(server.mqttUrl, 'gw-galatista', password)).toMatch(/Bad username or password|Not authorized/i);

    const again = await send('DELETE', '/api/gateways/gw-galatista/credential');
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ error: { code: 'no_active_credential' } });
  });

  it('holds a gateway issued through the API to its own topics', async () => {
    const { password } = (await send('POST', '/api/gateways/gw-cholomontas/credential')).json<Issued>();
    const gateway = await connect(server.mqttUrl, 'gw-cholomontas', password);
    const dropped = new Promise<void>((resolve) => gateway.once('close', () => resolve()));
    gateway.publish('skopia/gw-polygyros/ws-polygyros/telemetry', JSON.stringify({ metrics: { air_temperature_c: 99 } }), { qos: 1 });
    await dropped;
    gateway.end(true);
    await server.app.skopia.store.flush();
    expect(await server.app.skopia.store.range('ws-polygyros', 'air_temperature_c', 0, Date.now() + 60_000, 10)).toEqual([]);
  });

  it('says which gateway does not exist', async () => {
    expectError(await send('POST', '/api/gateways/gw-atlantis/credential'), 404, 'gateway_not_found', /gw-atlantis/);
  });

  it('shows the Mosquitto ACL and who is in the password file, but never a hash', async () => {
    const res = await send('GET', '/api/gateways/mosquitto-files');
    expect(res.statusCode).toBe(200);
    const body = res.json<{ dir: string | null; acl: string; passwordFileUsers: string[]; howTo: string }>();
    expect(body.dir).toBeNull();
    expect(body.acl).toContain('user gw-polygyros\ntopic write skopia/gw-polygyros/+/telemetry');
    expect(body.passwordFileUsers).toEqual(expect.arrayContaining(['skopia-server', 'gw-polygyros']));
    expect(body.passwordFileUsers).not.toContain('gw-galatista');
    expect(body.howTo).toMatch(/MOSQUITTO_FILES_DIR/);
    expect(res.body).not.toContain('$7$');
    const write = await send('POST', '/api/gateways/mosquitto-files');
    expect(write.statusCode).toBe(409);
    expect(write.json()).toMatchObject({ error: { code: 'mosquitto_files_not_configured' } });
  });
});

describe('gateway credentials through the admin API, on Mosquitto with MOSQUITTO_FILES_DIR', () => {
  let mosquitto: RunningMosquitto | null = null;
  let server: TestServer;
  let admin: SessionHeaders;
  let filesDir: string;
  let dataDir: string;
  const serverAccount = { MQTT_USERNAME: 'skopia-server', MQTT_PASSWORD: 'server-secret-for-test' };

  beforeAll(async () => {
    if (!requireBinary(MOSQUITTO_BIN, 'mosquitto')) return;
    filesDir = mkdtempSync(join(tmpdir(), 'skopia-mosq-files-'));
    dataDir = mkdtempSync(join(tmpdir(), 'skopia-mosq-data-'));
    // Mosquitto needs its files before it starts, and the server needs Mosquitto: write them once from the empty store.
    const db = openStateStore(join(dataDir, 'state.sqlite'));
    const files = await loadRegionFiles('data/regions', 'polygyros');
    writeMosquittoFiles({
      dir: filesDir,
      registry: new SensorRegistry(files.gateways, files.sensors),
      credentials: new GatewayCredentials(db),
      prefix: 'skopia',
      serverUsername: serverAccount.MQTT_USERNAME,
      serverPassword: serverAccount.MQTT_PASSWORD,
    });
    db.close();
    mosquitto = await startMosquitto({ extraConfig: [`password_file ${join(filesDir, 'passwd')}`, `acl_file ${join(filesDir, 'acl')}`, 'allow_anonymous false'] });
    server = await startTestServer({ MQTT_URL: mosquitto.url, ...serverAccount, MOSQUITTO_FILES_DIR: filesDir, DATA_DIR: dataDir });
    admin = await server.login('admin');
  });
  afterAll(async () => {
    await server?.close();
    await mosquitto?.stop();
    for (const dir of [filesDir, dataDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const send = (method: 'GET' | 'POST' | 'DELETE', url: string) =>
    server.app.inject({ method, url, headers: { cookie: admin.cookie, 'x-csrf-token': admin['x-csrf-token'] } });

  it('rewrites passwd and acl on every change; after a reload the old password fails and a revoked gateway is out', async (ctx) => {
    if (!mosquitto) return ctx.skip();
    const first = (await send('POST', '/api/gateways/gw-polygyros/credential')).json<Issued>();
    expect(first.mosquittoFiles).toMatchObject({ dir: filesDir, written: true });
    expect(statSync(join(filesDir, 'passwd')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(filesDir, 'passwd'), 'utf8')).toMatch(/^gw-polygyros:\$7\$/m);
    await mosquitto.restart();
    expect(await connectError(mosquitto.url, 'gw-polygyros', first.password)).toBe('connected');

    const second = (await send('POST', '/api/gateways/gw-polygyros/credential')).json<Issued>();
    await mosquitto.restart();
    expect(await connectError(mosquitto.url, 'gw-polygyros', first.password)).toMatch(/Bad username or password|Not authorized/i);
    expect(await connectError(mosquitto.url, 'gw-polygyros', second.password)).toBe('connected');

    const revoked = await send('DELETE', '/api/gateways/gw-polygyros/credential');
    expect(revoked.json()).toMatchObject({ mosquittoFiles: { written: true } });
    expect(readFileSync(join(filesDir, 'passwd'), 'utf8')).not.toMatch(/^gw-polygyros:/m);
    await mosquitto.restart();
    expect(await connectError(mosquitto.url, 'gw-polygyros', second.password)).toMatch(/Bad username or password|Not authorized/i);

    const forced = await send('POST', '/api/gateways/mosquitto-files');
    expect(forced.statusCode).toBe(200);
    expect(forced.json()).toMatchObject({ dir: filesDir, written: true });
    expect(forced.json<{ reload: string }>().reload).toMatch(/Reload Mosquitto/);
  });
});
