/**
 * Ingest throughput of the telemetry stores, in readings per second (3 metrics each):
 *   - the SQLite adapter (file, WAL, synchronous=NORMAL);
 *   - the `influx` npm package's writePoints();
 *   - plain fetch with our line protocol (what the Influx adapter uses underneath);
 *   - the Influx adapter end to end (append -> batcher -> fetch).
 * Starts its own influxd on loopback (Debian's `influxdb` package). Run: npx tsx bench/ingest-store.ts [readings]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfluxDB, type IPoint } from 'influx';
import type { Reading } from '../server/contracts/telemetry.ts';
import { InfluxHttp } from '../server/telemetry/influx-http.ts';
import { InfluxTelemetryStore } from '../server/telemetry/influx-telemetry-store.ts';
import { encodeReading } from '../server/telemetry/line-protocol.ts';
import { SqliteTelemetryStore } from '../server/telemetry/sqlite-telemetry-store.ts';
import type { TelemetryStore } from '../server/telemetry/telemetry-store.ts';
import { findInfluxd, Influxd } from '../test/helpers/influxd.ts';

const READINGS = Number(process.argv[2] ?? 200_000);
const SENSORS = 500;
const BATCH = 5000;
const RUNS = 5;
const RP = 'skopia_rp';

function dataset(): Reading[] {
  const t0 = Date.UTC(2024, 0, 1);
  return Array.from({ length: READINGS }, (_, i) => {
    const ts = t0 + Math.floor(i / SENSORS) * 60_000;
    return {
      sensorId: `sensor-${i % SENSORS}`,
      ts,
      metrics: { air_temperature_c: 15 + (i % 100) / 10, relative_humidity_pct: 40 + (i % 37), wind_speed_kmh: (i % 53) / 3 },
      receivedAt: ts,
      source: 'native',
    };
  });
}

/**
 * Feeds the adapter the way ingest does: small appends, with the event loop turning between messages
 * (every 1000 readings here), then close(). Without the turns, the writes could not start until the
 * loop ended and the bench would measure the overflow spool instead.
 */
async function throughStore(store: TelemetryStore, readings: readonly Reading[]): Promise<void> {
  await store.open();
  for (let i = 0; i < readings.length; i += 50) {
    store.append(readings.slice(i, i + 50));
    if (i % 1000 === 0) await new Promise(setImmediate);
  }
  await store.close();
}

interface Contender {
  readonly name: string;
  /** Returns a function that writes the readings; setup (database creation) is not timed. */
  prepare(run: number): Promise<{ write: (readings: readonly Reading[]) => Promise<void>; cleanup: () => Promise<void> }>;
}

async function main(): Promise<void> {
  const readings = dataset();
  const work = await mkdtemp(join(tmpdir(), 'skopia-bench-ingest-'));
  const binary = findInfluxd();
  const influxd = binary === null ? null : await Influxd.start(binary);
  if (influxd === null) console.warn('influxd not found: only SQLite is measured (apt-get install influxdb).');

  const contenders: Contender[] = [
    {
      name: 'SQLite adapter (WAL, synchronous=NORMAL)',
      prepare: async (run) => {
        const store = new SqliteTelemetryStore({ path: join(work, `sqlite-${run}.db`) });
        return { write: (r) => throughStore(store, r), cleanup: async () => {} };
      },
    },
  ];
  if (influxd !== null) {
    const http = new InfluxHttp({ url: influxd.url, timeoutMs: 30_000 });
    const createDb = async (name: string): Promise<void> => {
      await http.query(`CREATE DATABASE "${name}"; CREATE RETENTION POLICY "${RP}" ON "${name}" DURATION INF REPLICATION 1 DEFAULT`);
    };
    const dropDb = async (name: string): Promise<void> => {
      await http.query(`DROP DATABASE "${name}"`);
    };
    const port = Number(new URL(influxd.url).port);
    contenders.push(
      {
        name: '`influx` package writePoints()',
        prepare: async (run) => {
          const database = `bench_pkg_${run}`;
          await createDb(database);
          const client = new InfluxDB({ host: '127.0.0.1', port, database });
          return {
            write: async (r) => {
              for (let i = 0; i < r.length; i += BATCH) {
                const points: IPoint[] = r.slice(i, i + BATCH).map((x) => ({
                  measurement: 'telemetry',
                  tags: { sensor: x.sensorId },
                  fields: x.metrics,
                  timestamp: x.ts,
                }));
                await client.writePoints(points, { precision: 'ms', retentionPolicy: RP });
              }
            },
            cleanup: () => dropDb(database),
          };
        },
      },
      {
        name: 'fetch + our line protocol',
        prepare: async (run) => {
          const database = `bench_fetch_${run}`;
          await createDb(database);
          return {
            write: async (r) => {
              for (let i = 0; i < r.length; i += BATCH) {
                const body = r
                  .slice(i, i + BATCH)
                  .map((x) => encodeReading(x).line)
                  .join('\n');
                await http.write(database, RP, body);
              }
            },
            cleanup: () => dropDb(database),
          };
        },
      },
      {
        name: 'Influx adapter (append + close)',
        prepare: async (run) => {
          const database = `bench_store_${run}`;
          const spoolDir = join(work, `spool-${run}`);
          const store = new InfluxTelemetryStore({ url: influxd.url, database, spoolDir });
          return { write: (r) => throughStore(store, r), cleanup: () => dropDb(database) };
        },
      },
    );
  }

  // Rounds interleave the contenders, so a slow spell of the machine does not land on one of them.
  const times = contenders.map(() => [] as number[]);
  // Client CPU (this process, user + system) tells the clients apart even when influxd's share is noisy.
  const cpu = contenders.map(() => [] as number[]);
  try {
    let run = 0;
    for (let round = 0; round < RUNS; round++) {
      for (const [i, contender] of contenders.entries()) {
        const { write, cleanup } = await contender.prepare(run++);
        const started = performance.now();
        const cpuBefore = process.cpuUsage();
        await write(readings);
        times[i]?.push(performance.now() - started);
        const used = process.cpuUsage(cpuBefore);
        cpu[i]?.push((used.user + used.system) / 1000);
        await cleanup();
      }
    }
  } finally {
    await influxd?.dispose();
    await rm(work, { recursive: true, force: true });
  }

  const median = (values: readonly number[] | undefined): number => [...(values ?? [])].sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? NaN;
  const rows = contenders.map((contender, i) => {
    const ms = median(times[i]);
    return { name: contender.name, ms, cpuMs: median(cpu[i]), perSecond: (READINGS / ms) * 1000 };
  });
  console.log(`\n${READINGS} readings x 3 metrics, ${SENSORS} sensors, batches of ${BATCH}, median of ${RUNS} runs (Node ${process.version})\n`);
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`${'store'.padEnd(width)} | ${'readings/s'.padStart(10)} | ${'wall ms'.padStart(7)} | ${'client CPU ms'.padStart(13)}`);
  console.log(`${'-'.repeat(width)}-|-${'-'.repeat(10)}-|-${'-'.repeat(7)}-|-${'-'.repeat(13)}`);
  for (const r of rows) {
    const cells = [Math.round(r.perSecond).toString().padStart(10), Math.round(r.ms).toString().padStart(7), Math.round(r.cpuMs).toString().padStart(13)];
    console.log(`${r.name.padEnd(width)} | ${cells.join(' | ')}`);
  }
}

await main();
