import { telemetryTopic, statusTopic } from '../../../server/contracts/topics.ts';
import type { NativeReading } from '../../../server/contracts/telemetry.ts';
import type { MetricValues } from '../generators/generator-context.ts';
import type { TimedReading } from '../timeline/sim-event.ts';
import type { OutgoingMessage } from './outgoing-message.ts';

/** The native reading: battery in its own field (the contract's `battery`), every other metric in `metrics`. */
export function nativeReading(metrics: MetricValues, timestampMs: number): NativeReading {
  const { battery_pct: battery, ...rest } = metrics;
  const reading: NativeReading = { ts: new Date(timestampMs).toISOString(), metrics: rest };
  if (typeof battery === 'number') reading.battery = battery;
  return reading;
}

/** `{prefix}/{gatewayId}/{sensorId}/telemetry` with `{ts, metrics, battery?}`. */
export function encodeNativeReading(prefix: string, gatewayId: string, sensorId: string, metrics: MetricValues, timestampMs: number): OutgoingMessage {
  return { topic: telemetryTopic(prefix, gatewayId, sensorId), payload: JSON.stringify(nativeReading(metrics, timestampMs)) };
}

/** A gateway catching up after an outage: `{readings: [...]}`, oldest first, each with its own time. */
export function encodeNativeBatch(
  prefix: string,
  gatewayId: string,
  sensorId: string,
  readings: readonly TimedReading[],
  timestampOf: (atMs: number) => number,
): OutgoingMessage {
  const batch = { readings: readings.map((r) => nativeReading(r.metrics, timestampOf(r.atMs))) };
  return { topic: telemetryTopic(prefix, gatewayId, sensorId), payload: JSON.stringify(batch) };
}

export const GATEWAY_ONLINE = 'online';
export const GATEWAY_OFFLINE = 'offline';

/** Retained `online`/`offline` on `{prefix}/{gatewayId}/status` (the offline one is also the last will). */
export function encodeGatewayStatus(prefix: string, gatewayId: string, online: boolean): OutgoingMessage {
  return { topic: statusTopic(prefix, gatewayId), payload: online ? GATEWAY_ONLINE : GATEWAY_OFFLINE, retain: true };
}
