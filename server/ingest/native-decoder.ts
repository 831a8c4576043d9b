import { NativeBatchEnvelopeSchema, NativeReadingSchema, type Reading } from '../contracts/telemetry.ts';
import type { Sensor } from '../contracts/registry.ts';
import {
  MAX_FUTURE_MS,
  describeIssues,
  normaliseMetrics,
  rejected,
  timestampMs,
  type DecodeResult,
  type Rejection,
} from './decode-result.ts';

export interface NativeDecodeContext {
  readonly receivedAt: number;
  readonly sensorOf: (id: string) => Sensor | undefined;
}

/**
 * Decodes a message on `{prefix}/{gatewayId}/{sensorId}/telemetry`: one reading or a batch.
 * Pure. In a batch each reading stands alone: a bad one is rejected with its index, the others pass.
 */
export function decodeNativeTelemetry(
  gatewayId: string,
  sensorId: string,
  payload: Buffer,
  ctx: NativeDecodeContext,
): DecodeResult {
  const sensor = ctx.sensorOf(sensorId);
  if (!sensor) return rejected('unknown_sensor', `sensor "${sensorId}" is not in the registry`);
  if (sensor.gatewayId !== gatewayId) {
    return rejected('wrong_gateway', `sensor "${sensorId}" belongs to gateway "${sensor.gatewayId}", not "${gatewayId}"`);
  }
  let body: unknown;
  try {
    body = JSON.parse(payload.toString('utf8'));
  } catch (error) {
    return rejected('bad_json', `payload is not JSON: ${(error as Error).message}`);
  }
  if (typeof body === 'object' && body !== null && 'readings' in body) {
    const envelope = NativeBatchEnvelopeSchema.safeParse(body);
    if (!envelope.success) return rejected('invalid_payload', describeIssues(envelope.error));
    const readings: Reading[] = [];
    const rejections: Rejection[] = [];
    envelope.data.readings.forEach((item, index) => {
      const one = decodeOne(sensorId, item, ctx.receivedAt);
      if ('reading' in one) readings.push(one.reading);
      else rejections.push({ ...one.rejection, index, message: `readings.${index}: ${one.rejection.message}` });
    });
    return { readings, rejections };
  }
  const one = decodeOne(sensorId, body, ctx.receivedAt);
  return 'reading' in one ? { readings: [one.reading], rejections: [] } : { readings: [], rejections: [one.rejection] };
}

function decodeOne(sensorId: string, item: unknown, receivedAt: number): { reading: Reading } | { rejection: Rejection } {
  const parsed = NativeReadingSchema.safeParse(item);
  if (!parsed.success) return { rejection: { reason: 'invalid_payload', message: describeIssues(parsed.error) } };
  const { ts, metrics, battery } = parsed.data;
  const at = timestampMs(ts, receivedAt);
  if (at > receivedAt + MAX_FUTURE_MS) {
    return {
      rejection: {
        reason: 'future_timestamp',
        message: `ts: ${new Date(at).toISOString()} is more than 5 minutes ahead of the server clock (${new Date(receivedAt).toISOString()}); check the gateway's clock`,
      },
    };
  }
  const values = normaliseMetrics(metrics);
  if (battery !== undefined) values.battery_pct = battery;
  return { reading: { sensorId, ts: at, metrics: values, receivedAt, source: 'native' } };
}
