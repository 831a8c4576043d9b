/**
 * Rules benchmark, two numbers:
 *   1. readings/s through the rule engine alone, default rule set, 10,000 sensors (bench/rules-engine.ts);
 *   2. p99 time from a reading that crosses a threshold, published over MQTT, to the alert frame on a
 *      WebSocket client, while 5,000 msgs/s of other traffic flows. The server (with its broker) runs in
 *      this process over a generated region of 10,000 sensors; the background publishers and the probe
 *      (MQTT publisher + WebSocket client, one clock) are child processes. Embedded Aedes, and a real
 *      Mosquitto when installed. Target: p99 ≤ 50 ms.
 *
 *   npx tsx bench/rules-latency.ts [--rate 5000] [--probes 300] [--interval 50] [--skip-engine]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import mqtt from 'mqtt';
import WebSocket from 'ws';
import { parseConfig } from '../server/config.ts';
import { buildApp } from '../server/app.ts';
import { loadSensorIds } from '../sensors/simulator/load/load-plan.ts';
import { runLoad } from '../sensors/simulator/load/run-load.ts';
import { freePort } from '../test/helpers/free-port.ts';
import { MOSQUITTO_BIN, startMosquitto } from '../test/helpers/mosquitto.ts';
import { findInfluxd, Influxd } from '../test/helpers/influxd.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const SENSORS = 10_000;
const PROBE_GATEWAY = 'gw-probe';
const LOAD_GATEWAY = 'gw-load';
const TARGET_P99_MS = 50;

interface ProbeConfig {
  readonly mqttUrl: string;
  readonly username?: string;
  readonly password?: string;
  readonly wsUrl: string;
  readonly sensors: readonly string[];
  readonly intervalMs: number;
}

interface ProbeResult {
  readonly latenciesMs: number[];
  /** Of each latency, the part until the server built the frame (wall clocks of one machine, 1 ms resolution). */
  readonly serverMs: number[];
  readonly missed: number;
}

interface RunResult {
  readonly broker: string;
  readonly store: string;
  readonly probe: ProbeResult;
  readonly backgroundRate: number;
  readonly acceptedRate: number;
  readonly loopDelayP99Ms: number;
  /** Inside the server, per probe: publish → ingest handler (broker, network, queueing), ingest → AlertChanged. */
  readonly toIngestMs: number[];
  readonly ingestToAlertMs: number[];
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/** A region of 10,000 sensors: the load publishers' weather stations, and the probe's behind their own gateway. */
function writeRegion(dir: string, probes: number): { loadSensors: number; probeIds: string[] } {
  const region = join(dir, 'bench');
  mkdirSync(region, { recursive: true });
  writeFileSync(join(region, 'region.json'), JSON.stringify({ id: 'bench', name: 'Benchmark', nameLocal: 'Benchmark', country: 'GR', timezone: 'Europe/Athens', attribution: '' }));
  writeFileSync(join(region, 'settlements.csv'), 'id,name_en,name_el,lat,lon\nvillage,Village,Χωριό,40.4,23.4\n');
  const loadSensors = SENSORS - probes;
  const probeIds = Array.from({ length: probes }, (_, i) => `probe-${String(i + 1).padStart(4, '0')}`);
  // Silent for less than 3 × expectedIntervalS: no sensor-offline alert interferes during the run.
  const station = (id: string, gatewayId: string, i: number) => ({
    id,
    kind: 'weather_station',
    name: id,
    lat: 40.2 + (i % 100) * 0.004,
    lon: 23.2 + Math.floor(i / 100) * 0.004,
    villageId: 'village',
    gatewayId,
    expectedIntervalS: 3600,
  });
  const sensors = [...loadSensorIds(loadSensors).map((id, i) => station(id, LOAD_GATEWAY, i)), ...probeIds.map((id, i) => station(id, PROBE_GATEWAY, i))];
  writeFileSync(
    join(region, 'sensors.json'),
    JSON.stringify({
      gateways: [
        { id: LOAD_GATEWAY, name: 'Load', format: 'native' },
        { id: PROBE_GATEWAY, name: 'Probe', format: 'native' },
      ],
      sensors,
    }),
  );
  return { loadSensors, probeIds };
}

/** The probe, in its own process: publish a gust over the strong-wind threshold, time until the alert frame. */
async function probeChild(config: ProbeConfig): Promise<ProbeResult> {
  const ws = new WebSocket(config.wsUrl);
  const pending = new Map<string, { at: number; wall: number }>();
  const latenciesMs: number[] = [];
  const serverMs: number[] = [];
  let snapshot = false;
  const gotSnapshot = new Promise<void>((resolve, reject) => {
    ws.on('error', reject);
    ws.on('message', (data: Buffer) => {
      const arrived = performance.now();
      if (!snapshot) {
        snapshot = true;
        resolve();
        return;
      }
      // Only alert frames are parsed: the probe measures the server, not its own JSON parsing.
      if (data.subarray(0, 16).toString('latin1') !== '{"type":"alert",') return;
      const message = JSON.parse(data.toString('utf8')) as { serverTime: number; alert: { state: string; subject: { id: string } } };
      const sent = pending.get(message.alert.subject.id);
      if (sent === undefined || message.alert.state !== 'firing') return;
      pending.delete(message.alert.subject.id);
      latenciesMs.push(arrived - sent.at);
      serverMs.push(message.serverTime - sent.wall);
    });
  });
  await gotSnapshot;
  const client = await mqtt.connectAsync(config.mqttUrl, {
    clientId: `bench-probe-${process.pid}`,
    reconnectPeriod: 0,
    ...(config.username !== undefined ? { username: config.username, password: config.password } : {}),
  });
  for (const id of config.sensors) {
    const wall = Date.now();
    const payload = JSON.stringify({ ts: wall, metrics: { wind_gust_kmh: 95 } });
    pending.set(id, { at: performance.now(), wall });
    client.publish(`skopia/${PROBE_GATEWAY}/${id}/telemetry`, payload, { qos: 1 });
    await sleep(config.intervalMs);
  }
  for (let i = 0; i < 40 && pending.size > 0; i++) await sleep(50);
  await client.endAsync();
  ws.close();
  return { latenciesMs, serverMs, missed: pending.size };
}

function runProbe(config: ProbeConfig): Promise<ProbeResult> {
  const dir = mkdtempSync(join(tmpdir(), 'skopia-probe-'));
  const file = join(dir, 'probe.json');
  writeFileSync(file, JSON.stringify(config));
  const child = spawn(process.execPath, ['--import', 'tsx', SELF, '--probe-child', file], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as ProbeResult));
    child.once('exit', (code) => {
      rmSync(dir, { recursive: true, force: true });
      if (code !== 0) reject(new Error(`probe exited with code ${code}`));
    });
  });
}

type Store = 'sqlite' | 'influx';

async function runOnce(broker: 'embedded Aedes' | 'Mosquitto', store: Store, regionsDir: string, loadSensors: number, probeIds: readonly string[], rate: number, intervalMs: number): Promise<RunResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'skopia-bench-rules-'));
  const mosquitto = broker === 'Mosquitto' ? await startMosquitto() : null;
  const influxBin = store === 'influx' ? findInfluxd() : null;
  if (store === 'influx' && influxBin === null) throw new Error('--store influx: influxd is missing (apt-get install influxdb)');
  const influx = influxBin === null ? null : await Influxd.start(influxBin);
  const config = parseConfig({
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(await freePort()),
    EMBEDDED_MQTT_HOST: '127.0.0.1',
    EMBEDDED_MQTT_PORT: String(await freePort()),
    REGIONS_DIR: regionsDir,
    REGION: 'bench',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // Saved every 10 s instead of 60 s, so the state save (10,000 sensors) falls inside the measurement.
    RULE_STATE_SAVE_SECONDS: '10',
    ...(mosquitto ? { MQTT_URL: mosquitto.url } : {}),
    ...(influx ? { TELEMETRY_STORE: 'influx', INFLUX_URL: influx.url } : {}),
  });
  const app = await buildApp(config);
  await app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
  try {
    const { gatewayCredentials, accounts, mqttUrl, pipeline, bus } = app.skopia;
    // The alerts service subscribed first, so a probe's AlertChanged comes before this ReadingAccepted handler.
    const raisedAt = new Map<string, number>();
    const toIngestMs: number[] = [];
    const ingestToAlertMs: number[] = [];
    bus.on('AlertChanged', (e) => {
      if (e.change === 'raised') raisedAt.set(e.alert.subject.id, performance.timeOrigin + performance.now());
    });
    bus.on('ReadingAccepted', (r) => {
      const at = raisedAt.get(r.sensorId);
      if (at === undefined) return;
      raisedAt.delete(r.sensorId);
      toIngestMs.push(r.receivedAt - r.ts);
      ingestToAlertMs.push(at - r.receivedAt);
    });
    const embedded = mosquitto === null;
    const loadPassword = embedded ? gatewayCredentials.issue(LOAD_GATEWAY).password : undefined;
    const probePassword = embedded ? gatewayCredentials.issue(PROBE_GATEWAY).password : undefined;
    const kiosk = accounts.tokens.create({ kind: 'kiosk', name: 'bench', role: 'viewer', createdBy: 'bench' }).secret;
    const probeSeconds = (probeIds.length * intervalMs) / 1000 + 4;
    const leadSeconds = 3;
    const background = runLoad({
      brokerUrl: mqttUrl,
      sensors: loadSensors,
      ratePerSec: rate,
      count: Math.round(rate * (leadSeconds + probeSeconds)),
      processes: 2,
      qos: 0,
      gatewayId: LOAD_GATEWAY,
      ...(loadPassword !== undefined ? { credentials: { username: LOAD_GATEWAY, password: loadPassword } } : {}),
    });
    await sleep(leadSeconds * 1000);
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const acceptedBefore = pipeline.counters.accepted;
    const probeStart = performance.now();
    const probe = await runProbe({
      mqttUrl,
      ...(probePassword !== undefined ? { username: PROBE_GATEWAY, password: probePassword } : {}),
      wsUrl: `ws://127.0.0.1:${config.HTTP_PORT}/ws?kiosk=${kiosk}`,
      sensors: probeIds,
      intervalMs,
    });
    const acceptedRate = (pipeline.counters.accepted - acceptedBefore) / ((performance.now() - probeStart) / 1000);
    loop.disable();
    const load = await background;
    return { broker, store, probe, backgroundRate: load.ratePerSec, acceptedRate, loopDelayP99Ms: loop.percentile(99) / 1e6, toIngestMs, ingestToAlertMs };
  } finally {
    await app.close();
    await mosquitto?.stop();
    await influx?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** bench/rules-engine.ts in its own process; its table rows, by measure. */
function engineRows(): Map<string, string> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'rules-engine.ts'), '300000', String(SENSORS)], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  const rows = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const m = /^\| (.+?)\s+\| (.+) \|$/.exec(line);
    if (m?.[1] && m[2]) rows.set(m[1].trim(), m[2].trim());
  }
  if (rows.size === 0) console.error(`bench/rules-engine.ts printed no table:\n${r.stderr}`);
  return rows;
}

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      rate: { type: 'string' },
      probes: { type: 'string' },
      interval: { type: 'string' },
      store: { type: 'string' },
      broker: { type: 'string' },
      'skip-engine': { type: 'boolean' },
    },
    allowPositionals: true,
  });
  const rate = Number(values.rate ?? 5000);
  const probes = Number(values.probes ?? 300);
  const intervalMs = Number(values.interval ?? 50);
  const stores: Store[] = values.store === undefined ? ['sqlite'] : (values.store.split(',') as Store[]);

  const rows: [string, string][] = [];
  if (!values['skip-engine']) {
    console.log('rule engine alone (bench/rules-engine.ts, 300,000 readings)...');
    const engine = engineRows();
    rows.push(['engine: sensors / rules', `${engine.get('sensors') ?? '?'} / ${engine.get('rules (default set)') ?? '?'} (default set)`]);
    rows.push(['engine: readings/s', engine.get('readings/s (engine only)') ?? '?']);
    rows.push(['engine: evaluate p99 / p99.9', `${engine.get('evaluate p99') ?? '?'} / ${engine.get('evaluate p99.9') ?? '?'}`]);
    rows.push(['engine: tick over 10k sensors p50 / max', engine.get('tick (10k sensors) p50 / max') ?? '?']);
  }

  const regionsDir = mkdtempSync(join(tmpdir(), 'skopia-bench-region-'));
  const { loadSensors, probeIds } = writeRegion(regionsDir, probes);
  const brokers: ('embedded Aedes' | 'Mosquitto')[] = values.broker === 'mosquitto' ? [] : ['embedded Aedes'];
  if (values.broker !== 'embedded') {
    if (existsSync(MOSQUITTO_BIN)) brokers.push('Mosquitto');
    else console.warn(`${MOSQUITTO_BIN} is missing: the Mosquitto run is skipped (apt-get install mosquitto)`);
  }
  const results: RunResult[] = [];
  try {
    for (const store of stores) {
      for (const broker of brokers) {
        console.log(`end to end through ${broker}, ${store} store: ${probes} threshold crossings at ${intervalMs} ms intervals under ${rate.toLocaleString('en')} msgs/s...`);
        results.push(await runOnce(broker, store, regionsDir, loadSensors, probeIds, rate, intervalMs));
      }
    }
  } finally {
    rmSync(regionsDir, { recursive: true, force: true });
  }

  rows.push(['registry', `${SENSORS.toLocaleString('en')} sensors (${loadSensors.toLocaleString('en')} background, ${probes} probes)`]);
  for (const r of results) {
    const sorted = [...r.probe.latenciesMs].sort((a, b) => a - b);
    const server = [...r.probe.serverMs].sort((a, b) => a - b);
    const p99 = percentile(sorted, 0.99);
    const name = `${r.broker}, ${r.store}`;
    rows.push([`${name}: other traffic published / accepted`, `${Math.round(r.backgroundRate).toLocaleString('en')} / ${Math.round(r.acceptedRate).toLocaleString('en')} msgs/s`]);
    rows.push([`${name}: reading → alert frame p50 / p95`, `${percentile(sorted, 0.5).toFixed(1)} / ${percentile(sorted, 0.95).toFixed(1)} ms`]);
    rows.push([`${name}: reading → alert frame p99 / max`, `${p99.toFixed(1)} / ${(sorted[sorted.length - 1] ?? NaN).toFixed(1)} ms (${sorted.length} frames, ${r.probe.missed} missed)`]);
    rows.push([`${name}: of it, until the frame is built p50 / p99`, `${percentile(server, 0.5).toFixed(0)} / ${percentile(server, 0.99).toFixed(0)} ms`]);
    const toIngest = [...r.toIngestMs].sort((a, b) => a - b);
    const inServer = [...r.ingestToAlertMs].sort((a, b) => a - b);
    rows.push([`${name}: of it, publish → ingest handler p50 / p99`, `${percentile(toIngest, 0.5).toFixed(0)} / ${percentile(toIngest, 0.99).toFixed(0)} ms`]);
    rows.push([`${name}: of it, ingest → alert stored p50 / p99`, `${percentile(inServer, 0.5).toFixed(1)} / ${percentile(inServer, 0.99).toFixed(1)} ms (1 ms clock)`]);
    rows.push([`${name}: p99 ≤ ${TARGET_P99_MS} ms`, p99 <= TARGET_P99_MS && r.probe.missed === 0 ? 'met' : 'MISSED']);
    rows.push([`${name}: server event-loop delay p99`, `${r.loopDelayP99Ms.toFixed(1)} ms`]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\nrules: engine throughput and threshold → alert frame latency, Node ${process.version}\n`);
  console.log(`| ${'measure'.padEnd(width)} | value |`);
  console.log(`|${'-'.repeat(width + 2)}|-------|`);
  for (const [k, v] of rows) console.log(`| ${k.padEnd(width)} | ${v} |`);
}

async function child(file: string): Promise<void> {
  const result = await probeChild(JSON.parse(readFileSync(file, 'utf8')) as ProbeConfig);
  // Exit only once the result has left: process.exit would drop a message still queued.
  await new Promise<void>((resolve, reject) => process.send?.(result, undefined, {}, (error) => (error ? reject(error) : resolve())) ?? resolve());
}

if (process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const probeAt = process.argv.indexOf('--probe-child');
  const run = probeAt >= 0 ? child(process.argv[probeAt + 1] ?? '') : main();
  run.then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('rules-latency:', error);
      process.exit(1);
    },
  );
}
