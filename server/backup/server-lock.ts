/**
 * DATA_DIR/server.pid: which process serves this data directory. The server writes it when it has
 * started and removes it when it stops; `npm run restore` refuses to touch a data directory a server
 * is using (together with a look at the HTTP port, for a server whose file went missing).
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';

export const SERVER_LOCK_FILE = 'server.pid';

export interface ServerLock {
  readonly pid: number;
  readonly hostname: string;
  readonly httpPort: number;
  readonly startedAt: string;
}

export function writeServerLock(dataDir: string, httpPort: number, at: number): void {
  const lock: ServerLock = { pid: process.pid, hostname: hostname(), httpPort, startedAt: new Date(at).toISOString() };
  const path = join(dataDir, SERVER_LOCK_FILE);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(lock)}\n`);
  renameSync(`${path}.tmp`, path);
}

export function readServerLock(dataDir: string): ServerLock | null {
  let text: string;
  try {
    text = readFileSync(join(dataDir, SERVER_LOCK_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null) return null;
    const o = v as Record<string, unknown>;
    if (typeof o.pid !== 'number' || typeof o.hostname !== 'string') return null;
    return { pid: o.pid, hostname: o.hostname, httpPort: typeof o.httpPort === 'number' ? o.httpPort : 0, startedAt: typeof o.startedAt === 'string' ? o.startedAt : '' };
  } catch {
    return null;
  }
}

/** Removes the lock if it is this process's own (a second server on the same directory keeps its own). */
export function removeServerLock(dataDir: string): void {
  const lock = readServerLock(dataDir);
  if (lock !== null && lock.pid === process.pid && lock.hostname === hostname()) rmSync(join(dataDir, SERVER_LOCK_FILE), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function portAnswers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Why a server seems to be using `dataDir`, or null when none does. A lock file from another machine
 * (a container that was replaced) cannot be checked, so it counts as in use until someone removes it.
 */
export async function serverUsing(dataDir: string, http: { readonly host: string; readonly port: number }): Promise<string | null> {
  const lock = readServerLock(dataDir);
  const file = join(dataDir, SERVER_LOCK_FILE);
  if (lock !== null) {
    if (lock.hostname !== hostname()) {
      return `${file} says a Skopia server (process ${lock.pid} on host ${lock.hostname}) has used this data directory since ${lock.startedAt}. Stop it; if it is already stopped (a crash, or a replaced container), delete ${file} and try again.`;
    }
    if (isAlive(lock.pid)) return `a Skopia server (process ${lock.pid}, started ${lock.startedAt}) is using ${dataDir}. Stop it first (systemctl stop skopia, or docker compose stop skopia).`;
  }
  const host = http.host === '0.0.0.0' || http.host === '::' ? '127.0.0.1' : http.host;
  if (await portAnswers(host, http.port)) {
    return `something answers on ${host}:${http.port} (HTTP_PORT), probably the Skopia server. Stop it first (systemctl stop skopia, or docker compose stop skopia).`;
  }
  return null;
}
