import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from './free-port.ts';

/**
 * A real InfluxDB 1.x (Debian's `influxdb` package) on loopback, with its own config and data under a
 * temporary directory. It can be stopped and started again on the same data and port, to play an outage.
 */

export interface InfluxdOptions {
  /** Turns on `[http] auth-enabled`; the caller creates the first admin user (1.x allows that once without credentials). */
  readonly authEnabled?: boolean;
}

const OUTPUT_TAIL_CHARS = 8_000;
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

/** Path of the influxd binary: $INFLUXD_BIN, then $PATH, then Debian's location; null when none is there. */
export function findInfluxd(): string | null {
  const candidates = [
    process.env.INFLUXD_BIN,
    ...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'influxd')),
    '/usr/bin/influxd',
  ];
  for (const candidate of candidates) {
    if (candidate === undefined || candidate === '') continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next place
    }
  }
  return null;
}

/**
 * The binary, or null after a loud warning so the suite can skip. In CI a missing binary throws instead:
 * `.ci/run` installs it, so its absence there is a broken pipeline, not a reason to go green.
 */
export function influxdOrSkip(suite: string): string | null {
  const binary = findInfluxd();
  if (binary !== null) return binary;
  const message =
    `influxd not found: the InfluxDB tests of "${suite}" cannot run. ` +
    'Install it with `apt-get install influxdb` (or set INFLUXD_BIN to the binary).';
  if (process.env.CI) throw new Error(`${message} CI must not skip them.`);
  console.warn(`\n!!!!! SKIPPED: ${message}\n`);
  return null;
}

export class Influxd {
  readonly binary: string;
  readonly dir: string;
  readonly options: InfluxdOptions;
  #httpPort = 0;
  #rpcPort = 0;
  #child: ChildProcess | null = null;
  #exited: Promise<void> = Promise.resolve();
  #output = '';

  private constructor(binary: string, dir: string, options: InfluxdOptions) {
    this.binary = binary;
    this.dir = dir;
    this.options = options;
  }

  /** Creates the temporary directory and starts influxd on free loopback ports. */
  static async start(binary: string, options: InfluxdOptions = {}): Promise<Influxd> {
    const dir = await mkdtemp(join(tmpdir(), 'skopia-influxd-'));
    const influxd = new Influxd(binary, dir, options);
    try {
      await influxd.#startOnFreshPorts();
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    return influxd;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#httpPort}`;
  }

  /** The process id while it runs (for CPU figures in benchmarks). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get running(): boolean {
    return this.#child !== null;
  }

  /** Starts it again on the same data directory and port (after stop()). */
  async start(): Promise<void> {
    if (this.#child !== null) return;
    await this.#launch();
  }

  /** SIGTERM, then waits for the process to exit (SIGKILL if it hangs). */
  async stop(): Promise<void> {
    const child = this.#child;
    if (child === null) return;
    child.kill('SIGTERM');
    const killTimer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.#exited;
    clearTimeout(killTimer);
  }

  /** Stops it and deletes its directory. */
  async dispose(): Promise<void> {
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Ports are only reserved until we release them: on a bind race, try again with new ones. */
  async #startOnFreshPorts(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      this.#httpPort = await freePort();
      this.#rpcPort = await freePort();
      try {
        await this.#launch();
        return;
      } catch (error) {
        if (attempt >= 3 || !this.#output.includes('address already in use')) throw error;
      }
    }
  }

  async #launch(): Promise<void> {
    const configPath = join(this.dir, 'influxdb.conf');
    await writeFile(configPath, this.#config());
    this.#output = '';
    const child = spawn(this.binary, ['run', '-config', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => {
      this.#output = (this.#output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    this.#child = child;
    let exitCode: number | null | undefined;
    this.#exited = new Promise((resolve) => {
      child.once('exit', (code) => {
        exitCode = code;
        this.#child = null;
        resolve();
      });
      child.once('error', () => {
        exitCode = -1;
        this.#child = null;
        resolve();
      });
    });

    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (exitCode !== undefined) {
        throw new Error(`influxd exited with code ${String(exitCode)} while starting:\n${this.#output}`);
      }
      if (await this.#pingOnce()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await this.stop();
    throw new Error(`influxd did not answer /ping on ${this.url} within ${START_TIMEOUT_MS} ms:\n${this.#output}`);
  }

  async #pingOnce(): Promise<boolean> {
    try {
      const response = await fetch(`${this.url}/ping`, { signal: AbortSignal.timeout(1_000) });
      await response.body?.cancel();
      return response.status === 204;
    } catch {
      return false;
    }
  }

  /** Only the HTTP API, on loopback; every other listener and background chore off, logging quiet. */
  #config(): string {
    const dir = this.dir;
    return `reporting-disabled = true
bind-address = "127.0.0.1:${this.#rpcPort}"

[meta]
  dir = "${join(dir, 'meta')}"
  logging-enabled = false

[data]
  dir = "${join(dir, 'data')}"
  wal-dir = "${join(dir, 'wal')}"
  wal-fsync-delay = "0s"
  index-version = "inmem"
  query-log-enabled = false
  trace-logging-enabled = false

[coordinator]
  log-queries-after = "0s"

[retention]
  enabled = false

[shard-precreation]
  enabled = false

[monitor]
  store-enabled = false

[subscriber]
  enabled = false

[http]
  enabled = true
  bind-address = "127.0.0.1:${this.#httpPort}"
  auth-enabled = ${this.options.authEnabled === true ? 'true' : 'false'}
  log-enabled = false
  suppress-write-log = true
  pprof-enabled = false
  max-row-limit = 0
  unix-socket-enabled = false

[logging]
  level = "error"
  suppress-logo = true

[continuous_queries]
  enabled = false
  log-enabled = false
`;
  }
}
