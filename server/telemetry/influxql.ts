import type { HistoryQuery } from './telemetry-store.ts';
import { SENSOR_TAG, TELEMETRY_MEASUREMENT } from './line-protocol.ts';

/**
 * The InfluxQL statements the Influx adapter sends, built from quoted identifiers and string literals
 * only, so no sensor id or metric name can change a statement's meaning. Pure, unit-tested.
 */

/** A double-quoted identifier: backslashes and double quotes escaped. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** A single-quoted string literal: backslashes and single quotes escaped. */
export function quoteString(value: string): string {
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** An absolute time as InfluxQL reads it: integer epoch milliseconds with an `ms` suffix. */
export function epochMs(ts: number): string {
  if (!Number.isSafeInteger(ts)) throw new RangeError(`time ${ts} is not a whole number of milliseconds`);
  return `${ts}ms`;
}

/** InfluxDB keeps times as int64 nanoseconds: bounds past that range are clamped, not rejected. */
const MAX_INFLUX_MS = 9_223_372_036_853;

/**
 * A `time` bound of a WHERE clause. Stored times are whole milliseconds, so `time >= 10.5` means
 * `time >= 11` and `time < 10.5` means `time < 11`: both bounds round up.
 */
export function timeBound(ts: number): string {
  return epochMs(Math.min(MAX_INFLUX_MS, Math.max(-MAX_INFLUX_MS, Math.ceil(ts))));
}

/** InfluxQL duration literals (`720h`, `52w`, `90d`), `INF`, or `0s` for "keep forever". */
export const RETENTION_DURATION = /^(INF|0s|(\d+(ns|u|µ|ms|s|m|h|d|w))+)$/i;

function source(retentionPolicy: string): string {
  return `${quoteIdentifier(retentionPolicy)}.${quoteIdentifier(TELEMETRY_MEASUREMENT)}`;
}

function field(metric: string): string {
  // `::field` because a metric may share its name with the `sensor` tag.
  return `${quoteIdentifier(metric)}::field`;
}

function sensorIs(sensorId: string): string {
  return `${quoteIdentifier(SENSOR_TAG)}::tag = ${quoteString(sensorId)}`;
}

/** Lists the databases the user can read (non-admin users on 1.x may list but not create them). */
export function showDatabases(): string {
  return 'SHOW DATABASES';
}

export function createDatabase(database: string): string {
  return `CREATE DATABASE ${quoteIdentifier(database)}`;
}

export function showRetentionPolicies(database: string): string {
  return `SHOW RETENTION POLICIES ON ${quoteIdentifier(database)}`;
}

export function createRetentionPolicy(database: string, name: string, duration: string): string {
  if (!RETENTION_DURATION.test(duration)) {
    throw new RangeError(`retention duration ${JSON.stringify(duration)} is not INF or an InfluxQL duration such as 52w`);
  }
  return `CREATE RETENTION POLICY ${quoteIdentifier(name)} ON ${quoteIdentifier(database)} DURATION ${duration} REPLICATION 1 DEFAULT`;
}

export function showFieldKeys(retentionPolicy: string): string {
  return `SHOW FIELD KEYS FROM ${source(retentionPolicy)}`;
}

/**
 * One `last()` per metric: with several selectors in one SELECT, InfluxDB reports a single time (0), but
 * we need the time of each metric's newest value. The statements travel together in one request.
 */
export function latestStatements(retentionPolicy: string, metrics: readonly string[], sensorIds?: readonly string[]): string {
  const where =
    sensorIds === undefined ? '' : ` WHERE (${sensorIds.map(sensorIs).join(' OR ')})`;
  return metrics
    .map((m) => `SELECT last(${field(m)}) FROM ${source(retentionPolicy)}${where} GROUP BY ${quoteIdentifier(SENSOR_TAG)}`)
    .join('; ');
}

export function rangeStatement(
  retentionPolicy: string,
  sensorId: string,
  metric: string,
  from: number,
  to: number,
  limit: number,
): string {
  return (
    `SELECT ${field(metric)} FROM ${source(retentionPolicy)} WHERE ${sensorIs(sensorId)}` +
    ` AND time >= ${timeBound(from)} AND time < ${timeBound(to)} ORDER BY time ASC LIMIT ${Math.max(1, Math.floor(limit))}`
  );
}

/** Buckets start at epoch multiples of bucketMs, like GROUP BY time() aligns them without an offset. */
export function historyStatement(retentionPolicy: string, query: HistoryQuery, bucketMs: number): string {
  const f = field(query.metric);
  return (
    `SELECT min(${f}), mean(${f}), max(${f}), count(${f}) FROM ${source(retentionPolicy)}` +
    ` WHERE ${sensorIs(query.sensorId)} AND time >= ${timeBound(query.from)} AND time < ${timeBound(query.to)}` +
    ` GROUP BY time(${epochMs(bucketMs)}) fill(none)`
  );
}
