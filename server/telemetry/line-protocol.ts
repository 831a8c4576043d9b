import type { Reading } from '../contracts/telemetry.ts';

/**
 * InfluxDB line protocol for readings: measurement `telemetry`, tag `sensor`, one float field per metric,
 * timestamp in ms (written with `precision=ms`). Pure, so the escaping rules are unit-tested here.
 *
 *   telemetry,sensor=ws-01 air_temperature_c=21.5,relative_humidity_pct=40 1700000000000
 */

export const TELEMETRY_MEASUREMENT = 'telemetry';
export const SENSOR_TAG = 'sensor';

/** Field keys InfluxDB 1.x refuses in every point ("invalid field name"), so we drop them before sending. */
const RESERVED_FIELD_KEYS = new Set(['time']);

export class LineProtocolError extends Error {
  readonly code = 'line_protocol_invalid';
}

/** Measurement names: commas and spaces are escaped. */
export function escapeMeasurement(name: string): string {
  assertEncodable(name, 'measurement');
  return name.replace(/[, ]/g, (c) => `\\${c}`);
}

/** Ids and metric names as the contracts allow them need no escaping; one test skips the slow path. */
const NEEDS_NO_ESCAPING = /^[A-Za-z0-9_.:-]+$/;

/** Tag keys, tag values and field keys: commas, equals signs and spaces are escaped. */
export function escapeKey(value: string, what = 'tag or field key'): string {
  if (NEEDS_NO_ESCAPING.test(value)) return value;
  assertEncodable(value, what);
  return value.replace(/[,= ]/g, (c) => `\\${c}`);
}

/**
 * Line protocol has no escape for a newline, and a trailing backslash would escape the separator after it
 * (InfluxDB 1.x has no `\\` escape in keys), so such names cannot be written at all.
 */
function assertEncodable(value: string, what: string): void {
  if (value === '') throw new LineProtocolError(`An empty ${what} cannot be written to InfluxDB.`);
  if (/[\n\r]/.test(value)) throw new LineProtocolError(`The ${what} ${JSON.stringify(value)} contains a line break, which InfluxDB line protocol cannot carry.`);
  if (value.endsWith('\\')) throw new LineProtocolError(`The ${what} ${JSON.stringify(value)} ends with a backslash, which InfluxDB line protocol cannot carry.`);
}

/** A float field value. JavaScript's shortest round-trip form (with `e+21` exponents) is what InfluxDB parses. */
export function formatFloat(value: number): string {
  // -0 would come back as 0 anyway; writing "0" keeps the text canonical.
  return Object.is(value, -0) ? '0' : String(value);
}

/** Timestamps are whole milliseconds in both stores; sub-millisecond parts are cut, never rounded up. */
export function toStoredTs(ts: number): number {
  return Math.floor(ts);
}

/** Metrics a store cannot keep: NaN and ±Infinity have no representation in InfluxDB or our SQLite schema. */
export function isStorableValue(value: number): boolean {
  return Number.isFinite(value);
}

const LINE_PREFIX = `${escapeMeasurement(TELEMETRY_MEASUREMENT)},${SENSOR_TAG}=`;

export interface EncodedReading {
  /** The line, or null when no metric could be written. */
  readonly line: string | null;
  /** Metrics left out of the line, with why. */
  readonly dropped: readonly { readonly metric: string; readonly reason: string }[];
}

const NOTHING_DROPPED: EncodedReading['dropped'] = Object.freeze([]);

/** Encodes one reading; throws LineProtocolError when the sensor id cannot be written at all. */
export function encodeReading(reading: Reading): EncodedReading {
  // Built as one string, with no arrays on the way: this runs for every reading.
  let fields = '';
  let dropped: { metric: string; reason: string }[] | null = null;
  for (const metric in reading.metrics) {
    const value = reading.metrics[metric] as number;
    let reason: string | null = null;
    if (!isStorableValue(value)) {
      reason = `value ${String(value)} is not a finite number`;
    } else if (RESERVED_FIELD_KEYS.has(metric)) {
      reason = `InfluxDB does not accept a field named "${metric}"`;
    } else {
      try {
        fields += `${fields === '' ? '' : ','}${escapeKey(metric, 'metric name')}=${formatFloat(value)}`;
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
      }
    }
    if (reason !== null) (dropped ??= []).push({ metric, reason });
  }
  const line = fields === '' ? null : `${LINE_PREFIX}${escapeKey(reading.sensorId, 'sensor id')} ${fields} ${toStoredTs(reading.ts)}`;
  return { line, dropped: dropped ?? NOTHING_DROPPED };
}
