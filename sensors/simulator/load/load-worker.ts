import mqtt, { type MqttClient } from 'mqtt';
import type { GatewayCredentials } from '../publisher/gateway-credentials.ts';
import type { QoS } from '../publisher/mqtt-sink.ts';
import { LatencyHistogram } from './latency-histogram.ts';
import { loadPayload, loadTopic, targetOf, type LoadTarget } from './load-plan.ts';

export interface LoadWorkerOptions {
  readonly brokerUrl: string;
  readonly prefix: string;
  readonly qos: QoS;
  readonly targets: readonly LoadTarget[];
  readonly processes: number;
  readonly processIndex: number;
  /** Readings this process publishes. */
  readonly count: number;
  /** This process's share of the rate, readings/s; 0 = as fast as acknowledgements allow. */
  readonly ratePerSec: number;
  readonly maxInFlight: number;
  /** Credentials per gateway id (resolved by the parent, so workers need no environment). */
  readonly credentials: Readonly<Record<string, GatewayCredentials>>;
  readonly clientIdPrefix: string;
}

export interface LoadWorkerResult {
  readonly published: number;
  readonly acknowledged: number;
  readonly failed: number;
  /** From the first publish to the last acknowledgement. */
  readonly elapsedMs: number;
  readonly latency: [number, number][];
}

/** Connects one client per gateway in the targets; resolves when all are connected. */
export async function connectLoadClients(options: LoadWorkerOptions): Promise<Map<string, MqttClient>> {
  const gatewayIds = [...new Set(options.targets.map((t) => t.gatewayId))];
  const clients = new Map<string, MqttClient>();
  await Promise.all(
    gatewayIds.map(async (gatewayId) => {
      const { username, password } = options.credentials[gatewayId] ?? {};
      const client = await mqtt.connectAsync(options.brokerUrl, {
        clientId: `${options.clientIdPrefix}${options.processIndex}-${gatewayId}`,
        ...(username !== undefined ? { username } : {}),
        ...(password !== undefined ? { password } : {}),
        reconnectPeriod: 0,
        connectTimeout: 10_000,
      });
      clients.set(gatewayId, client);
    }),
  );
  return clients;
}

/** Publishes this process's share at its rate, counting every acknowledgement. */
export async function publishLoad(options: LoadWorkerOptions, clients: ReadonlyMap<string, MqttClient>): Promise<LoadWorkerResult> {
  const histogram = new LatencyHistogram();
  let published = 0;
  let acknowledged = 0;
  let failed = 0;
  let inFlight = 0;
  let wakeOnAck: (() => void) | null = null;
  const start = performance.now();
  let lastAck = start;

  const publishOne = (k: number): void => {
    const target = targetOf(options, options.targets, options.processIndex, k);
    const client = clients.get(target.gatewayId) as MqttClient;
    const sentAt = performance.now();
    inFlight++;
    published++;
    client.publish(loadTopic(options.prefix, target), loadPayload(k, Date.now()), { qos: options.qos }, (error) => {
      inFlight--;
      lastAck = performance.now();
      if (error) failed++;
      else {
        acknowledged++;
        histogram.record(lastAck - sentAt);
      }
      const wake = wakeOnAck;
      wakeOnAck = null;
      wake?.();
    });
  };

  while (published < options.count) {
    const elapsed = performance.now() - start;
    const allowed = options.ratePerSec > 0 ? Math.min(options.count, Math.floor((elapsed * options.ratePerSec) / 1000) + 1) : options.count;
    while (published < allowed && inFlight < options.maxInFlight) publishOne(published);
    if (published >= options.count) break;
    if (inFlight >= options.maxInFlight) {
      await new Promise<void>((resolve) => (wakeOnAck = resolve));
    } else {
      const dueInMs = ((published + 1) * 1000) / options.ratePerSec - (performance.now() - start);
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, dueInMs)));
    }
  }
  const deadline = performance.now() + 30_000;
  while (inFlight > 0 && performance.now() < deadline) {
    await new Promise<void>((resolve) => {
      wakeOnAck = resolve;
      setTimeout(resolve, 100);
    });
  }
  return { published, acknowledged, failed: failed + inFlight, elapsedMs: lastAck - start, latency: histogram.toPairs() };
}

export async function closeLoadClients(clients: ReadonlyMap<string, MqttClient>): Promise<void> {
  await Promise.all([...clients.values()].map((c) => c.endAsync()));
}
