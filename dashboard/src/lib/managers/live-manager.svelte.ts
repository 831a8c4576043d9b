import type { AlertView } from '../../../../server/contracts/alerts.ts';
import type { DispatchView } from '../../../../server/contracts/dispatch.ts';
import { CLOSE_CREDENTIAL_ENDED, type SensorView, type ServerMessage } from '../../../../server/contracts/live.ts';
import type { MachineView } from '../../../../server/contracts/machinery.ts';
import {
  checkSequence,
  parseServerMessage,
  reconnectDelayMs,
  type BackoffOptions,
  type WireMessage,
} from '../api/live-protocol.ts';
import { AppError } from './app-error.ts';
import type { EventBus } from './event-bus.ts';
import { handleError } from './notice-manager.svelte.ts';
import { OperationsStore } from './operations-store.ts';
import { emptyCounts, type StatusCounts } from './sensor-status.ts';
import { SensorStore } from './sensor-store.ts';

type MessageOf<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

/** The socket's own state; whether the data is fresh is a separate question (see `status`). */
export type SocketState = 'connecting' | 'open' | 'closed';

/** What the connection indicator shows. */
export type LiveStatus = 'connecting' | 'live' | 'stale' | 'disconnected';

export interface LiveManagerOptions {
  readonly url: string;
  /** No message (heartbeats included) for this long and the stream counts as stale: red. */
  readonly staleAfterMs?: number;
  /** No message for this long and the link is presumed dead: drop it and reconnect. */
  readonly deadAfterMs?: number;
  /** A socket down for less than this (a resync) does not yet turn the indicator red. */
  readonly disconnectGraceMs?: number;
  readonly backoff?: BackoffOptions;
  readonly createSocket?: (url: string) => WebSocket;
  /** How updates are coalesced before they are published; one animation frame by default. */
  readonly scheduleFlush?: (flush: () => void) => void;
}

/** How often the summary shown (last message, newest data, clock offset, counts) is republished. */
const TIMES_EVERY_MS = 250;

const DEFAULTS = {
  staleAfterMs: 15_000,
  deadAfterMs: 30_000,
  disconnectGraceMs: 2_000,
  backoff: { initialMs: 500, maxMs: 15_000 },
} as const;

/**
 * The live picture of every sensor, kept in step with the server's `/ws` stream: a snapshot, then
 * deltas checked by `seq`. A gap, a close or a silent link means reconnecting with backoff and
 * resyncing from a fresh snapshot, never a page reload.
 *
 * Sensors are held in a plain SensorStore, not `$state`. Messages are applied to it as they arrive and
 * published (bus events and reactive fields) at most once per animation frame, however fast they come.
 */
export class LiveManager {
  readonly #bus: EventBus;
  readonly #url: string;
  readonly #staleAfterMs: number;
  readonly #deadAfterMs: number;
  readonly #disconnectGraceMs: number;
  readonly #backoff: BackoffOptions;
  readonly #createSocket: (url: string) => WebSocket;
  readonly #scheduleFlush: (flush: () => void) => void;

  #socketState = $state<SocketState>('connecting');
  /** The current connection's snapshot has been published. */
  #synced = $state(false);
  #everSynced = $state(false);
  #downSince = $state<number | null>(null);
  #reconnectAt = $state<number | null>(null);
  #lastMessageAt = $state<number | null>(null);
  #newestDataAt = $state<number | null>(null);
  #clockOffsetMs = $state(0);
  #counts = $state.raw<StatusCounts>(emptyCounts());
  #sensorCount = $state(0);
  /** Bumped once per published batch; readers of `sensor()` depend on it. */
  #revision = $state(0);
  #alerts = $state.raw<readonly AlertView[]>([]);
  #machines = $state.raw<readonly MachineView[]>([]);
  #dispatches = $state.raw<readonly DispatchView[]>([]);

  readonly #store = new SensorStore();
  readonly #operations = new OperationsStore();
  #flushScheduled = false;
  #timesPublishedAt = 0;
  #timesTimer: ReturnType<typeof setTimeout> | null = null;
  #lastMessagePlain: number | null = null;
  #clockOffsetPlain = 0;

  #socket: WebSocket | null = null;
  #expectedSeq: number | null = null;
  #attempt = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  #watchdog: ReturnType<typeof setInterval> | null = null;
  #stopped = true;

  constructor(bus: EventBus, options: LiveManagerOptions) {
    this.#bus = bus;
    this.#url = options.url;
    this.#staleAfterMs = options.staleAfterMs ?? DEFAULTS.staleAfterMs;
    this.#deadAfterMs = options.deadAfterMs ?? DEFAULTS.deadAfterMs;
    this.#disconnectGraceMs = options.disconnectGraceMs ?? DEFAULTS.disconnectGraceMs;
    this.#backoff = options.backoff ?? DEFAULTS.backoff;
    this.#createSocket = options.createSocket ?? ((url) => new WebSocket(url));
    this.#scheduleFlush = options.scheduleFlush ?? ((flush) => requestAnimationFrame(flush));
  }

  /** Client clock, epoch ms, of the last message of any kind (heartbeats included). */
  get lastMessageAt(): number | null {
    return this.#lastMessageAt;
  }

  /** Server clock, epoch ms: the newest time any sensor was heard from. */
  get newestDataAt(): number | null {
    return this.#newestDataAt;
  }

  /** Client clock, epoch ms, of the next reconnection attempt while disconnected. */
  get reconnectAt(): number | null {
    return this.#reconnectAt;
  }

  get sensorCount(): number {
    return this.#sensorCount;
  }

  get counts(): StatusCounts {
    return this.#counts;
  }

  /** Open alerts (firing and acknowledged), most urgent first. */
  get alerts(): readonly AlertView[] {
    return this.#alerts;
  }

  /** Every machine of the contractor registry, with its status and position. */
  get machines(): readonly MachineView[] {
    return this.#machines;
  }

  /** Open dispatches (requested, accepted, en route, on site), newest first. */
  get dispatches(): readonly DispatchView[] {
    return this.#dispatches;
  }

  /** Bumps once per published batch of sensor changes: for views that re-read sensors now and then. */
  get revision(): number {
    return this.#revision;
  }

  /** The server's clock now, from the client's: ages of server timestamps must use this. */
  serverNow(clientNow: number): number {
    return clientNow + this.#clockOffsetMs;
  }

  /** One sensor's newest view; reactive, so a popup re-renders when that sensor changes. */
  sensor(id: string): SensorView | undefined {
    void this.#revision;
    return this.#store.get(id);
  }

  /** One sensor's newest view, not reactive (for code outside components, such as the map). */
  peekSensor(id: string): SensorView | undefined {
    return this.#store.get(id);
  }

  /** Every sensor now known (not reactive; for building the map source at start). */
  allSensors(): SensorView[] {
    return this.#store.all();
  }

  /** Live, stale, disconnected or still connecting, as of `now` (client clock). */
  status(now: number): LiveStatus {
    if (!(this.#socketState === 'open' && this.#synced)) {
      const down = this.#downSince;
      if (down !== null && now - down >= this.#disconnectGraceMs) return 'disconnected';
      if (!this.#everSynced) return 'connecting';
      // A resync shorter than the grace keeps judging by freshness, so a gap does not flash red.
    }
    const last = this.#lastMessageAt;
    return last !== null && now - last <= this.#staleAfterMs ? 'live' : 'stale';
  }

  /** Connects and keeps connecting until the returned teardown is called. */
  init(): () => void {
    this.#stopped = false;
    this.#connect();
    this.#watchdog = setInterval(() => this.#checkSilence(), 1000);
    return () => this.#stop();
  }

  #stop(): void {
    this.#stopped = true;
    if (this.#watchdog !== null) clearInterval(this.#watchdog);
    if (this.#reconnectTimer !== null) clearTimeout(this.#reconnectTimer);
    if (this.#timesTimer !== null) clearTimeout(this.#timesTimer);
    this.#timesTimer = null;
    this.#watchdog = null;
    this.#reconnectTimer = null;
    this.#dropSocket();
  }

  #connect(): void {
    this.#reconnectTimer = null;
    this.#reconnectAt = null;
    this.#expectedSeq = null;
    this.#synced = false;
    this.#socketState = 'connecting';
    let socket: WebSocket;
    try {
      socket = this.#createSocket(this.#url);
    } catch (error) {
      handleError(this.#bus, error);
      this.#scheduleReconnect();
      return;
    }
    this.#socket = socket;
    socket.onopen = () => {
      this.#socketState = 'open';
      // The watchdog measures silence from the open, not from the last message of the previous link.
      this.#lastMessagePlain = Date.now();
    };
    socket.onmessage = (event: MessageEvent) => {
      if (typeof event.data === 'string') this.#onMessage(event.data);
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#markDown();
      // Whoever holds the session finds out why (a revoked wall-screen link says so on the screen).
      if (event.code === CLOSE_CREDENTIAL_ENDED) this.#bus.emit('live.refused', {});
      this.#scheduleReconnect();
    };
    // A failed socket also fires close, which is where reconnection happens.
    socket.onerror = () => undefined;
  }

  #onMessage(text: string): void {
    const message = parseServerMessage(text);
    if (message === null) {
      this.#resync(new AppError('live_protocol', 'error.liveProtocol'));
      return;
    }
    const verdict = checkSequence(this.#expectedSeq, message);
    if (!verdict.ok) {
      // A gap is expected now and then (a slow link, a server restart): resync quietly.
      console.warn(`live stream: ${verdict.reason} at seq ${message.seq}, expected ${this.#expectedSeq}; resyncing`);
      this.#resync(null);
      return;
    }
    this.#expectedSeq = verdict.nextExpected;
    this.#lastMessagePlain = Date.now();
    if (typeof message.serverTime === 'number') this.#clockOffsetPlain = message.serverTime - Date.now();
    this.#apply(message);
    this.#requestFlush();
  }

  #apply(message: WireMessage): void {
    switch (message.type) {
      case 'snapshot': {
        const snapshot = message as MessageOf<'snapshot'>;
        this.#store.replaceAll(snapshot.sensors);
        this.#operations.replaceAll(snapshot);
        this.#attempt = 0;
        break;
      }
      case 'sensor':
        this.#store.upsert((message as MessageOf<'sensor'>).sensor);
        break;
      case 'alert':
        this.#operations.upsertAlert((message as MessageOf<'alert'>).alert);
        break;
      case 'machine': {
        const delta = message as MessageOf<'machine'>;
        this.#operations.upsertMachine(delta.machineId, delta.machine);
        break;
      }
      case 'dispatch': {
        const delta = message as MessageOf<'dispatch'>;
        this.#operations.upsertDispatch(delta.dispatchId, delta.dispatch);
        break;
      }
      default:
        // Heartbeats, and message kinds a newer server may send, only prove the link is alive.
        break;
    }
  }

  /** The last message's times reach the screen even when the stream pauses right after it. */
  #requestTimesLater(): void {
    if (this.#timesTimer !== null) return;
    this.#timesTimer = setTimeout(() => {
      this.#timesTimer = null;
      this.#publishSummary(Date.now());
    }, TIMES_EVERY_MS);
  }

  /** The times and counts the screen shows, which need not change faster than a person reads them. */
  #publishSummary(now: number): void {
    this.#timesPublishedAt = now;
    this.#lastMessageAt = this.#lastMessagePlain;
    this.#newestDataAt = this.#store.newestDataAt;
    this.#clockOffsetMs = this.#clockOffsetPlain;
    this.#counts = this.#store.counts;
    this.#sensorCount = this.#store.size;
  }

  #requestFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    this.#scheduleFlush(() => this.#flush());
  }

  /** Publishes everything received since the last frame: one bus event, one reactive update. */
  #flush(): void {
    this.#flushScheduled = false;
    const changes = this.#store.drain();
    if (changes.kind === 'snapshot') {
      // Unless the link dropped again between the snapshot and this frame.
      if (this.#expectedSeq !== null) {
        this.#synced = true;
        this.#everSynced = true;
        this.#downSince = null;
      }
      this.#bus.emit('live.snapshot', { sensors: changes.sensors });
    } else if (changes.kind === 'sensors') {
      this.#bus.emit('live.sensors', { changed: changes.changed });
    }
    // After the sensors: an alert area is drawn around its sensors, which must be known first.
    const operations = this.#operations.drain();
    if (operations.machines !== null) {
      this.#machines = operations.machines;
      this.#bus.emit('live.machines', { machines: operations.machines });
    }
    if (operations.dispatches !== null) {
      this.#dispatches = operations.dispatches;
      this.#bus.emit('live.dispatches', { dispatches: operations.dispatches, changed: operations.changedDispatches });
    }
    if (operations.alerts !== null) {
      this.#alerts = operations.alerts;
      this.#bus.emit('live.alerts', { alerts: operations.alerts, raised: operations.raised });
    }
    // Times are shown to the second and counts are read by people: publishing them four times a second,
    // not every frame, spares the screen a DOM change (and a composited frame) per frame under a stream.
    const now = Date.now();
    if (changes.kind === 'snapshot' || now - this.#timesPublishedAt >= TIMES_EVERY_MS) {
      this.#publishSummary(now);
    } else {
      this.#requestTimesLater();
    }
    if (changes.kind !== 'none') this.#revision++;
  }

  /** Drops the link and reconnects soon; the next snapshot replaces everything we hold. */
  #resync(error: AppError | null): void {
    if (error !== null) handleError(this.#bus, error);
    this.#dropSocket();
    this.#markDown();
    this.#scheduleReconnect();
  }

  #checkSilence(): void {
    if (this.#socketState !== 'open' || this.#lastMessagePlain === null) return;
    if (Date.now() - this.#lastMessagePlain > this.#deadAfterMs) {
      console.warn(`live stream: silent for ${this.#deadAfterMs} ms; reconnecting`);
      this.#resync(null);
    }
  }

  #markDown(): void {
    this.#socketState = 'closed';
    this.#expectedSeq = null;
    this.#synced = false;
    this.#downSince ??= Date.now();
  }

  #dropSocket(): void {
    const socket = this.#socket;
    this.#socket = null;
    if (socket === null) return;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = null;
    socket.close();
  }

  #scheduleReconnect(): void {
    if (this.#stopped || this.#reconnectTimer !== null) return;
    const delay = reconnectDelayMs(this.#attempt++, this.#backoff);
    this.#reconnectAt = Date.now() + delay;
    this.#reconnectTimer = setTimeout(() => this.#connect(), delay);
  }
}
