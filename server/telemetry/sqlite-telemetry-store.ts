import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Reading } from '../contracts/telemetry.ts';
import { SkopiaError } from '../errors.ts';
import { isStorableValue, toStoredTs } from './line-protocol.ts';
import { consoleTelemetryLogger, type TelemetryLogger } from './telemetry-logger.ts';
import {
  historyBucketMs,
  type History,
  type HistoryQuery,
  type LatestReading,
  type TelemetryStore,
  type TelemetryStoreHealth,
} from './telemetry-store.ts';
import { WriteBatcher } from './write-batcher.ts';

/**
 * The embedded telemetry store: one SQLite file (WAL), no server to install.
 *
 * `readings` is narrow (one row per sensor, metric and time) with that triple as its primary key, so a
 * redelivered reading replaces itself. `latest` holds the newest value of each sensor and metric, kept
 * in the same transaction, so the live map's snapshot is a small table scan rather than a max() over
 * years of readings.
 */

export interface SqliteTelemetryStoreOptions {
  /** A file path (its directory is created), or ':memory:'. */
  readonly path: string;
  /** Rows written per transaction; default 1000. */
  readonly batchSize?: number;
  /** Longest a row waits in memory before its transaction; default 100 ms. */
  readonly flushIntervalMs?: number;
  /** Rows held in memory at most; beyond, append() writes synchronously. Default 100 000. */
  readonly maxPending?: number;
  readonly logger?: TelemetryLogger;
}

interface Row {
  readonly sensorId: string;
  readonly metric: string;
  readonly ts: number;
  readonly value: number;
}

type LatestRow = { sensor_id: string; metric: string; ts: number; value: number };

/** Statements prepared once at open(); every query is a primary-key range scan. */
function prepare(db: Database.Database) {
  const insertReading = db.prepare('INSERT OR REPLACE INTO readings (sensor_id, metric, ts, value) VALUES (?, ?, ?, ?)');
  // ">=": a redelivery with the same time replaces the value, as it does in `readings`.
  const upsertLatest = db.prepare(
    `INSERT INTO latest (sensor_id, metric, ts, value) VALUES (?, ?, ?, ?)
     ON CONFLICT (sensor_id, metric) DO UPDATE SET ts = excluded.ts, value = excluded.value
     WHERE excluded.ts >= latest.ts`,
  );
  return {
    writeRows: db.transaction((rows: readonly Row[]) => {
      for (const r of rows) insertReading.run(r.sensorId, r.metric, r.ts, r.value);
      for (const r of newestPerMetric(rows)) upsertLatest.run(r.sensorId, r.metric, r.ts, r.value);
    }),
    latestAll: db.prepare<[], LatestRow>('SELECT sensor_id, metric, ts, value FROM latest ORDER BY sensor_id, metric'),
    latestOf: db.prepare<[string], LatestRow>(
      'SELECT sensor_id, metric, ts, value FROM latest WHERE sensor_id IN (SELECT value FROM json_each(?)) ORDER BY sensor_id, metric',
    ),
    range: db.prepare<[string, string, number, number, number], { ts: number; value: number }>(
      'SELECT ts, value FROM readings WHERE sensor_id = ? AND metric = ? AND ts >= ? AND ts < ? ORDER BY ts LIMIT ?',
    ),
    // The width is bound as a BigInt: better-sqlite3 binds numbers as REAL, which would not divide as integers.
    history: db.prepare<[bigint, bigint, string, string, number, number], History['buckets'][number]>(
      `SELECT (ts / ?) * ? AS t, min(value) AS min, avg(value) AS mean, max(value) AS max, count(*) AS count
       FROM readings WHERE sensor_id = ? AND metric = ? AND ts >= ? AND ts < ?
       GROUP BY t ORDER BY t`,
    ),
  };
}

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS readings (
  sensor_id TEXT NOT NULL,
  metric TEXT NOT NULL,
  ts INTEGER NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (sensor_id, metric, ts)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS latest (
  sensor_id TEXT NOT NULL,
  metric TEXT NOT NULL,
  ts INTEGER NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (sensor_id, metric)
) WITHOUT ROWID;
`;

export class SqliteTelemetryStore implements TelemetryStore {
  readonly adapter = 'sqlite';
  readonly #options: SqliteTelemetryStoreOptions;
  readonly #logger: TelemetryLogger;
  readonly #batcher: WriteBatcher<Row>;
  #db: Database.Database | null = null;
  #statements: ReturnType<typeof prepare> | null = null;
  #lastError: string | null = null;

  constructor(options: SqliteTelemetryStoreOptions) {
    this.#options = options;
    this.#logger = options.logger ?? consoleTelemetryLogger;
    this.#batcher = new WriteBatcher<Row>({
      // Small transactions keep each synchronous write short: the event loop also serves alerts and dashboards.
      batchSize: options.batchSize ?? 1000,
      flushIntervalMs: options.flushIntervalMs ?? 100,
      maxPending: options.maxPending ?? 100_000,
      write: (rows) => this.#write(rows),
      overflow: (rows) => this.#writeSync(rows),
      onError: (error, dropped) => {
        this.#lastError = error instanceof Error ? error.message : String(error);
        this.#logger.error({ err: error, dropped, path: this.#options.path }, 'writing telemetry to SQLite failed');
      },
    });
  }

  async open(): Promise<void> {
    if (this.#db !== null) return;
    const { path } = this.#options;
    if (path !== ':memory:' && path !== '') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    try {
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > SCHEMA_VERSION) {
        throw new SkopiaError(
          'telemetry_schema_newer',
          `The telemetry database ${path} was written by a newer Skopia (schema ${version}): upgrade Skopia, or point it at another file.`,
        );
      }
      db.pragma('journal_mode = WAL');
      // NORMAL: a commit survives a crash of the process, and a power cut loses at most the commits since
      // the last checkpoint. FULL fsyncs every commit, which blocked the event loop for 60-100 ms per
      // batch under load and pushed alert latency past its target; the embedded store is for small
      // deployments and the demo, InfluxDB is the production store.
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      // Every sensor and metric appends to its own B-tree page; 32 MiB keeps those hot pages cached
      // (the 2 MiB default cost a third more CPU per row in bench/ingest-store.ts with 1500 series).
      db.pragma('cache_size = -32768');
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    } catch (error) {
      db.close();
      throw error;
    }
    this.#statements = prepare(db);
    this.#db = db;
  }

  append(readings: readonly Reading[]): void {
    if (this.#db === null) throw notOpen();
    const rows: Row[] = [];
    for (const reading of readings) {
      const ts = toStoredTs(reading.ts);
      for (const [metric, value] of Object.entries(reading.metrics)) {
        // NaN and ±Infinity cannot be stored (nor in InfluxDB); the decoders should not produce them.
        if (isStorableValue(value)) rows.push({ sensorId: reading.sensorId, metric, ts, value });
      }
    }
    this.#batcher.push(rows);
  }

  written(): Promise<void> {
    return this.#batcher.written();
  }

  flush(): Promise<void> {
    return this.#batcher.flush();
  }

  async latest(sensorIds?: readonly string[]): Promise<LatestReading[]> {
    const statements = this.#open();
    if (sensorIds !== undefined && sensorIds.length === 0) return [];
    const rows =
      sensorIds === undefined ? statements.latestAll.all() : statements.latestOf.all(JSON.stringify(sensorIds));
    const bySensor = new Map<string, Record<string, { value: number; ts: number }>>();
    for (const row of rows) {
      let metrics = bySensor.get(row.sensor_id);
      if (metrics === undefined) bySensor.set(row.sensor_id, (metrics = {}));
      metrics[row.metric] = { value: row.value, ts: row.ts };
    }
    return [...bySensor].map(([sensorId, metrics]) => ({ sensorId, metrics }));
  }

  async range(sensorId: string, metric: string, from: number, to: number, limit: number): Promise<{ ts: number; value: number }[]> {
    const statements = this.#open();
    if (limit < 1) return [];
    return statements.range.all(sensorId, metric, from, to, Math.floor(limit));
  }

  async history(query: HistoryQuery): Promise<History> {
    const statements = this.#open();
    const bucketMs = historyBucketMs(query.from, query.to, query.maxPoints);
    const width = BigInt(bucketMs);
    const buckets = statements.history.all(width, width, query.sensorId, query.metric, query.from, query.to);
    return { sensorId: query.sensorId, metric: query.metric, bucketMs, buckets };
  }

  get pending(): number {
    return this.#batcher.pending;
  }

  health(): TelemetryStoreHealth {
    const base = { adapter: this.adapter, pending: this.#batcher.pending, overflowed: this.#batcher.overflowed };
    if (this.#db === null) return { ...base, ok: false, detail: 'not open' };
    if (this.#lastError !== null) return { ...base, ok: false, detail: `last write failed: ${this.#lastError}` };
    return { ...base, ok: true };
  }

  async close(): Promise<void> {
    if (this.#db === null) return;
    try {
      await this.#batcher.close();
    } finally {
      this.#db.close();
      this.#db = null;
      this.#statements = null;
    }
  }

  async #write(rows: readonly Row[]): Promise<void> {
    this.#writeSync(rows);
  }

  #writeSync(rows: readonly Row[]): void {
    this.#open().writeRows(rows);
    this.#lastError = null;
  }

  #open(): ReturnType<typeof prepare> {
    if (this.#statements === null) throw notOpen();
    return this.#statements;
  }
}

/** The newest row of each sensor and metric in a batch (the later one on a tie, as INSERT OR REPLACE does). */
function newestPerMetric(rows: readonly Row[]): Iterable<Row> {
  const newest = new Map<string, Row>();
  for (const row of rows) {
    const key = `${row.sensorId}\u0000${row.metric}`;
    const seen = newest.get(key);
    if (seen === undefined || row.ts >= seen.ts) newest.set(key, row);
  }
  return newest.values();
}

function notOpen(): SkopiaError {
  return new SkopiaError('telemetry_store_not_open', 'The telemetry store is not open: call open() before using it.');
}
