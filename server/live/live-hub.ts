import type { WebSocket } from 'ws';
import type { FastifyBaseLogger } from 'fastify';
import type { ServerMessage, SensorView } from '../contracts/live.ts';
import type { MachineView } from '../contracts/machinery.ts';
import type { DispatchView } from '../contracts/dispatch.ts';
import type { AlertView } from '../contracts/alerts.ts';

export interface LiveHubOptions {
  readonly snapshot: () => readonly SensorView[];
  readonly sensorView: (id: string) => SensorView | null;
  /** Machines and open dispatches for the snapshot, and one of each by id for deltas (the dispatch service). */
  readonly machines?: () => readonly MachineView[];
  readonly machineView?: (id: string) => MachineView | null;
  readonly openDispatches?: () => readonly DispatchView[];
  readonly dispatchView?: (id: string) => DispatchView | null;
  /** Open alerts for the snapshot (the alerts service); changes arrive by alertChanged. */
  readonly openAlerts?: () => readonly AlertView[];
  readonly log: FastifyBaseLogger;
  readonly now?: () => number;
  /** How often dirty sensors are sent, ms. Coalescing window. */
  readonly flushIntervalMs?: number;
  readonly heartbeatIntervalMs?: number;
  /** A client with more than this many bytes unsent gets nothing new until it drains. */
  readonly maxBufferedBytes?: number;
}

/** What a client takes; a dashboard takes everything. */
export interface AttachOptions {
  /** Only these sensors' changes are built and sent (the canary's in-process probe watches one). */
  readonly watchSensor?: (sensorId: string) => boolean;
}

interface LiveClient {
  readonly socket: WebSocket;
  readonly watchSensor: ((sensorId: string) => boolean) | null;
  seq: number;
  /** Sensors changed since the last send: a set, so its size is bounded by the sensor count. */
  readonly dirty: Set<string>;
  readonly dirtyMachines: Set<string>;
  readonly dirtyDispatches: Set<string>;
  /** Alerts changed since the last send, newest view per alert. */
  readonly dirtyAlerts: Map<string, AlertView>;
  lastSentAt: number;
}

/**
 * Fans state changes out to dashboards. Each client gets a snapshot, then deltas with `seq` + 1.
 * Changes are coalesced per sensor and sent on a short timer, built from the newest state at send
 * time: a slow client skips intermediate values instead of queueing them.
 */
export class LiveHub {
  readonly #clients = new Set<LiveClient>();
  readonly #opts: Required<Omit<LiveHubOptions, 'now' | 'machines' | 'machineView' | 'openDispatches' | 'dispatchView' | 'openAlerts'>> &
    Pick<LiveHubOptions, 'machines' | 'machineView' | 'openDispatches' | 'dispatchView' | 'openAlerts'> & { now: () => number };
  #flushTimer: NodeJS.Timeout | null = null;
  #alertFlush: NodeJS.Immediate | null = null;
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

  attach(socket: WebSocket, options: AttachOptions = {}): void {
    const watchSensor = options.watchSensor ?? null;
    const client: LiveClient = {
      socket,
      watchSensor,
      seq: 0,
      dirty: new Set(),
      dirtyMachines: new Set(),
      dirtyDispatches: new Set(),
      dirtyAlerts: new Map(),
      lastSentAt: 0,
    };
    this.#clients.add(client);
    socket.on('close', () => this.#clients.delete(client));
    socket.on('error', (error) => {
      this.#opts.log.debug({ err: error }, 'WebSocket client error');
      this.#clients.delete(client);
    });
    // Inbound messages are not part of the protocol; a client resyncs by reconnecting.
    socket.on('message', () => undefined);
    this.#send(client, {
      type: 'snapshot',
      seq: client.seq,
      serverTime: this.#opts.now(),
      sensors: watchSensor ? this.#opts.snapshot().filter((s) => watchSensor(s.id)) : this.#opts.snapshot(),
      machines: this.#opts.machines?.() ?? [],
      dispatches: this.#opts.openDispatches?.() ?? [],
      alerts: this.#opts.openAlerts?.() ?? [],
    });
  }

  /** Alerts are rare and urgent: sent at once (next turn of the event loop), not on the coalescing timer. */
  alertChanged(alert: AlertView): void {
    if (this.#clients.size === 0) return;
    for (const client of this.#clients) client.dirtyAlerts.set(alert.id, alert);
    this.#alertFlush ??= setImmediate(() => this.#flushAlerts());
  }

  #flushAlerts(): void {
    this.#alertFlush = null;
    for (const client of this.#clients) {
      if (client.dirtyAlerts.size === 0) continue;
      // A client far behind gets them with its other deltas once it drains (#flush retries).
      if (client.socket.bufferedAmount > this.#opts.maxBufferedBytes) {
        this.#flushTimer ??= setTimeout(() => this.#flush(), this.#opts.flushIntervalMs);
        continue;
      }
      this.#sendAlerts(client);
    }
  }

  #sendAlerts(client: LiveClient): void {
    for (const alert of client.dirtyAlerts.values()) this.#send(client, { type: 'alert', seq: client.seq + 1, serverTime: this.#opts.now(), alert });
    client.dirtyAlerts.clear();
  }

  /** Machines and dispatches change a few times a minute at most, but go through the same coalescing timer, so `seq` stays one sequence. */
  machineChanged(machineId: string): void {
    if (this.#clients.size === 0) return;
    for (const client of this.#clients) client.dirtyMachines.add(machineId);
    this.#flushTimer ??= setTimeout(() => this.#flush(), this.#opts.flushIntervalMs);
  }

  dispatchChanged(dispatchId: string): void {
    if (this.#clients.size === 0) return;
    for (const client of this.#clients) client.dirtyDispatches.add(dispatchId);
    this.#flushTimer ??= setTimeout(() => this.#flush(), this.#opts.flushIntervalMs);
  }

  sensorChanged(sensorId: string): void {
    if (this.#clients.size === 0) return;
    let wanted = false;
    for (const client of this.#clients) {
      if (client.watchSensor !== null && !client.watchSensor(sensorId)) continue;
      client.dirty.add(sensorId);
      wanted = true;
    }
    if (wanted) this.#flushTimer ??= setTimeout(() => this.#flush(), this.#opts.flushIntervalMs);
  }

  close(): void {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    if (this.#heartbeatTimer) clearInterval(this.#heartbeatTimer);
    if (this.#alertFlush) clearImmediate(this.#alertFlush);
    this.#alertFlush = null;
    this.#flushTimer = null;
    for (const client of this.#clients) client.socket.close(1001, 'server shutting down');
    this.#clients.clear();
  }

  #flush(): void {
    this.#flushTimer = null;
    let backlog = false;
    // Each changed sensor is serialised once per flush, whatever the number of clients.
    const views = new Map<string, string | null>();
    const machineViews = new Map<string, MachineView | null>();
    const dispatchViews = new Map<string, DispatchView | null>();
    for (const client of this.#clients) {
      if (client.dirty.size === 0 && client.dirtyMachines.size === 0 && client.dirtyDispatches.size === 0 && client.dirtyAlerts.size === 0) continue;
      if (client.socket.bufferedAmount > this.#opts.maxBufferedBytes) {
        backlog = true;
        continue;
      }
      const socket = corkable(client.socket);
      socket?.cork();
      this.#sendAlerts(client);
      const serverTime = this.#opts.now();
      for (const id of client.dirty) {
        let json = views.get(id);
        if (json === undefined) {
          const view = this.#opts.sensorView(id);
          json = view ? JSON.stringify(view) : null;
          views.set(id, json);
        }
        if (json !== null) this.#sendRaw(client, `{"type":"sensor","seq":${client.seq + 1},"serverTime":${serverTime},"sensor":${json}}`);
      }
      client.dirty.clear();
      for (const id of client.dirtyMachines) {
        if (!machineViews.has(id)) machineViews.set(id, this.#opts.machineView?.(id) ?? null);
        this.#send(client, { type: 'machine', seq: client.seq + 1, serverTime: this.#opts.now(), machineId: id, machine: machineViews.get(id) ?? null });
      }
      client.dirtyMachines.clear();
      for (const id of client.dirtyDispatches) {
        if (!dispatchViews.has(id)) dispatchViews.set(id, this.#opts.dispatchView?.(id) ?? null);
        const dispatch = dispatchViews.get(id);
        if (dispatch) this.#send(client, { type: 'dispatch', seq: client.seq + 1, serverTime: this.#opts.now(), dispatchId: id, dispatch });
      }
      client.dirtyDispatches.clear();
      // One write for the whole flush instead of one per frame.
      socket?.uncork();
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

  /** A message already serialised, carrying seq + 1. */
  #sendRaw(client: LiveClient, json: string): void {
    if (client.socket.readyState !== client.socket.OPEN) return;
    client.seq += 1;
    client.lastSentAt = this.#opts.now();
    client.socket.send(json);
  }
}

/**
 * The TCP socket under a WebSocket, to cork it while a flush writes many frames. `ws` keeps it in
 * `_socket` (not public API): when it is not there, frames are simply written one by one.
 */
function corkable(socket: WebSocket): { cork(): void; uncork(): void } | null {
  const raw = (socket as unknown as { _socket?: { cork?: unknown; uncork?: unknown } })._socket;
  return raw && typeof raw.cork === 'function' && typeof raw.uncork === 'function' ? (raw as { cork(): void; uncork(): void }) : null;
}
