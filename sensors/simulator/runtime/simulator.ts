import { DEFAULT_TOPIC_PREFIX } from '../../../server/contracts/topics.ts';
import { encodeEvent } from '../encoders/encode-event.ts';
import type { EncoderOptions } from '../encoders/outgoing-message.ts';
import { credentialsFrom, type CredentialsResolver, type GatewayCredentials } from '../publisher/gateway-credentials.ts';
import type { MessageSink, SinkCounters } from '../publisher/message-sink.ts';
import { MqttSink, type QoS } from '../publisher/mqtt-sink.ts';
import { loadScenario, type LoadedScenario } from '../scenario/scenario-loader.ts';
import { SimulatorError } from '../simulator-error.ts';
import { Timeline } from '../timeline/timeline.ts';
import type { SimEvent } from '../timeline/sim-event.ts';
import { buildWorld, type World } from '../world/world.ts';
import { resolveTimestampMode, SimClock, type TimestampMode } from './sim-clock.ts';

export const DEFAULT_BROKER_URL = 'mqtt://localhost:1883';

export interface SimulatorOptions {
  /** A ready scenario's name, a path to a scenario file, or one already loaded. */
  readonly scenario: string | LoadedScenario;
  /** Default: $MQTT_URL, else mqtt://localhost:1883. */
  readonly brokerUrl?: string;
  /** Run the scenario on another region. */
  readonly region?: string;
  readonly dataDir?: string;
  /** Simulated seconds per wall second; Infinity = as fast as the broker takes them. */
  readonly speed?: number;
  readonly seed?: number;
  readonly start?: number | 'now';
  /** Simulated ms; null = until stopped. */
  readonly durationMs?: number | null;
  /** Every sensor reports this often (simulated seconds). */
  readonly intervalS?: number;
  readonly timestamps?: 'auto' | TimestampMode;
  readonly prefix?: string;
  readonly qos?: QoS;
  readonly credentials?: CredentialsResolver | GatewayCredentials;
  readonly ttnTenant?: string;
  readonly chirpstackTenantId?: string;
  readonly clientIdPrefix?: string;
  readonly connectTimeoutMs?: number;
  /** Unacknowledged messages allowed before the simulator waits for the broker. */
  readonly maxInFlight?: number;
  /** Publish somewhere other than MQTT (dry runs, tests). */
  readonly sink?: MessageSink;
  readonly onWarning?: (message: string) => void;
}

export interface SimulatorStats {
  readonly scenario: string;
  readonly region: string;
  readonly startMs: number;
  readonly endMs: number | null;
  readonly simTimeMs: number;
  readonly speed: number;
  readonly timestamps: TimestampMode;
  readonly readings: number;
  readonly lost: number;
  readonly catchUpBatches: number;
  readonly messages: Readonly<SinkCounters>;
  readonly inFlight: number;
  readonly gatewaysDown: readonly string[];
  readonly wallElapsedMs: number;
  readonly finished: boolean;
}

export interface SimulatorHandle {
  readonly world: World;
  readonly timestamps: TimestampMode;
  stats(): SimulatorStats;
  /** Settles when the scenario's duration has run out or stop() was called, after the last acknowledgement. */
  readonly done: Promise<SimulatorStats>;
  /** Stops publishing, waits briefly for acknowledgements, says goodbye to the broker. */
  stop(): Promise<SimulatorStats>;
}

const MAX_SLEEP_MS = 250;

/** Loads the scenario, connects every gateway, and publishes the run in (simulated) real time. */
export async function startSimulator(options: SimulatorOptions): Promise<SimulatorHandle> {
  const loaded =
    typeof options.scenario === 'string'
      ? await loadScenario(options.scenario, { ...(options.dataDir ? { dataDir: options.dataDir } : {}), ...(options.region ? { region: options.region } : {}) })
      : options.scenario;
  const wallStart = Date.now();
  const world = buildWorld(
    loaded.scenario,
    loaded.region,
    {
      ...(options.start !== undefined ? { start: options.start } : {}),
      ...(options.speed !== undefined ? { speed: options.speed } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.intervalS !== undefined ? { intervalS: options.intervalS } : {}),
      ...(options.durationMs !== undefined ? { durationMs: options.durationMs } : {}),
    },
    wallStart,
  );
  if (world.speed === Infinity && world.endMs === null) {
    throw new SimulatorError('bad_option', 'an unlimited speed needs a duration (--duration), or the run would never end');
  }
  const timestamps = resolveTimestampMode(options.timestamps ?? loaded.scenario.timestamps, world.startMs, world.endMs, world.speed, wallStart);
  const prefix = options.prefix ?? DEFAULT_TOPIC_PREFIX;
  const encoderOptions: EncoderOptions = {
    prefix,
    ttnTenant: options.ttnTenant ?? 'ttn',
    ...(options.chirpstackTenantId !== undefined ? { chirpstackTenantId: options.chirpstackTenantId } : {}),
  };
  const credentials = typeof options.credentials === 'function' ? options.credentials : credentialsFrom(options.credentials ?? {});
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`simulator: ${message}\n`));
  const sink =
    options.sink ??
    new MqttSink({
      brokerUrl: options.brokerUrl ?? process.env.MQTT_URL ?? DEFAULT_BROKER_URL,
      prefix,
      qos: options.qos ?? 1,
      credentials,
      ...(options.clientIdPrefix !== undefined ? { clientIdPrefix: options.clientIdPrefix } : {}),
      ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
      onWarning: warn,
    });

  try {
    await Promise.all(world.gateways.map((g) => sink.connectGateway(g)));
  } catch (error) {
    await sink.close();
    throw error;
  }

  const run = new SimulatorRun(world, sink, timestamps, encoderOptions, options.maxInFlight ?? 1000, warn, loaded.scenario.name);
  const done = run.loop();
  return {
    world,
    timestamps,
    stats: () => run.stats(),
    done,
    stop: async () => {
      run.stop();
      return done;
    },
  };
}

/** One run's loop: pull due events from the timeline, encode, publish, sleep until the next. */
class SimulatorRun {
  readonly #world: World;
  readonly #sink: MessageSink;
  readonly #timeline: Timeline;
  readonly #clock: SimClock;
  readonly #timestamps: TimestampMode;
  readonly #encoder: EncoderOptions;
  readonly #maxInFlight: number;
  readonly #warn: (message: string) => void;
  readonly #scenarioName: string;
  readonly #wallStart = Date.now();
  readonly #pending = new Set<Promise<void>>();
  readonly #down = new Set<string>();
  #simTime: number;
  #readings = 0;
  #lost = 0;
  #batches = 0;
  #stopped = false;
  #finished = false;
  #wake: (() => void) | null = null;

  constructor(world: World, sink: MessageSink, timestamps: TimestampMode, encoder: EncoderOptions, maxInFlight: number, warn: (m: string) => void, name: string) {
    this.#world = world;
    this.#sink = sink;
    this.#timeline = new Timeline(world);
    this.#clock = new SimClock(world.startMs, world.speed);
    this.#timestamps = timestamps;
    this.#encoder = encoder;
    this.#maxInFlight = maxInFlight;
    this.#warn = warn;
    this.#scenarioName = name;
    this.#simTime = world.startMs;
  }

  stop(): void {
    this.#stopped = true;
    this.#wake?.();
  }

  stats(): SimulatorStats {
    return {
      scenario: this.#scenarioName,
      region: this.#world.region.info.id,
      startMs: this.#world.startMs,
      endMs: this.#world.endMs,
      simTimeMs: this.#simTime,
      speed: this.#world.speed,
      timestamps: this.#timestamps,
      readings: this.#readings,
      lost: this.#lost,
      catchUpBatches: this.#batches,
      messages: { ...this.#sink.counters },
      inFlight: this.#sink.inFlight,
      gatewaysDown: [...this.#down],
      wallElapsedMs: Date.now() - this.#wallStart,
      finished: this.#finished,
    };
  }

  async loop(): Promise<SimulatorStats> {
    try {
      while (!this.#stopped) {
        const end = this.#world.endMs ?? Infinity;
        const now = Math.min(this.#clock.simNow(), end);
        for (const event of this.#timeline.advanceTo(now)) {
          if (this.#stopped) break;
          await this.#handle(event);
        }
        const next = this.#timeline.nextAtMs();
        if (next === null) {
          this.#simTime = this.#world.endMs ?? this.#simTime;
          break;
        }
        if (this.#clock.speed !== Infinity) this.#simTime = now;
        await this.#sleep(Math.min(MAX_SLEEP_MS, this.#clock.wallDelayUntil(next)));
      }
      this.#finished = !this.#stopped;
      await this.#settle(10_000);
    } finally {
      await this.#sink.close();
    }
    return this.stats();
  }

  async #handle(event: SimEvent): Promise<void> {
    this.#simTime = event.atMs;
    const gateway = this.#world.gatewayById.get(event.gatewayId);
    if (gateway === undefined) return;
    switch (event.kind) {
      case 'lost':
        this.#lost++;
        return;
      case 'gateway-down':
        this.#down.add(gateway.id);
        await this.#sink.dropGateway(gateway);
        return;
      case 'gateway-up':
        this.#down.delete(gateway.id);
        await this.#sink.connectGateway(gateway).catch((error: unknown) => this.#warn(`gateway ${gateway.id} could not reconnect: ${String(error)}`));
        return;
      case 'reading':
      case 'catch-up':
        if (event.kind === 'reading') this.#readings++;
        else {
          this.#batches++;
          this.#readings += event.readings.length;
        }
        for (const message of encodeEvent(this.#world, event, this.#encoder, (t) => this.#timestampOf(t))) {
          const sending: Promise<void> = this.#sink.publish(gateway, message).then(
            () => {
              this.#pending.delete(sending);
            },
            (error: unknown) => {
              this.#pending.delete(sending);
              this.#warn(`publish on ${message.topic} failed: ${error instanceof Error ? error.message : String(error)}`);
            },
          );
          this.#pending.add(sending);
          if (this.#pending.size >= this.#maxInFlight) await Promise.race(this.#pending);
        }
        return;
    }
  }

  #timestampOf(simMs: number): number {
    return this.#timestamps === 'simulated' ? simMs : Math.round(this.#clock.wallTimeOf(simMs));
  }

  #sleep(ms: number): Promise<void> {
    if (ms <= 0) return new Promise((resolve) => setImmediate(resolve));
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = null;
        done();
      };
    });
  }

  /** Waits for outstanding acknowledgements, at most `ms`. */
  async #settle(ms: number): Promise<void> {
    if (this.#pending.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.#pending]), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }
}

/** Runs a scenario to its end (it needs a duration) and returns the final counts. */
export async function runScenario(options: SimulatorOptions): Promise<SimulatorStats> {
  const handle = await startSimulator(options);
  return handle.done;
}
