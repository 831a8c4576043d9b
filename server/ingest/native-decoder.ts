import {
  MAX_METRICS_PER_READING,
  NativeBatchEnvelopeSchema,
  NativeReadingSchema,
  type NativeReading,
  type Reading,
} from '../contracts/telemetry.ts';
import { METRIC_NAME } from '../contracts/metrics.ts';
import type { Sensor } from '../contracts/registry.ts';
import {
  MAX_FUTURE_MS,
  describeIssues,
  metricsAsNumbers,
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
  return 'reading' in one ? { readings: [one.reading], rejections: NO_REJECTIONS } : { readings: [], rejections: [one.rejection] };
}

const MIN_EPOCH_MS = 946_684_800_000;
const NO_REJECTIONS: readonly Rejection[] = Object.freeze([]);

/**
 * The common well-formed reading, checked by hand: the same rules as NativeReadingSchema, about ten
 * times cheaper. Anything unusual (a string timestamp, a bad field) returns null and goes through
 * zod, which also writes the error message.
 */
export function fastParseNativeReading(item: unknown): NativeReading | null {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return null;
  let keys = 0;
  for (const key in item) {
    if (key !== 'ts' && key !== 'metrics' && key !== 'battery') return null;
    keys++;
  }
  const { ts, metrics, battery } = item as { ts?: unknown; metrics?: unknown; battery?: unknown };
  if (keys !== (ts === undefined ? 0 : 1) + 1 + (battery === undefined ? 0 : 1)) return null;
  if (ts !== undefined && !(typeof ts === 'number' && Number.isInteger(ts) && ts >= MIN_EPOCH_MS)) return null;
  if (battery !== undefined && !(typeof battery === 'number' && battery >= 0 && battery <= 100)) return null;
  if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) return null;
  let count = 0;
  for (const name in metrics) {
    const value = (metrics as Record<string, unknown>)[name];
    if (!(typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) || !METRIC_NAME.test(name)) return null;
    count++;
  }
  if (count === 0 || count > MAX_METRICS_PER_READING) return null;
  return item as NativeReading;
}

function decodeOne(sensorId: string, item: unknown, receivedAt: number): { reading: Reading } | { rejection: Rejection } {
  let reading = fastParseNativeReading(item);
  if (reading === null) {
    const parsed = NativeReadingSchema.safeParse(item);
    if (!parsed.success) return { rejection: { reason: 'invalid_payload', message: describeIssues(parsed.error) } };
    reading = parsed.data;
  }
  const { ts, metrics, battery } = reading;
  const at = timestampMs(ts, receivedAt);
  if (at > receivedAt + MAX_FUTURE_MS) {
    return {
      rejection: {
        reason: 'future_timestamp',
        message: `ts: ${new Date(at).toISOString()} is more than 5 minutes ahead of the server clock (${new Date(receivedAt).toISOString()}); check the gateway's clock`,
      },
    };
  }
  const values = metricsAsNumbers(metrics);
  if (battery !== undefined) values.battery_pct = battery;
  return { reading: { sensorId, ts: at, metrics: values, receivedAt, source: 'native' } };
}
