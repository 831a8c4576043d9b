import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TOPIC_PREFIX } from '../../../server/contracts/topics.ts';
import { credentialsFrom, type CredentialsResolver, type GatewayCredentials } from '../publisher/gateway-credentials.ts';
import type { QoS } from '../publisher/mqtt-sink.ts';
import { readSimulatedRegion } from '../region/region-reader.ts';
import { DEFAULT_BROKER_URL } from '../runtime/simulator.ts';
import { SimulatorError } from '../simulator-error.ts';
import { LatencyHistogram } from './latency-histogram.ts';
import { DEFAULT_LOAD_GATEWAY, DEFAULT_LOAD_SENSOR_PREFIX, loadSensorIds, shareOf, type LoadTarget } from './load-plan.ts';
import { closeLoadClients, connectLoadClients, publishLoad, type LoadWorkerOptions, type LoadWorkerResult } from './load-worker.ts';

export interface LoadOptions {
  readonly brokerUrl?: string;
  /** Number of distinct sensors the readings are spread over. */
  readonly sensors: number;
  /** Total readings per second over all processes; 0 = as fast as the broker acknowledges. */
  readonly ratePerSec: number;
  /** Exact number of readings to publish. */
  readonly count: number;
  readonly processes?: number;
  readonly qos?: QoS;
  readonly prefix?: string;
  /** Synthetic sensors `load-0001`… behind this gateway (default gw-load). */
  readonly gatewayId?: string;
  readonly sensorIdPrefix?: string;
  /** Use this region's native sensors instead of synthetic ones (they are registered on a demo server). */
  readonly region?: string;
  readonly credentials?: CredentialsResolver | GatewayCredentials;
  readonly maxInFlight?: number;
}

export interface LoadResult {
  readonly published: number;
  readonly acknowledged: number;
  readonly failed: number;
  readonly elapsedMs: number;
  readonly ratePerSec: number;
  readonly ackLatencyMs: { readonly p50: number | null; readonly p99: number | null; readonly max: number | null };
  readonly processes: number;
  readonly sensors: number;
}

async function targetsFor(options: LoadOptions): Promise<LoadTarget[]> {
  if (options.region === undefined) {
    const gatewayId = options.gatewayId ?? DEFAULT_LOAD_GATEWAY;
    return loadSensorIds(options.sensors, options.sensorIdPrefix ?? DEFAULT_LOAD_SENSOR_PREFIX).map((sensorId) => ({ gatewayId, sensorId }));
  }
  const region = await readSimulatedRegion(options.region);
  const nativeGateways = new Set(region.gateways.filter((g) => g.format === 'native').map((g) => g.id));
  const available = region.sensors.filter((s) => nativeGateways.has(s.gatewayId));
  if (available.length < options.sensors) {
    throw new SimulatorError('bad_option', `--sensors ${options.sensors}: region "${options.region}" has only ${available.length} sensors behind native gateways`);
  }
  return available.slice(0, options.sensors).map((s) => ({ gatewayId: s.gatewayId, sensorId: s.id }));
}

/**
 * The benchmark load: exactly `count` readings (3 metrics each) at QoS 1 by default, spread over the
 * sensors, at the given total rate, from one or several processes. Counts every acknowledgement.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  for (const [name, value] of [['sensors', options.sensors], ['count', options.count]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new SimulatorError('bad_option', `--${name} must be a whole number of at least 1 (got ${value})`);
  }
  if (!(options.ratePerSec >= 0)) throw new SimulatorError('bad_option', `--rate must be 0 (unlimited) or more (got ${options.ratePerSec})`);
  const processes = Math.max(1, Math.min(options.processes ?? 1, options.count));
  const targets = await targetsFor(options);
  const resolve = typeof options.credentials === 'function' ? options.credentials : credentialsFrom(options.credentials ?? {});
  const credentials = Object.fromEntries([...new Set(targets.map((t) => t.gatewayId))].map((id) => [id, resolve(id)]));
  const clientIdPrefix = `skopia-load-${randomBytes(3).toString('hex')}-`;
  const workerOptions = (index: number): LoadWorkerOptions => ({
    brokerUrl: options.brokerUrl ?? process.env.MQTT_URL ?? DEFAULT_BROKER_URL,
    prefix: options.prefix ?? DEFAULT_TOPIC_PREFIX,
    qos: options.qos ?? 1,
    targets,
    processes,
    processIndex: index,
    count: shareOf(options.count, processes, index),
    ratePerSec: options.ratePerSec / processes,
    maxInFlight: options.maxInFlight ?? 2000,
    credentials,
    clientIdPrefix,
  });

  let results: LoadWorkerResult[];
  if (processes === 1) {
    const worker = workerOptions(0);
    const clients = await connectLoadClients(worker).catch((error: unknown) => {
      throw new SimulatorError('broker_unreachable', `cannot connect to ${worker.brokerUrl}: ${error instanceof Error ? error.message : String(error)}`);
    });
    results = [await publishLoad(worker, clients)];
    await closeLoadClients(clients);
  } else {
    results = await runInChildren(processes, workerOptions);
  }
  const histogram = new LatencyHistogram();
  for (const r of results) histogram.addPairs(r.latency);
  const acknowledged = sum(results.map((r) => r.acknowledged));
  // The processes start together, so the run lasts as long as the slowest.
  const elapsedMs = Math.max(0, ...results.map((r) => r.elapsedMs));
  const round = (x: number | null, decimals: number): number | null => (x === null ? null : Math.round(x * 10 ** decimals) / 10 ** decimals);
  return {
    published: sum(results.map((r) => r.published)),
    acknowledged,
    failed: sum(results.map((r) => r.failed)),
    elapsedMs: round(elapsedMs, 1) ?? 0,
    ratePerSec: round(elapsedMs > 0 ? (acknowledged * 1000) / elapsedMs : 0, 1) ?? 0,
    ackLatencyMs: { p50: round(histogram.percentile(0.5), 1), p99: round(histogram.percentile(0.99), 1), max: round(histogram.percentile(1), 1) },
    processes,
    sensors: targets.length,
  };
}

type ChildMessage = { type: 'ready' } | { type: 'result'; result: LoadWorkerResult } | { type: 'error'; message: string };

/** Forks the children, lets them all connect, then starts them together. */
async function runInChildren(processes: number, workerOptions: (index: number) => LoadWorkerOptions): Promise<LoadWorkerResult[]> {
  const entry = fileURLToPath(new URL('./load-child.ts', import.meta.url));
  const children: ChildProcess[] = [];
  try {
    const ready: Promise<void>[] = [];
    const results: Promise<LoadWorkerResult>[] = [];
    for (let i = 0; i < processes; i++) {
      // The children inherit this process's execArgv, so tsx's loader runs them as TypeScript too.
      const child = fork(entry, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      children.push(child);
      ready.push(waitFor(child, 'ready').then(() => undefined));
      results.push(waitFor(child, 'result').then((m) => (m as Extract<ChildMessage, { type: 'result' }>).result));
      child.send({ type: 'options', options: workerOptions(i) });
    }
    await Promise.all(ready);
    for (const child of children) child.send({ type: 'go' });
    return await Promise.all(results);
  } finally {
    for (const child of children) if (child.connected) child.disconnect();
  }
}

function waitFor(child: ChildProcess, type: ChildMessage['type']): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildMessage): void => {
      if (message.type === 'error') {
        cleanup();
        reject(new SimulatorError('broker_unreachable', `load process ${child.pid ?? '?'}: ${message.message}`));
      } else if (message.type === type) {
        cleanup();
        resolve(message);
      }
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`load process ${child.pid ?? '?'} exited (${code ?? 'signal'}) before "${type}"`));
    };
    const cleanup = (): void => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
