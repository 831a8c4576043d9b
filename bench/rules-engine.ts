/**
 * Rule engine throughput: 10,000 sensors around Polygyros, the default rule set, synthetic readings
 * (calm weather, rising water at a few gauges, smoke at a few fire sensors, one dead gateway), a tick
 * every 10 simulated seconds. Prints readings/s, per-evaluate latency, tick cost, heap and state size.
 *
 *   npx tsx bench/rules-engine.ts [readings=500000] [sensors=10000]
 */
import { readFileSync } from 'node:fs';
import { createRuleEngine } from '../rules/engine/engine.ts';
import { loadRuleSet } from '../rules/engine/load-rule-set.ts';
import { timeZoneOffset } from '../rules/engine/local-time.ts';
import { createEngineState } from '../rules/engine/state.ts';
import type { AlertTransition, RuleReading, RuleSensor } from '../rules/engine/types.ts';

const READINGS = Number(process.argv[2] ?? 500_000);
const SENSORS = Number(process.argv[3] ?? 10_000);
const SENSORS_PER_GATEWAY = 50;
const STEP_MS = 1000; // simulated time between two rounds of readings
const TICK_EVERY_MS = 10_000;
// 11:40 in Athens on a July day, so the FWI noon decision happens during the run.
const START = Date.UTC(2024, 6, 15, 8, 40);

/** Deterministic pseudo-random numbers (Park–Miller), so runs compare. */
let seed = 42;
function random(): number {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
}

/** Fire sensors that detect smoke during the run: pairs 10 indices apart. */
function isBurning(index: number): boolean {
  return index % 10 >= 4 && (index % 211 === 0 || (index - 10) % 211 === 0);
}

function buildSensors(count: number): RuleSensor[] {
  const sensors: RuleSensor[] = [];
  for (let i = 0; i < count; i++) {
    const r = i % 10;
    const kind = r < 2 ? 'weather_station' : r < 4 ? 'water_level_gauge' : 'fire_sensor';
    const gatewayIndex = Math.floor(i / SENSORS_PER_GATEWAY);
    // A 60 × 60 km square around Polygyros; every burning fire sensor has a burning neighbour 0.6 km away.
    const partner = isBurning(i) && isBurning(i - 10) ? sensors[i - 10] : undefined;
    sensors.push({
      id: `s-${i}`,
      kind,
      lat: partner === undefined ? 40.1 + random() * 0.55 : partner.lat + 0.005,
      lon: partner === undefined ? 23.1 + random() * 0.7 : partner.lon + 0.003,
      villageId: `village-${gatewayIndex % 60}`,
      gatewayId: `gw-${gatewayIndex}`,
      expectedIntervalS: kind === 'weather_station' ? 60 : kind === 'water_level_gauge' ? 120 : 300,
      ...(kind === 'water_level_gauge' ? { levels: { warningLevelCm: 150, alarmLevelCm: 220 } } : {}),
    });
  }
  return sensors;
}

/** One reading's metrics; a few sensors are in trouble so conditions fire and transitions happen. */
function metricsFor(s: RuleSensor, index: number, round: number): Record<string, number> {
  const battery = index % 997 === 0 ? 12 : 85;
  if (s.kind === 'weather_station') {
    const hot = index % 53 === 0;
    return {
      air_temperature_c: hot ? 34 : 24 + random() * 3,
      relative_humidity_pct: hot ? 18 : 50 + random() * 10,
      wind_speed_kmh: hot ? 35 : 10 + random() * 5,
      wind_gust_kmh: 20 + random() * 10,
      rain_mm: index % 41 === 0 ? 0.6 : 0,
      battery_pct: battery,
    };
  }
  if (s.kind === 'water_level_gauge') {
    const rising = index % 37 === 0;
    return { water_level_cm: rising ? 100 + round * 0.05 : 80 + random() * 2, battery_pct: battery };
  }
  const burning = isBurning(index) && round > 100;
  return { smoke: burning ? 1 : 0, co_ppm: burning ? 25 : 0.3 + random() * 0.2, h2_ppm: 0.5, voc_index: 100, battery_pct: battery };
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

function main(): void {
  const loaded = loadRuleSet(readFileSync(new URL('../rules/sets/default.json', import.meta.url), 'utf8'), 'rules/sets/default.json');
  if (!loaded.ok) throw new Error(`default rule set invalid: ${JSON.stringify(loaded.errors)}`);
  const sensors = buildSensors(SENSORS);
  const engine = createRuleEngine(loaded.rules, { localTime: timeZoneOffset('Europe/Athens') });
  let state = createEngineState();

  // Warm-up on a throwaway state so the JIT has seen every path before timing.
  let warm = createEngineState();
  for (let i = 0; i < 50_000; i++) {
    const s = sensors[i % sensors.length];
    if (s === undefined) continue;
    warm = engine.evaluate(warm, { sensorId: s.id, ts: START + i, metrics: metricsFor(s, i % sensors.length, 0) }, s, START + i).state;
  }

  const deadGateway = 'gw-3';
  const perEvaluateNs = new Float64Array(READINGS);
  const tickMs: number[] = [];
  const batch: RuleReading[] = [];
  const batchSensors: RuleSensor[] = [];
  let transitions = 0;
  const byRule = new Map<string, number>();
  const count = (ts: readonly AlertTransition[]): void => {
    transitions += ts.length;
    for (const t of ts) {
      const key = `${t.ruleId} ${t.kind}`;
      byRule.set(key, (byRule.get(key) ?? 0) + 1);
    }
  };
  let evaluated = 0;
  let engineNs = 0;
  let nextTick = START;
  let round = 0;
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;

  while (evaluated < READINGS) {
    // Prepare a round outside the timed section: every sensor due this simulated second reports.
    const now = START + round * STEP_MS;
    batch.length = 0;
    batchSensors.length = 0;
    for (let i = 0; i < sensors.length; i++) {
      const s = sensors[i];
      if (s === undefined || s.gatewayId === deadGateway) continue;
      if ((round + i) % s.expectedIntervalS !== 0) continue;
      batch.push({ sensorId: s.id, ts: now, metrics: metricsFor(s, i, round) });
      batchSensors.push(s);
    }
    for (let k = 0; k < batch.length && evaluated < READINGS; k++) {
      const reading = batch[k];
      const sensor = batchSensors[k];
      if (reading === undefined || sensor === undefined) continue;
      const t0 = process.hrtime.bigint();
      const result = engine.evaluate(state, reading, sensor, now);
      const dt = Number(process.hrtime.bigint() - t0);
      state = result.state;
      if (result.transitions.length > 0) count(result.transitions);
      perEvaluateNs[evaluated++] = dt;
      engineNs += dt;
    }
    if (now >= nextTick) {
      const t0 = process.hrtime.bigint();
      count(engine.tick(state, now, sensors).transitions);
      tickMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
      nextTick += TICK_EVERY_MS;
    }
    round++;
  }

  const heapAfter = process.memoryUsage().heapUsed;
  const t0 = process.hrtime.bigint();
  const json = JSON.stringify(state);
  const stringifyMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const sorted = perEvaluateNs.slice(0, evaluated).sort();
  const ticks = Float64Array.from(tickMs).sort();

  const rows: [string, string][] = [
    ['sensors', SENSORS.toLocaleString('en')],
    ['rules (default set)', String(engine.rules.length)],
    ['readings evaluated', evaluated.toLocaleString('en')],
    ['simulated time', `${Math.round((round * STEP_MS) / 60_000)} min`],
    ['transitions', transitions.toLocaleString('en')],
    ['readings/s (engine only)', Math.round(evaluated / (engineNs / 1e9)).toLocaleString('en')],
    ['evaluate p50', `${(percentile(sorted, 0.5) / 1000).toFixed(2)} µs`],
    ['evaluate p99', `${(percentile(sorted, 0.99) / 1000).toFixed(2)} µs`],
    ['evaluate p99.9', `${(percentile(sorted, 0.999) / 1000).toFixed(2)} µs`],
    ['evaluate max', `${((sorted[sorted.length - 1] ?? 0) / 1000).toFixed(0)} µs`],
    ['tick (10k sensors) p50 / max', `${percentile(ticks, 0.5).toFixed(2)} / ${(ticks[ticks.length - 1] ?? 0).toFixed(2)} ms`],
    ['heap used after run', `${(heapAfter / 2 ** 20).toFixed(1)} MiB (${((heapAfter - heapBefore) / 2 ** 20).toFixed(1)} MiB over start)`],
    ['state as JSON', `${(json.length / 2 ** 20).toFixed(2)} MiB, stringify ${stringifyMs.toFixed(1)} ms`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\nrule engine, Node ${process.version}\n`);
  console.log(`| ${'measure'.padEnd(width)} | value |`);
  console.log(`|${'-'.repeat(width + 2)}|-------|`);
  for (const [k, v] of rows) console.log(`| ${k.padEnd(width)} | ${v} |`);
  console.log(`\ntransitions by rule (gateway ${deadGateway} is dead from the start: one gateway-down, no sensor flood)\n`);
  for (const [k, v] of [...byRule].sort()) console.log(`  ${k.padEnd(40)} ${v}`);
}

main();
