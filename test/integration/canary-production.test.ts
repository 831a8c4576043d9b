import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanaryStatus } from '../../server/canary/canary.ts';
import { canaryTopic } from '../../server/canary/canary-ids.ts';
import { GatewayCredentials } from '../../server/broker/gateway-credentials.ts';
import { writeMosquittoFiles } from '../../server/broker/write-mosquitto-files.ts';
import { loadRegionFiles } from '../../server/registry/region-files.ts';
import { SensorRegistry } from '../../server/registry/sensor-registry.ts';
import { openStateStore } from '../../server/store/state-store.ts';
import { Influxd, influxdOrSkip } from '../helpers/influxd.ts';
import { MOSQUITTO_BIN, startMosquitto, type RunningMosquitto } from '../helpers/mosquitto.ts';
import { requireBinary } from '../helpers/require-binary.ts';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';

/**
 * The self-check as production runs it: Mosquitto with the password and ACL files Skopia generates
 * (the server account must be allowed to publish the canary's topic, and nothing else of the kind),
 * and InfluxDB as the telemetry store.
 */
describe('canary on Mosquitto with generated ACL, and InfluxDB', () => {
  const influxdBinary = influxdOrSkip('canary-production');
  const haveMosquitto = requireBinary(MOSQUITTO_BIN, 'mosquitto');
  let mosquitto: RunningMosquitto | null = null;
  let influxd: Influxd | null = null;
  let server: TestServer | null = null;
  let filesDir = '';
  let dataDir = '';
  const account = { MQTT_USERNAME: 'skopia-server', MQTT_PASSWORD: 'server-secret-for-canary-test' };

  beforeAll(async () => {
    if (influxdBinary === null || !haveMosquitto) return;
    filesDir = mkdtempSync(join(tmpdir(), 'skopia-canary-mosq-'));
    dataDir = mkdtempSync(join(tmpdir(), 'skopia-canary-data-'));
    const db = openStateStore(join(dataDir, 'state.sqlite'));
    const files = await loadRegionFiles('data/regions', 'polygyros');
    writeMosquittoFiles({
      dir: filesDir,
      registry: new SensorRegistry(files.gateways, files.sensors),
      credentials: new GatewayCredentials(db),
      prefix: 'skopia',
      serverUsername: account.MQTT_USERNAME,
      serverPassword: account.MQTT_PASSWORD,
    });
    db.close();
    mosquitto = await startMosquitto({ extraConfig: [`password_file ${join(filesDir, 'passwd')}`, `acl_file ${join(filesDir, 'acl')}`, 'allow_anonymous false'] });
    influxd = await Influxd.start(influxdBinary);
    server = await startTestServer({
      ...account,
      MQTT_URL: mosquitto.url,
      TELEMETRY_STORE: 'influx',
      INFLUX_URL: influxd.url,
      DATA_DIR: dataDir,
      CANARY_INTERVAL_S: '0.2',
      CANARY_SLOW_MS: '3000',
    });
  });

  afterAll(async () => {
    await server?.close();
    await mosquitto?.stop();
    await influxd?.dispose();
    for (const dir of [filesDir, dataDir]) if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('lets the server account publish exactly the canary topic', (ctx) => {
    if (server === null) return ctx.skip();
    const acl = readFileSync(join(filesDir, 'acl'), 'utf8');
    const block = acl.split('\n\n').find((b) => b.startsWith(`user ${account.MQTT_USERNAME}\n`)) ?? '';
    // It writes the error topics (and reads them), and of the telemetry topics only the canary's.
    expect(block.split('\n').filter((l) => /^topic (read)?write /.test(l))).toEqual(['topic readwrite skopia/+/errors', `topic write ${canaryTopic('skopia')}`]);
  });

  it('sees its test readings through Mosquitto, InfluxDB and the live hub', async (ctx) => {
    const s = server;
    if (s === null) return ctx.skip();
    const canary = async (): Promise<CanaryStatus | undefined> => ((await (await fetch(`${s.httpUrl}/health`)).json()) as { canary?: CanaryStatus }).canary;
    await expect.poll(async () => (await canary())?.state, { timeout: 15_000 }).toBe('ok');
    const status = await canary();
    expect(status?.lastRound?.totalMs).toBeLessThan(3000);
    expect(s.app.skopia.store.adapter).toBe('influx');
    expect(s.app.skopia.pipeline.counters.messages).toBe(0);
  });
});
