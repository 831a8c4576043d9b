import type { Reading } from '../contracts/telemetry.ts';

/** One downsampled bucket: min, mean and max of a metric over [start, start + bucketMs). */
export interface HistoryBucket {
  /** Bucket start, epoch ms, aligned to a multiple of the bucket width since the epoch. */
  readonly t: number;
  readonly min: number;
  readonly mean: number;
  readonly max: number;
  readonly count: number;
}

export interface HistoryQuery {
  readonly sensorId: string;
  readonly metric: string;
  /** Inclusive, epoch ms. */
  readonly from: number;
  /** Exclusive, epoch ms. */
  readonly to: number;
  /** At most this many buckets come back. */
  readonly maxPoints: number;
}

export interface History {
  readonly sensorId: string;
  readonly metric: string;
  readonly bucketMs: number;
  readonly buckets: readonly HistoryBucket[];
}

export interface LatestReading {
  readonly sensorId: string;
  /** Newest value of each metric, with the time it was measured. */
  readonly metrics: Readonly<Record<string, { readonly value: number; readonly ts: number }>>;
}

export interface TelemetryStoreHealth {
  readonly ok: boolean;
  readonly adapter: string;
  /** Readings accepted by append() and not yet durably written. */
  readonly pending: number;
  /**
   * Readings that arrived faster than the store took them and did not fit in the memory buffer, since
   * start: SQLite wrote them at once, InfluxDB spooled them to disk. Nothing is lost, but a number that
   * keeps growing means the store is too slow for the sensors.
   */
  readonly overflowed: number;
  readonly detail?: string;
}

/**
 * The telemetry store port. Writes are fire-and-forget into a bounded buffer the adapter owns
 * (batched by size and interval); `flush()` resolves once everything appended before it is durable.
 * A reading with the same sensor, metric and timestamp as a stored one replaces it, which makes
 * redelivery idempotent.
 */
export interface TelemetryStore {
  readonly adapter: string;
  /** Prepares the store (schema, database, retention policy). */
  open(): Promise<void>;
  append(readings: readonly Reading[]): void;
  /** Readings appended and not yet durable (cheap: ingest's flow control reads it per message). */
  readonly pending: number;
  flush(): Promise<void>;
  /** Resolves once everything appended before it is durable, without hurrying the batching (for measuring). */
  written(): Promise<void>;
  latest(sensorIds?: readonly string[]): Promise<LatestReading[]>;
  /** Raw points of one metric in [from, to), oldest first, at most `limit`. */
  range(sensorId: string, metric: string, from: number, to: number, limit: number): Promise<{ ts: number; value: number }[]>;
  history(query: HistoryQuery): Promise<History>;
  health(): TelemetryStoreHealth;
  /** Flushes, then releases resources. */
  close(): Promise<void>;
}

/** Bucket width for a history query: a whole number of seconds so both stores align buckets alike. */
export function historyBucketMs(from: number, to: number, maxPoints: number): number {
  const span = Math.max(1, to - from);
  // +1 because a range not aligned to the bucket width can touch one more bucket than span/width.
  const raw = Math.ceil(span / Math.max(1, maxPoints - 1));
  return Math.max(1000, Math.ceil(raw / 1000) * 1000);
}
