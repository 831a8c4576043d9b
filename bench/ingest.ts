/**
 * Ingest benchmark: readings with 3 metrics at QoS 1 through a real Mosquitto into the server with a
 * real InfluxDB, on this machine. In one run:
 *   1. ceiling: a bare mqtt.js subscriber drains N queued messages (it only counts);
 *   2. server drain: the server (a separate process) drains the same N queued messages into InfluxDB;
 *   3. live: publishers send at a fixed rate while the server runs; publish → stored latency, zero loss.
 * Drain tests measure the consumer, not the publisher (one mqtt.js publisher tops out near 16k msgs/s).
 *   npm run bench -- ingest [--count N] [--rate R] [--seconds S]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startMosquitto } from '../test/helpers/mosquitto.ts';
import { findInfluxd, Influxd } from '../test/helpers/influxd.ts';
import { freePort } from '../test/helpers/free-port.ts';
import { runLoad } from '../sensors/simulator/load/run-load.ts';
import { loadSensorIds } from '../sensors/simulator/load/load-plan.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: { count: { type: 'string' }, rate: { type: 'string' }, seconds: { type: 'string' }, sensors: { type: 'string' } },
  allowPositionals: true,
});
const N = Number(values.count ?? 300_000);
// The live phase measures latency, not the ceiling: on 2 cores, publishers fast enough to load the
// server take the CPU the server needs. Throughput comes from the drain phases.
const LIVE_RATE = Number(values.rate ?? 5000);
const LIVE_SECONDS = Number(values.seconds ?? 20);
const SENSORS = Number(values.sensors ?? 5000);
const PUBLISHERS = 2;

interface Health {
  ingest: { accepted: number; messages: number; firstMessageAt: number | null; flowControl: { pauses: number; pausedMs: number } };
  telemetryStore: { pending: number; overflowed: number; spooledPoints?: number; writeLatency: { measuredToStored: { p50Ms: number | null; p99Ms: number | null; samples: number } } };
}

function writeBenchRegion(dir: string): void {
  const region = join(dir, 'bench');
  mkdirSync(region, { recursive: true });
  writeFileSync(join(region, 'region.json'), JSON.stringify({ id: 'bench', name: 'Benchmark', nameLocal: 'Benchmark', country: 'GR', timezone: 'Europe/Athens', attribution: '' }));
  writeFileSync(join(region, 'settlements.csv'), 'id,name_en,name_el,lat,lon\nvillage,Village,Χωριό,40.4,23.4\n');
  const sensors = loadSensorIds(SENSORS).map((id, i) => ({
    id,
    kind: 'weather_station',
    name: id,
    lat: 40.3 + (i % 100) * 0.002,
    lon: 23.3 + Math.floor(i / 100) * 0.002,
    villageId: 'village',
    gatewayId: 'gw-load',
    expectedIntervalS: 60,
  }));
  writeFileSync(join(region, 'sensors.json'), JSON.stringify({ gateways: [{ id: 'gw-load', name: 'Load', format: 'native' }], sensors }));
}

/** CPU seconds (user + system) and peak RSS of a process, from /proc. */
function processUsage(pid: number): { cpuS: number; peakRssMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
  return { cpuS: ticks / 100, peakRssMiB: Number(hwm?.[1] ?? 0) / 1024 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** CPU seconds the last started server used before /health first answered (start-up, not ingest). */
let startupCpuS = 0;

async function health(port: number): Promise<Health | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    return (await res.json()) as Health;
  } catch {
    return null;
  }
}

async function startServer(env: Record<string, string>, port: number): Promise<ChildProcess> {
  // BENCH_PROFILE_DIR=/tmp/prof writes a V8 CPU profile of each server run there (open in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', join(ROOT, 'server', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    if ((await health(port)) !== null) {
      startupCpuS = processUsage(child.pid ?? 0).cpuS;
      return child;
    }
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    await sleep(100);
  }
  throw new Error('server did not answer /health within 30 s');
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function influxCount(url: string): Promise<number> {
  const q = encodeURIComponent('SELECT count("air_temperature_c") FROM "skopia"."skopia"."telemetry"');
  const body = (await (await fetch(`${url}/query?q=${q}`)).json()) as { results: { series?: { values: [string, number][] }[] }[] };
  return body.results[0]?.series?.[0]?.values[0]?.[1] ?? 0;
}

/** CPU seconds of a process now, or 0 when it is not running. */
function cpuOf(pid: number | undefined): number {
  return pid === undefined ? 0 : processUsage(pid).cpuS;
}

/** Microseconds of CPU per message, from CPU seconds over a phase of `messages`. */
const usPer = (cpuS: number, messages: number): string => ((cpuS * 1e6) / messages).toFixed(1);

async function bareDrain(url: string, brokerPid: number | undefined): Promise<{ rate: number; drainMs: number; cpuMs: number; brokerCpuS: number }> {
  const run = (args: string[]) =>
    new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'support', 'bare-subscriber.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`bare subscriber exited ${code}`))));
    });
  await run(['register', url]);
  const load = await runLoad({ brokerUrl: url, sensors: SENSORS, ratePerSec: 0, count: N, processes: PUBLISHERS });
  if (load.acknowledged !== N) throw new Error(`publishers had ${load.acknowledged} of ${N} acknowledged`);
  const brokerBefore = cpuOf(brokerPid);
  const result = JSON.parse(await run(['drain', url, String(N)])) as { rate: number; drainMs: number; cpuMs: number };
  return { ...result, brokerCpuS: cpuOf(brokerPid) - brokerBefore };
}

async function main(): Promise<void> {
  const influxdBin = findInfluxd();
  if (!influxdBin) throw new Error('influxd is missing: apt-get install influxdb');
  const mosquitto = await startMosquitto();
  const influxd = await Influxd.start(influxdBin);
  const work = mkdtempSync(join(tmpdir(), 'skopia-bench-ingest-'));
  writeBenchRegion(join(work, 'regions'));
  const port = await freePort();
  const env = {
    MQTT_URL: mosquitto.url,
    MQTT_CLIENT_ID: 'skopia-bench',
    TELEMETRY_STORE: 'influx',
    INFLUX_URL: influxd.url,
    REGIONS_DIR: join(work, 'regions'),
    REGION: 'bench',
    DATA_DIR: join(work, 'data'),
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(port),
    LOG_LEVEL: 'warn',
  };
  const rows: [string, string][] = [];
  try {
    console.log(`ceiling: ${N} queued messages, bare mqtt.js subscriber...`);
    const bare = await bareDrain(mosquitto.url, mosquitto.pid);
    rows.push(['bare subscriber drain (ceiling)', `${Math.round(bare.rate).toLocaleString('en')} msgs/s`]);

    console.log(`server drain: ${N} queued messages into InfluxDB...`);
    await stopServer(await startServer(env, port));
    const load = await runLoad({ brokerUrl: mosquitto.url, sensors: SENSORS, ratePerSec: 0, count: N, processes: PUBLISHERS });
    if (load.acknowledged !== N) throw new Error(`publishers had ${load.acknowledged} of ${N} acknowledged`);
    const brokerCpuBefore = cpuOf(mosquitto.pid);
    const influxCpuBefore = cpuOf(influxd.pid);
    const drainServer = await startServer(env, port);
    const startedAt = Date.now();
    let h: Health | null = null;
    let ingestedAt: number | null = null;
    for (;;) {
      h = await health(port);
      if (h && h.ingest.accepted >= N) ingestedAt ??= Date.now();
      if (h && h.ingest.accepted >= N && h.telemetryStore.pending === 0) break;
      if (Date.now() - startedAt > 300_000) throw new Error(`server drain did not finish: ${JSON.stringify(h?.ingest)}`);
      await sleep(50);
    }
    const doneAt = Date.now();
    const after = processUsage(drainServer.pid ?? 0);
    const brokerCpu = cpuOf(mosquitto.pid) - brokerCpuBefore;
    const influxCpu = cpuOf(influxd.pid) - influxCpuBefore;
    const first = h.ingest.firstMessageAt ?? startedAt;
    // CPU over the drain: the process's whole CPU time, less what start-up took before the first message.
    const drainCpuS = after.cpuS - startupCpuS;
    const drainRate = (N * 1000) / Math.max(1, doneAt - first);
    const stored = await influxCount(influxd.url);
    rows.push(['server drain: received and validated', `${Math.round((N * 1000) / Math.max(1, (ingestedAt ?? doneAt) - first)).toLocaleString('en')} msgs/s`]);
    rows.push(['server drain into InfluxDB (all stored)', `${Math.round(drainRate).toLocaleString('en')} msgs/s`]);
    rows.push(['ratio server / ceiling', (drainRate / bare.rate).toFixed(2)]);
    rows.push(['stored in InfluxDB / published', `${stored.toLocaleString('en')} / ${N.toLocaleString('en')}${stored === N ? ' (zero loss)' : ' (LOSS)'}`]);
    rows.push(['ingest paused for InfluxDB (broker held messages)', `${h.ingest.flowControl.pauses} times, ${h.ingest.flowControl.pausedMs} ms in all`]);
    rows.push(['readings spooled to disk (InfluxDB behind)', h.telemetryStore.overflowed.toLocaleString('en')]);
    rows.push(['server CPU during drain', `${Math.round((drainCpuS / ((doneAt - first) / 1000)) * 100)} % of one core`]);
    rows.push(['server peak RSS', `${after.peakRssMiB.toFixed(0)} MiB`]);
    // Where the two cores went, per message: the ratio is decided by this budget.
    rows.push(['CPU µs/msg, ceiling: subscriber + Mosquitto', `${usPer(bare.cpuMs / 1000, N)} + ${usPer(bare.brokerCpuS, N)}`]);
    rows.push([
      'CPU µs/msg, drain: server + Mosquitto + InfluxDB',
      `${usPer(drainCpuS, N)} + ${usPer(brokerCpu, N)} + ${usPer(influxCpu, N)}`,
    ]);

    // A new server process for the live phase, so its latency window holds live readings only (the
    // drain's readings were published long before they were stored).
    await stopServer(drainServer);
    const server = await startServer(env, port);
    h = await health(port);
    if (h === null) throw new Error('server did not answer /health after restart');
    console.log(`live: ${LIVE_RATE} msgs/s for ${LIVE_SECONDS} s from ${PUBLISHERS * 2} publisher processes...`);
    const liveCount = LIVE_RATE * LIVE_SECONDS;
    const acceptedBefore = h.ingest.accepted;
    const cpuBefore = processUsage(server.pid ?? 0);
    const liveStart = Date.now();
    const live = await runLoad({ brokerUrl: mosquitto.url, sensors: SENSORS, ratePerSec: LIVE_RATE, count: liveCount, processes: PUBLISHERS * 2 });
    for (;;) {
      h = await health(port);
      if (h && h.ingest.accepted - acceptedBefore >= live.acknowledged && h.telemetryStore.pending === 0) break;
      if (Date.now() - liveStart > 300_000) throw new Error('live phase did not finish');
      await sleep(50);
    }
    const liveDone = Date.now();
    const cpuAfter = processUsage(server.pid ?? 0);
    const storedLive = (await influxCount(influxd.url)) - stored;
    const lat = h.telemetryStore.writeLatency.measuredToStored;
    rows.push(['live: publish rate achieved', `${Math.round(live.ratePerSec).toLocaleString('en')} msgs/s (${live.acknowledged.toLocaleString('en')} acknowledged)`]);
    rows.push(['live: stored / acknowledged', `${storedLive.toLocaleString('en')} / ${live.acknowledged.toLocaleString('en')}${storedLive === live.acknowledged ? ' (zero loss)' : ' (LOSS)'}`]);
    rows.push(['live: server kept up (stored within)', `${((liveDone - liveStart) / 1000).toFixed(1)} s for ${(live.elapsedMs / 1000).toFixed(1)} s of publishing`]);
    rows.push(['live: publish → stored p50 / p99', `${lat.p50Ms ?? '-'} ms / ${lat.p99Ms ?? '-'} ms (${lat.samples} samples)`]);
    rows.push(['live: server CPU', `${Math.round(((cpuAfter.cpuS - cpuBefore.cpuS) / ((liveDone - liveStart) / 1000)) * 100)} % of one core`]);
    rows.push(['live: server peak RSS', `${cpuAfter.peakRssMiB.toFixed(0)} MiB`]);
    await stopServer(server);
  } finally {
    await influxd.dispose();
    await mosquitto.stop();
    rmSync(work, { recursive: true, force: true });
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n| ${'measure'.padEnd(width)} | value |\n|${'-'.repeat(width + 2)}|-------|`);
  for (const [k, v] of rows) console.log(`| ${k.padEnd(width)} | ${v} |`);
  console.log(`\n${N.toLocaleString('en')} readings × 3 metrics, QoS 1, ${SENSORS} sensors, Mosquitto ${'2.0'} + InfluxDB 1.6 on this machine (${(await import('node:os')).cpus().length} cores).`);
}

main().catch((error: unknown) => {
  console.error('bench ingest failed:', error);
  process.exit(1);
});
