import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfluxTelemetryStore, type InfluxTelemetryStoreOptions } from '../../server/telemetry/influx-telemetry-store.ts';
import { SqliteTelemetryStore } from '../../server/telemetry/sqlite-telemetry-store.ts';
import type { TelemetryLogger } from '../../server/telemetry/telemetry-logger.ts';
import type { Influxd } from '../helpers/influxd.ts';
import type { TelemetryStoreFixture } from './telemetry-store.contract.ts';

/** Stores over fresh storage for the telemetry tests: a temporary SQLite file, or a fresh InfluxDB database. */

export interface LogEntry {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly details: object;
}

/** Keeps log lines for assertions instead of printing them. */
export function recordingLogger(entries: LogEntry[] = []): TelemetryLogger & { entries: LogEntry[] } {
  return {
    entries,
    info: (details, message) => entries.push({ level: 'info', message, details }),
    warn: (details, message) => entries.push({ level: 'warn', message, details }),
    error: (details, message) => entries.push({ level: 'error', message, details }),
  };
}

export async function sqliteFixture(): Promise<TelemetryStoreFixture & { path: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'skopia-telemetry-sqlite-'));
  const path = join(dir, 'telemetry.db');
  return {
    path,
    create: () => new SqliteTelemetryStore({ path, flushIntervalMs: 10, logger: recordingLogger() }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

let databases = 0;

export interface InfluxFixture extends TelemetryStoreFixture {
  readonly database: string;
  readonly spoolDir: string;
  create(overrides?: Partial<InfluxTelemetryStoreOptions>): InfluxTelemetryStore;
}

/** A database of its own on a shared influxd, and a spool directory of its own. */
export async function influxFixture(server: Influxd): Promise<InfluxFixture> {
  databases += 1;
  const database = `skopia_test_${process.pid}_${databases}`;
  const spoolDir = await mkdtemp(join(tmpdir(), 'skopia-telemetry-spool-'));
  return {
    database,
    spoolDir,
    create: (overrides = {}) =>
      new InfluxTelemetryStore({
        url: server.url,
        database,
        spoolDir,
        flushIntervalMs: 10,
        probeIntervalMs: 50,
        probeMaxIntervalMs: 500,
        requestTimeoutMs: 5_000,
        logger: recordingLogger(),
        ...overrides,
      }),
    cleanup: async () => {
      if (server.running) await influxQuery(server, `DROP DATABASE "${database}"`);
      await rm(spoolDir, { recursive: true, force: true });
    },
  };
}

/** Raw InfluxQL, for checking what the store did behind its own API. */
export async function influxQuery(server: Influxd, q: string, database?: string): Promise<unknown> {
  const body = new URLSearchParams({ q, epoch: 'ms' });
  if (database !== undefined) body.set('db', database);
  const response = await fetch(`${server.url}/query`, { method: 'POST', body });
  return response.json();
}

/** Raw line protocol, for planting data the store would never write (an integer field, say). */
export async function influxWrite(server: Influxd, database: string, lines: string, rp = 'skopia_rp'): Promise<number> {
  const params = new URLSearchParams({ db: database, rp, precision: 'ms' });
  const response = await fetch(`${server.url}/write?${params.toString()}`, { method: 'POST', body: lines });
  await response.body?.cancel();
  return response.status;
}
