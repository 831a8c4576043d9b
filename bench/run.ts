/**
 * `npm run bench -- [name ...]`: runs benchmarks one after the other, each in its own process so one
 * does not warm up or tire out the next. Each prints its own table. No name runs them all.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(BENCH_DIR, '..');

const BENCHMARKS: Readonly<Record<string, { file: string; what: string }>> = {
  ingest: { file: 'ingest.ts', what: 'MQTT (Mosquitto) → server → InfluxDB: sustained msgs/s, latency, CPU, RSS, vs a bare subscriber' },
  store: { file: 'ingest-store.ts', what: 'telemetry store adapters alone: SQLite, influx npm package, plain HTTP line protocol' },
  engine: { file: 'rules-engine.ts', what: 'rule engine alone: readings/s over 10,000 sensors with the default rule set' },
  rules: { file: 'rules-latency.ts', what: 'reading over MQTT → alert frame on a WebSocket, p99, under 5,000 msgs/s of other traffic' },
  demo: { file: 'browser/demo-start.ts', what: 'time from `npm run demo` to the first live sensor on the map in Chromium' },
  dashboard: { file: 'dashboard.ts', what: 'Chromium: frame times and main-thread busy time at 1k-50k sensors and 2,000 updates/s' },
};

const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const extra = process.argv.slice(2).filter((a) => a.startsWith('-'));
const unknown = requested.filter((n) => !(n in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`bench: unknown benchmark ${unknown.join(', ')}. Known:\n${Object.entries(BENCHMARKS).map(([n, b]) => `  ${n.padEnd(10)} ${b.what}`).join('\n')}`);
  process.exit(2);
}
const names = requested.length > 0 ? requested : Object.keys(BENCHMARKS);
let failed = 0;
for (const name of names) {
  const bench = BENCHMARKS[name];
  if (!bench) continue;
  const file = join(BENCH_DIR, bench.file);
  if (!existsSync(file)) {
    console.error(`bench: ${name}: ${bench.file} is missing`);
    failed++;
    continue;
  }
  console.log(`\n=== ${name}: ${bench.what}\n`);
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), file, ...extra], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
