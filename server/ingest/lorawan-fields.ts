import type { Sensor } from '../contracts/registry.ts';
import type { Reading, ReadingSource } from '../contracts/telemetry.ts';
import { MAX_FUTURE_MS, type DecodeResult, rejected } from './decode-result.ts';

export interface LorawanUplink {
  readonly source: Extract<ReadingSource, 'ttn' | 'chirpstack'>;
  readonly devEui: string | undefined;
  /** The application the topic names; must be the one of the sensor's gateway. */
  readonly applicationId: string;
  readonly time: string | undefined;
  readonly decoded: unknown;
  /** Best signal among the receiving gateways, when reported. */
  readonly rssi: number | undefined;
  readonly snr: number | undefined;
}

export interface LorawanContext {
  readonly receivedAt: number;
  readonly sensorByDevEui: (eui: string) => Sensor | undefined;
  readonly applicationOf: (sensor: Sensor) => string | undefined;
}

/**
 * Maps a network server's decoded object to our metrics through the sensor's registry record.
 * Never guesses: an unknown device, a missing decoded object, a field with no mapping, or a value
 * that is not a number or boolean rejects the uplink with a reason naming it.
 */
export function readingFromUplink(up: LorawanUplink, ctx: LorawanContext): DecodeResult {
  if (up.devEui === undefined || !/^[0-9A-Fa-f]{16}$/.test(up.devEui)) {
    return rejected('unknown_device', 'the uplink carries no valid device EUI (16 hexadecimal digits)');
  }
  const sensor = ctx.sensorByDevEui(up.devEui);
  if (!sensor?.lorawan) return rejected('unknown_device', `device EUI ${up.devEui.toUpperCase()} is not registered to any sensor`);
  const expectedApp = ctx.applicationOf(sensor);
  if (expectedApp !== undefined && expectedApp !== up.applicationId) {
    return rejected(
      'wrong_gateway',
      `device ${up.devEui.toUpperCase()} (sensor "${sensor.id}") belongs to application "${expectedApp}", not "${up.applicationId}"`,
    );
  }
  if (up.decoded === undefined || up.decoded === null) {
    return rejected('no_decoded_payload', `no decoded payload for sensor "${sensor.id}": configure a payload formatter (codec) on the network server`);
  }
  if (typeof up.decoded !== 'object' || Array.isArray(up.decoded)) {
    return rejected('invalid_payload', 'the decoded payload is not an object');
  }
  const metrics: Record<string, number> = {};
  for (const [field, value] of Object.entries(up.decoded as Record<string, unknown>)) {
    const metric = sensor.lorawan.fieldMap[field];
    if (metric === undefined) {
      return rejected('unmapped_field', `decoded field "${field}" of sensor "${sensor.id}" has no mapping in the sensor's lorawan.fieldMap`);
    }
    if (typeof value === 'boolean') metrics[metric] = value ? 1 : 0;
    else if (typeof value === 'number' && Number.isFinite(value)) metrics[metric] = value;
    else return rejected('invalid_payload', `decoded field "${field}": expected a finite number or a boolean, got ${JSON.stringify(value)}`);
  }
  if (Object.keys(metrics).length === 0) return rejected('invalid_payload', 'the decoded payload has no fields');
  if (up.rssi !== undefined && Number.isFinite(up.rssi)) metrics.rssi_dbm ??= up.rssi;
  if (up.snr !== undefined && Number.isFinite(up.snr)) metrics.snr_db ??= up.snr;

  const ts = up.time === undefined ? ctx.receivedAt : Date.parse(up.time);
  if (Number.isNaN(ts)) return rejected('invalid_payload', `time: "${up.time}" is not an RFC 3339 timestamp`);
  if (ts > ctx.receivedAt + MAX_FUTURE_MS) {
    return rejected('future_timestamp', `time: ${up.time} is more than 5 minutes ahead of the server clock`);
  }
  const reading: Reading = { sensorId: sensor.id, ts, metrics, receivedAt: ctx.receivedAt, source: up.source };
  return { readings: [reading], rejections: [] };
}

/** The strongest of the receiving gateways' signals. */
export function bestSignal(rx: readonly { rssi?: unknown; snr?: unknown }[] | undefined, zeroWhenMissing: boolean): { rssi?: number; snr?: number } {
  let best: { rssi?: number; snr?: number } = {};
  for (const r of rx ?? []) {
    const rssi = typeof r.rssi === 'number' ? r.rssi : zeroWhenMissing ? 0 : undefined;
    const snr = typeof r.snr === 'number' ? r.snr : zeroWhenMissing ? 0 : undefined;
    if (rssi !== undefined && (best.rssi === undefined || rssi > best.rssi)) best = { rssi, ...(snr !== undefined ? { snr } : {}) };
  }
  return best;
}
