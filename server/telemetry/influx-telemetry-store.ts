import type { Reading } from '../contracts/telemetry.ts';
import { SkopiaError } from '../errors.ts';
import {
  createDatabase,
  createRetentionPolicy,
  historyStatement,
  latestStatements,
  rangeStatement,
  RETENTION_DURATION,
  showFieldKeys,
  showDatabases,
  showRetentionPolicies,
} from './influxql.ts';
import { InfluxError, InfluxHttp, type InfluxStatementResult } from './influx-http.ts';
import { encodeReading, SENSOR_TAG } from './line-protocol.ts';
import { Spool } from './spool.ts';
import { consoleTelemetryLogger, type TelemetryLogger } from './telemetry-logger.ts';
import {
  historyBucketMs,
  type History,
  type HistoryBucket,
  type LatestReading,
  type HistoryQuery,
  type TelemetryStore,
  type TelemetryStoreHealth,
} from './telemetry-store.ts';
import { WriteBatcher } from './write-batcher.ts';

/**
 * The production telemetry store: InfluxDB through its v1 HTTP API (1.x natively, 2.x/3.x through their
 * v1 compatibility endpoints). Measurement `telemetry`, tag `sensor`, one float field per metric, ms time.
 *
 * Writes never wait on InfluxDB: lines are batched in bounded memory, and while InfluxDB is unreachable
 * (refused, timeout, 5xx, 401) batches go to a disk spool that is replayed in order once /ping answers
 * again, and at open() after a restart. A batch InfluxDB refuses as bad data (other 4xx) goes to the
 * dead-letter directory with the reason, so one bad point cannot block the readings behind it.
 */

export interface InfluxTelemetryStoreOptions {
  /** e.g. http://127.0.0.1:8086 */
  readonly url: string;
  /** Default `skopia`. */
  readonly database?: string;
  /** Written to and read from explicitly; created as the database's default. Default `skopia_rp`. */
  readonly retentionPolicy?: string;
  /** `INF` (default) or an InfluxQL duration such as `52w`; used only when the policy is created. */
  readonly retentionDuration?: string;
  /** InfluxDB 1.x credentials, sent as HTTP basic auth. */
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** InfluxDB 2.x/3.x token (`Authorization: Token ...`); exclusive with username/password. */
  readonly token?: string | undefined;
  /** Creates the database and retention policy when missing (default true). On 2.x/3.x, where the v1 API
   *  cannot, set false and create the bucket and its DBRP mapping with the influx CLI. */
  readonly manageSchema?: boolean;
  /** Points (one per reading) per write request; default 5000. */
  readonly batchSize?: number;
  /** The most lines one write takes when InfluxDB fell behind; default 20,000. */
  readonly maxBatchSize?: number;
  /** Longest a point waits in memory before its write; default 100 ms. */
  readonly flushIntervalMs?: number;
  /** Points held in memory at most; beyond, append() spools them to disk. Default 50 000. */
  readonly maxPending?: number;
  /** Where batches wait while InfluxDB is down; one store per directory. */
  readonly spoolDir: string;
  /** Per HTTP request; default 10 000 ms. */
  readonly requestTimeoutMs?: number;
  /** First wait between /ping probes during an outage, doubled up to probeMaxIntervalMs. Defaults 250 ms and 30 s. */
  readonly probeIntervalMs?: number;
  readonly probeMaxIntervalMs?: number;
  readonly logger?: TelemetryLogger;
}

/** The port's health, with the spool's state, which is what an operator needs during an outage. */
export interface InfluxTelemetryStoreHealth extends TelemetryStoreHealth {
  readonly spooledBatches: number;
  readonly spooledPoints: number;
  readonly deadLetteredBatches: number;
}

/** Sensor filters longer than this are applied after the query rather than sent as a long OR chain. */
const MAX_SENSORS_IN_QUERY = 100;
/** `last()` statements sent per request by latest(). */
const LATEST_STATEMENTS_PER_REQUEST = 50;
/** Dropped-metric warnings are summarised at most this often, so a broken gateway cannot flood the log. */
const DROP_WARNING_INTERVAL_MS = 60_000;

export class InfluxTelemetryStore implements TelemetryStore {
  readonly adapter = 'influx';
  readonly #http: InfluxHttp;
  readonly #spool: Spool;
  readonly #batcher: WriteBatcher<string>;
  readonly #logger: TelemetryLogger;
  readonly #database: string;
  readonly #retentionPolicy: string;
  readonly #retentionDuration: string;
  readonly #manageSchema: boolean;
  readonly #probeIntervalMs: number;
  readonly #probeMaxIntervalMs: number;
  /** Every InfluxDB write and every spool replay runs on this chain, one at a time, so order is kept. */
  #io: Promise<void> = Promise.resolve();
  #outage: { readonly since: number; reason: string } | null = null;
  #probeTimer: NodeJS.Timeout | null = null;
  #probeDelayMs: number;
  #state: 'new' | 'open' | 'closed' = 'new';
  #lastError: string | null = null;
  #droppedSinceWarning = 0;
  #lastDropWarning = 0;

  constructor(options: InfluxTelemetryStoreOptions) {
    this.#database = options.database ?? 'skopia';
    this.#retentionPolicy = options.retentionPolicy ?? 'skopia_rp';
    this.#retentionDuration = options.retentionDuration ?? 'INF';
    if (!RETENTION_DURATION.test(this.#retentionDuration)) {
      throw new SkopiaError(
        'influx_retention_invalid',
        `InfluxDB retention duration ${JSON.stringify(this.#retentionDuration)} is not valid: use INF or a duration such as 52w, 400d or 720h.`,
      );
    }
    this.#manageSchema = options.manageSchema ?? true;
    this.#probeIntervalMs = options.probeIntervalMs ?? 250;
    this.#probeMaxIntervalMs = options.probeMaxIntervalMs ?? 30_000;
    this.#probeDelayMs = this.#probeIntervalMs;
    this.#logger = options.logger ?? consoleTelemetryLogger;
    this.#http = new InfluxHttp({
      url: options.url,
      username: options.username,
      password: options.password,
      token: options.token,
      timeoutMs: options.requestTimeoutMs ?? 10_000,
    });
    this.#spool = new Spool(options.spoolDir);
    const batchSize = options.batchSize ?? 5000;
    const maxPending = options.maxPending ?? 50_000;
    this.#batcher = new WriteBatcher<string>({
      batchSize,
      // InfluxDB takes large writes well; a backlog goes in a few of them rather than many small ones.
      maxBatchSize: options.maxBatchSize ?? Math.max(batchSize, Math.min(20_000, maxPending)),
      flushIntervalMs: options.flushIntervalMs ?? 100,
      maxPending,
      write: (lines) => this.#writeBatch(lines),
      overflow: (lines) => this.#overflow(lines),
      onError: (error, dropped) => {
        this.#lastError = error instanceof Error ? error.message : String(error);
        this.#logger.error({ err: error, dropped, spoolDir: this.#spool.dir }, 'telemetry could neither be written to InfluxDB nor spooled to disk');
      },
    });
  }

  /**
   * Takes the spool, creates the database and retention policy, and replays what a previous run spooled.
   * An unreachable InfluxDB does not fail open(): the store starts in outage mode and spools. Refused
   * credentials do, because retrying cannot fix them.
   */
  async open(): Promise<void> {
    if (this.#state !== 'new') throw new SkopiaError('telemetry_store_reopened', 'This telemetry store was already opened: create a new one.');
    await this.#spool.open();
    try {
      await this.#prepareInflux();
    } catch (error) {
      if (!(error instanceof InfluxError && error.retryable && error.code !== 'influx_auth_failed')) {
        this.#spool.close();
        throw error;
      }
      this.#startOutage(error);
    }
    this.#state = 'open';
    if (this.#spool.depth > 0) {
      this.#logger.info({ batches: this.#spool.depth, points: this.#spool.points }, 'replaying the telemetry spool left by a previous run');
    }
    if (this.#outage === null) await this.#serial(() => this.#replay());
  }

  append(readings: readonly Reading[]): void {
    if (this.#state !== 'open') throw notOpen(this.#state);
    const lines: string[] = [];
    for (const reading of readings) {
      try {
        const encoded = encodeReading(reading);
        if (encoded.line !== null) lines.push(encoded.line);
        if (encoded.dropped.length > 0) this.#warnDropped(reading.sensorId, encoded.dropped);
      } catch (error) {
        this.#warnDropped(reading.sensorId, [{ metric: '*', reason: error instanceof Error ? error.message : String(error) }]);
      }
    }
    this.#batcher.push(lines);
  }

  /** Resolves once every reading appended before is in InfluxDB or in the fsync'd spool. */
  async written(): Promise<void> {
    await this.#batcher.written();
    await this.#io;
  }

  async flush(): Promise<void> {
    await this.#batcher.flush();
    await this.#io;
  }

  async latest(sensorIds?: readonly string[]): Promise<LatestReading[]> {
    if (sensorIds !== undefined && sensorIds.length === 0) return [];
    const [fieldKeys] = await this.#http.query(showFieldKeys(this.#retentionPolicy), this.#database);
    const metrics = (fieldKeys?.series?.[0]?.values ?? [])
      .filter((row) => row[1] === 'float' || row[1] === 'integer')
      .map((row) => String(row[0]));
    const wanted = sensorIds === undefined ? undefined : new Set(sensorIds);
    const filter = sensorIds !== undefined && sensorIds.length <= MAX_SENSORS_IN_QUERY ? sensorIds : undefined;
    const bySensor = new Map<string, Record<string, { value: number; ts: number }>>();
    for (let i = 0; i < metrics.length; i += LATEST_STATEMENTS_PER_REQUEST) {
      const chunk = metrics.slice(i, i + LATEST_STATEMENTS_PER_REQUEST);
      const results = await this.#http.query(latestStatements(this.#retentionPolicy, chunk, filter), this.#database);
      chunk.forEach((metric, j) => {
        for (const series of results[j]?.series ?? []) {
          const sensorId = series.tags?.[SENSOR_TAG];
          const [ts, value] = series.values?.[0] ?? [];
          if (sensorId === undefined || typeof ts !== 'number' || typeof value !== 'number') continue;
          if (wanted !== undefined && !wanted.has(sensorId)) continue;
          let row = bySensor.get(sensorId);
          if (row === undefined) bySensor.set(sensorId, (row = {}));
          row[metric] = { value, ts };
        }
      });
    }
    return [...bySensor].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([sensorId, metrics]) => ({ sensorId, metrics }));
  }

  async range(sensorId: string, metric: string, from: number, to: number, limit: number): Promise<{ ts: number; value: number }[]> {
    const points: { ts: number; value: number }[] = [];
    let cursor = from;
    // A server with max-row-limit set cuts answers short and marks them partial: page on from the last time.
    while (points.length < limit && cursor < to) {
      const [result] = await this.#http.query(
        rangeStatement(this.#retentionPolicy, sensorId, metric, cursor, to, limit - points.length),
        this.#database,
      );
      const series = result?.series?.[0];
      const rows = numericRows(series?.values);
      for (const [ts, value] of rows) points.push({ ts, value });
      const last = rows.at(-1);
      if (last === undefined || !(result?.partial === true || series?.partial === true)) break;
      cursor = last[0] + 1;
    }
    return points;
  }

  async history(query: HistoryQuery): Promise<History> {
    const bucketMs = historyBucketMs(query.from, query.to, query.maxPoints);
    const empty = { sensorId: query.sensorId, metric: query.metric, bucketMs, buckets: [] };
    if (!(query.to > query.from)) return empty;
    const [result] = await this.#http.query(historyStatement(this.#retentionPolicy, query, bucketMs), this.#database);
    return { ...empty, buckets: toBuckets(result) };
  }

  get pending(): number {
    return this.#batcher.pending;
  }

  health(): InfluxTelemetryStoreHealth {
    const spooledBatches = this.#spool.depth;
    const spooledPoints = this.#spool.points;
    const deadLetteredBatches = this.#spool.deadLettered;
    const base = { adapter: this.adapter, pending: this.#batcher.pending, overflowed: this.#batcher.overflowed, spooledBatches, spooledPoints, deadLetteredBatches };
    const notes: string[] = [];
    if (this.#state !== 'open') notes.push(this.#state === 'new' ? 'not open' : 'closed');
    if (this.#outage !== null) {
      notes.push(
        `InfluxDB at ${this.#http.url} unavailable since ${new Date(this.#outage.since).toISOString()} (${this.#outage.reason}); ` +
          `${spooledBatches} batches (${spooledPoints} points) spooled in ${this.#spool.dir}, retrying`,
      );
    } else if (spooledBatches > 0) {
      notes.push(`replaying ${spooledBatches} spooled batches (${spooledPoints} points)`);
    }
    if (this.#lastError !== null) notes.push(`last write failed: ${this.#lastError}`);
    if (deadLetteredBatches > 0) notes.push(`${deadLetteredBatches} batches refused by InfluxDB are in ${this.#spool.dir}/dead-letter`);
    const ok = this.#state === 'open' && this.#outage === null && this.#lastError === null;
    return notes.length === 0 ? { ...base, ok } : { ...base, ok, detail: notes.join('; ') };
  }

  /** Flushes to InfluxDB, or to the spool during an outage, then stops probing and releases the spool. */
  async close(): Promise<void> {
    if (this.#state !== 'open') return;
    try {
      await this.#batcher.close();
      await this.#io;
    } finally {
      this.#state = 'closed';
      if (this.#probeTimer !== null) clearTimeout(this.#probeTimer);
      this.#probeTimer = null;
      this.#spool.close();
    }
  }

  async #prepareInflux(): Promise<void> {
    await this.#http.ping();
    if (!this.#manageSchema) return;
    // CREATE DATABASE needs an admin on InfluxDB 1.x: ask first, so a non-admin account works once the
    // database exists.
    const [databases] = await this.#http.query(showDatabases());
    if (databases?.series?.[0]?.values?.some((row) => row[0] === this.#database) !== true) {
      await this.#http.query(createDatabase(this.#database));
    }
    const [policies] = await this.#http.query(showRetentionPolicies(this.#database));
    const existing = policies?.series?.[0]?.values?.find((row) => row[0] === this.#retentionPolicy);
    if (existing === undefined) {
      await this.#http.query(createRetentionPolicy(this.#database, this.#retentionPolicy, this.#retentionDuration));
      this.#logger.info({ database: this.#database, retentionPolicy: this.#retentionPolicy, duration: this.#retentionDuration }, 'created the InfluxDB retention policy');
    }
  }

  /** The batcher's sink. The sequence is taken before any await, so spool order is append order. */
  #writeBatch(lines: string[]): Promise<void> {
    const seq = this.#spool.takeSeq();
    const body = lines.join('\n');
    return this.#serial(async () => {
      // Older batches are on disk: this one queues behind them rather than overtaking them.
      if (this.#outage !== null || this.#spool.depth > 0) {
        await this.#spool.write(seq, body, lines.length);
        if (this.#outage === null) await this.#replay();
        return;
      }
      try {
        await this.#http.write(this.#database, this.#retentionPolicy, body);
      } catch (error) {
        if (isRetryable(error)) {
          await this.#spool.write(seq, body, lines.length);
          this.#startOutage(error);
        } else {
          const file = await this.#spool.deadLetterBatch(seq, body, reasonOf(error));
          this.#logger.error({ err: error, file, points: lines.length }, 'InfluxDB refused a batch of telemetry; it was moved to the dead-letter directory');
        }
      }
    });
  }

  /** More than maxPending points wait: InfluxDB is slower than the sensors, so the surplus goes to disk now. */
  #overflow(lines: string[]): void {
    this.#spool.writeSync(this.#spool.takeSeq(), lines.join('\n'), lines.length);
    if (this.#outage === null) {
      this.#serial(() => this.#replay()).catch((error: unknown) => this.#logger.error({ err: error }, 'replaying the telemetry spool failed'));
    }
  }

  /** Sends spooled batches oldest first until the spool is empty or InfluxDB fails again. Runs on #io. */
  async #replay(): Promise<void> {
    for (let entry = this.#spool.oldest(); entry !== undefined && this.#outage === null; entry = this.#spool.oldest()) {
      const body = await this.#spool.read(entry);
      try {
        await this.#http.write(this.#database, this.#retentionPolicy, body);
        await this.#spool.remove(entry);
      } catch (error) {
        if (isRetryable(error)) {
          this.#startOutage(error);
        } else {
          const file = await this.#spool.deadLetter(entry, reasonOf(error));
          this.#logger.error({ err: error, file, points: entry.points }, 'InfluxDB refused a spooled batch of telemetry; it was moved to the dead-letter directory');
        }
      }
    }
    if (this.#outage === null) this.#probeDelayMs = this.#probeIntervalMs;
  }

  #startOutage(error: unknown): void {
    const reason = reasonOf(error);
    if (this.#outage !== null) {
      this.#outage.reason = reason;
      return;
    }
    this.#outage = { since: Date.now(), reason };
    this.#logger.warn({ reason, spoolDir: this.#spool.dir }, 'InfluxDB is unavailable: telemetry is spooled to disk until it answers again');
    this.#scheduleProbe();
  }

  #scheduleProbe(): void {
    if (this.#state === 'closed') return;
    this.#probeTimer = setTimeout(() => void this.#probe(), this.#probeDelayMs);
    // The spool is durable, so a pending probe must not keep a finished process alive.
    this.#probeTimer.unref();
    this.#probeDelayMs = Math.min(this.#probeMaxIntervalMs, this.#probeDelayMs * 2);
  }

  async #probe(): Promise<void> {
    this.#probeTimer = null;
    if (this.#state === 'closed' || this.#outage === null) return;
    try {
      await this.#prepareInflux();
    } catch (error) {
      this.#outage.reason = reasonOf(error);
      this.#scheduleProbe();
      return;
    }
    if (this.#isClosed()) return;
    const since = this.#outage.since;
    await this.#serial(async () => {
      this.#outage = null;
      await this.#replay();
    }).catch((error: unknown) => this.#logger.error({ err: error }, 'replaying the telemetry spool failed'));
    if (this.#outage === null) {
      this.#logger.info({ outageMs: Date.now() - since }, 'InfluxDB is back: the telemetry spool was replayed');
    }
  }

  /** A method, not an inline check: the state may change across an await, which TypeScript's narrowing ignores. */
  #isClosed(): boolean {
    return this.#state === 'closed';
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#io.then(task);
    this.#io = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  #warnDropped(sensorId: string, dropped: readonly { metric: string; reason: string }[]): void {
    this.#droppedSinceWarning += dropped.length;
    const now = Date.now();
    if (now - this.#lastDropWarning < DROP_WARNING_INTERVAL_MS) return;
    this.#logger.warn(
      { sensorId, example: dropped[0], droppedSinceLastWarning: this.#droppedSinceWarning },
      'metrics InfluxDB cannot store were left out of the telemetry',
    );
    this.#lastDropWarning = now;
    this.#droppedSinceWarning = 0;
  }
}

function isRetryable(error: unknown): boolean {
  // Anything that is not InfluxDB's verdict on the data (a bug, a broken socket) is treated as an outage: keep the data.
  return !(error instanceof InfluxError) || error.retryable;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function notOpen(state: 'new' | 'closed'): SkopiaError {
  return state === 'new'
    ? new SkopiaError('telemetry_store_not_open', 'The telemetry store is not open: call open() before appending.')
    : new SkopiaError('telemetry_store_closed', 'The telemetry store is closed: readings can no longer be appended.');
}

function numericRows(values: readonly (readonly unknown[])[] | undefined): [number, number][] {
  const rows: [number, number][] = [];
  for (const [ts, value] of values ?? []) {
    if (typeof ts === 'number' && typeof value === 'number') rows.push([ts, value]);
  }
  return rows;
}

function toBuckets(result: InfluxStatementResult | undefined): HistoryBucket[] {
  const buckets: HistoryBucket[] = [];
  for (const [t, min, mean, max, count] of result?.series?.[0]?.values ?? []) {
    if (typeof t === 'number' && typeof min === 'number' && typeof mean === 'number' && typeof max === 'number' && typeof count === 'number') {
      buckets.push({ t, min, mean, max, count });
    }
  }
  return buckets;
}
