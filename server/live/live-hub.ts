import type { WebSocket } from 'ws';
import type { FastifyBaseLogger } from 'fastify';
import type { ServerMessage, SensorView } from '../contracts/live.ts';

export interface LiveHubOptions {
  readonly snapshot: () => readonly SensorView[];
  readonly sensorView: (id: string) => SensorView | null;
  readonly log: FastifyBaseLogger;
  readonly now?: () => number;
  /** How often dirty sensors are sent, ms. Coalescing window. */
  readonly flushIntervalMs?: number;
  readonly heartbeatIntervalMs?: number;
  /** A client with more than this many bytes unsent gets nothing new until it drains. */
  readonly maxBufferedBytes?: number;
}

interface LiveClient {
  readonly socket: WebSocket;
  seq: number;
  /** Sensors changed since the last send: a set, so its size is bounded by the sensor count. */
  readonly dirty: Set<string>;
  lastSentAt: number;
}

/**
 * Fans state changes out to dashboards. Each client gets a snapshot, then deltas with `seq` + 1.
 * Changes are coalesced per sensor and sent on a short timer, built from the newest state at send
 * time: a slow client skips intermediate values instead of queueing them.
 */
export class LiveHub {
  readonly #clients = new Set<LiveClient>();
  readonly #opts: Required<Omit<LiveHubOptions, 'now'>> & { now: () => number };
  #flushTimer: NodeJS.Timeout | null = null;
  #heartbeatTimer: NodeJS.Timeout | null = null;

  constructor(opts: LiveHubOptions) {
    this.#opts = {
      flushIntervalMs: 100,
      heartbeatIntervalMs: 5000,
      maxBufferedBytes: 1 << 20,
      now: Date.now,
      ...opts,
    };
    this.#heartbeatTimer = setInterval(() => this.#heartbeat(), this.#opts.heartbeatIntervalMs);
    this.#heartbeatTimer.unref();
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  attach(socket: WebSocket): void {
    const client: LiveClient = { socket, seq: 0, dirty: new Set(), lastSentAt: 0 };
    this.#clients.add(client);
    socket.on('close', () => this.#clients.delete(client));
    socket.on('error', (error) => {
      this.#opts.log.debug({ err: error }, 'WebSocket client error');
      this.#clients.delete(client);
    });
    // Inbound messages are not part of the protocol; a client resyncs by reconnecting.
    socket.on('message', () => undefined);
    this.#send(client, { type: 'snapshot', seq: client.seq, serverTime: this.#opts.now(), sensors: this.#opts.snapshot() });
  }

  sensorChanged(sensorId: string): void {
    if (this.#clients.size === 0) return;
    for (const client of this.#clients) client.dirty.add(sensorId);
    this.#flushTimer ??= setTimeout(() => this.#flush(), this.#opts.flushIntervalMs);
  }

  close(): void {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    if (this.#heartbeatTimer) clearInterval(this.#heartbeatTimer);
    this.#flushTimer = null;
    for (const client of this.#clients) client.socket.close(1001, 'server shutting down');
    this.#clients.clear();
  }

  #flush(): void {
    this.#flushTimer = null;
    let backlog = false;
    const views = new Map<string, SensorView | null>();
    for (const client of this.#clients) {
      if (client.dirty.size === 0) continue;
      if (client.socket.bufferedAmount > this.#opts.maxBufferedBytes) {
        backlog = true;
        continue;
      }
      for (const id of client.dirty) {
        let view = views.get(id);
        if (view === undefined) {
          view = this.#opts.sensorView(id);
          views.set(id, view);
        }
        if (view) this.#send(client, { type: 'sensor', seq: client.seq + 1, serverTime: this.#opts.now(), sensor: view });
      }
      client.dirty.clear();
    }
    // A client that was too far behind is retried on the next tick with whatever is newest then.
    if (backlog) this.#flushTimer = setTimeout(() => this.#flush(), this.#opts.flushIntervalMs);
  }

  #heartbeat(): void {
    const now = this.#opts.now();
    for (const client of this.#clients) {
      if (now - client.lastSentAt >= this.#opts.heartbeatIntervalMs - 50) {
        this.#send(client, { type: 'heartbeat', seq: client.seq + 1, serverTime: now });
      }
    }
  }

  #send(client: LiveClient, message: ServerMessage): void {
    if (client.socket.readyState !== client.socket.OPEN) return;
    client.seq = message.seq;
    client.lastSentAt = this.#opts.now();
    client.socket.send(JSON.stringify(message));
  }
}
