import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

export const MOSQUITTO_BIN = '/usr/sbin/mosquitto';

export interface MosquittoOptions {
  /** Extra lines for mosquitto.conf (password_file, acl_file, ...). */
  readonly extraConfig?: readonly string[];
  /** Keep messages for persistent sessions on disk across restarts. */
  readonly persistence?: boolean;
}

export interface RunningMosquitto {
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  /** The broker's process id while it runs (for CPU figures in benchmarks). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
  /** Stops and starts again on the same port and directory (a broker restart). */
  restart(): Promise<void>;
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`mosquitto did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A real Mosquitto on a free loopback port with its own temporary config; never the system one. */
export async function startMosquitto(opts: MosquittoOptions = {}): Promise<RunningMosquitto> {
  const dir = mkdtempSync(join(tmpdir(), 'skopia-mosquitto-'));
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  const lines = [
    `listener ${port} 127.0.0.1`,
    // Without it a small message can wait up to 40 ms behind Nagle's algorithm and delayed ACKs.
    'set_tcp_nodelay true',
    'allow_anonymous true',
    // The default of 1000 drops QoS 1 bursts for a persistent session that is catching up.
    'max_queued_messages 1000000',
    'max_inflight_messages 1000',
    `persistence ${opts.persistence ? 'true' : 'false'}`,
    `persistence_location ${dir}/`,
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    // Started as root, Mosquitto drops to the "mosquitto" user, which cannot read our 0600 temp files.
    ...(process.getuid?.() === 0 ? ['user root'] : []),
    ...(opts.extraConfig ?? []),
  ];
  writeFileSync(conf, lines.join('\n') + '\n');
  let child: ChildProcess | null = null;
  let stderr = '';
  const launch = async (): Promise<void> => {
    const proc = spawn(MOSQUITTO_BIN, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child = proc;
    const exited = new Promise<never>((_, reject) =>
      proc.once('exit', (code) => reject(new Error(`mosquitto exited with code ${code}: ${stderr}`))),
    );
    await Promise.race([waitForPort(port, 10_000), exited]);
  };
  const halt = async (): Promise<void> => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  };
  await launch();
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    dir,
    get pid() {
      return child?.pid;
    },
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await halt();
      await launch();
    },
  };
}
