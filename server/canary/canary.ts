/**
 * The self-check. Every interval the server publishes a test reading for the canary sensor through the
 * broker, as a gateway would, and follows it: received by ingest → durable in the telemetry store →
 * frame built by the live hub. The latencies go to /health and /metrics; a slow or stopped pipeline
 * raises an alert (rule `skopia:canary`), cleared when test readings flow again.
 *
 * It publishes with the server's own MQTT account (on the embedded broker the server's internal
 * identity), whose ACL allows exactly the canary's topic; on an external Mosquitto that line is in the
 * ACL file `npm run gateway -- mosquitto` writes.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { FastifyBaseLogger } from 'fastify';
import type { Reading } from '../contracts/telemetry.ts';
import { errorsTopic } from '../contracts/topics.ts';
import type { EventBus } from '../events.ts';
import type { LiveHub } from '../live/live-hub.ts';
import type { TelemetryStore } from '../telemetry/telemetry-store.ts';
import { CANARY_GATEWAY_ID, CANARY_METRIC, CANARY_SENSOR_ID } from './canary-ids.ts';
import { LiveProbeSocket, type CanaryLiveHook } from './canary-live-hook.ts';
import { CanaryRounds, latencies, type CanaryLatencies, type CanaryRound } from './canary-rounds.ts';
import { alertStep, canaryVerdict, nextRoundAt, type CanaryPolicy, type CanaryState, type CanaryVerdict } from './canary-verdict.ts';
import { isSystemAlertOpen, systemAlertTransition, type SystemAlertSink } from './system-alert.ts';

export const CANARY_RULE_ID = 'skopia:canary';
const CANARY_RULE_NAME = 'Skopia self-check: sensor data pipeline';

export interface CanaryOptions {
  readonly mqtt: { readonly url: string; readonly clientId: string; readonly username?: string | undefined; readonly password?: string | undefined };
  readonly prefix: string;
  readonly topic: string;
  readonly policy: CanaryPolicy;
  readonly store: Pick<TelemetryStore, 'written'>;
  readonly bus: EventBus;
  readonly hub: Pick<LiveHub, 'clientCount' | 'attach'>;
  readonly liveHook: CanaryLiveHook;
  /** The alert service; null: the verdict is only reported. */
  readonly alerts: SystemAlertSink | null;
  readonly log: Pick<FastifyBaseLogger, 'debug' | 'info' | 'warn' | 'error'>;
  readonly now: () => number;
}

/** A type, not an interface, so it fits /health's open record of fields. */
export type CanaryStatus = {
  /** False when the pipeline is stopped: /health answers 503 then. */
  readonly ok: boolean;
  readonly state: CanaryState;
  readonly reason: string;
  readonly intervalS: number;
  readonly slowMs: number;
  readonly mqttConnected: boolean;
  readonly rounds: { readonly published: number; readonly completed: number; readonly lost: number; readonly pending: number };
  /** The newest round that made it all the way, with its latencies per stage. */
  readonly lastRound: ({ readonly seq: number; readonly publishedAt: number } & CanaryLatencies) | null;
};

export class Canary {
  readonly #o: CanaryOptions;
  readonly #rounds = new CanaryRounds();
  #startedAt = 0;
  #lastPublishedAt: number | null = null;
  #client: MqttClient | null = null;
  #timer: NodeJS.Timeout | null = null;
  #unsubscribe: (() => void) | null = null;
  #probe: LiveProbeSocket | null = null;
  #verdict: CanaryVerdict = { state: 'starting', reason: 'Waiting for the first test reading to make it through.', stuckAt: null, valueS: 0 };
  /** The state the alert last reflected, its raise time and worst value. */
  #alerted: CanaryState = 'starting';
  #raisedAt = 0;
  #peak = 0;
  #lastMqttError: string | null = null;

  constructor(options: CanaryOptions) {
    this.#o = options;
  }

  start(): void {
    const { mqtt: m, log } = this.#o;
    this.#startedAt = this.#o.now();
    // A clean session: a test reading that could not be delivered is worth nothing later.
    const client = mqtt.connect(m.url, {
      clientId: `${m.clientId.slice(0, 16)}-canary`,
      clean: true,
      protocolVersion: 4,
      reconnectPeriod: 5000,
      connectTimeout: 10_000,
      ...(m.username !== undefined ? { username: m.username } : {}),
      ...(m.password !== undefined ? { password: m.password } : {}),
    });
    this.#client = client;
    client.on('error', (error) => {
      if (error.message === this.#lastMqttError) return;
      this.#lastMqttError = error.message;
      log.warn({ err: error }, 'self-check: the canary cannot connect to the MQTT broker; it uses the server account (MQTT_USERNAME)');
    });
    client.on('connect', () => {
      this.#lastMqttError = null;
      client.subscribe(errorsTopic(this.#o.prefix, CANARY_GATEWAY_ID), { qos: 0 });
    });
    // Ingest reports a rejected canary reading like any gateway's: that is a bug worth a loud line.
    client.on('message', (_topic, payload) => log.error({ report: payload.toString('utf8').slice(0, 500) }, 'self-check: ingest rejected the canary reading'));

    this.#unsubscribe = this.#o.bus.on('ReadingAccepted', (r) => this.#accepted(r));
    this.#o.liveHook.onFrame((at) => this.#completed(this.#rounds.live(at)));
    // The hub builds frames only while a client is connected, and skips a client whose socket is
    // backed up: a stand-in that never is keeps the live stage measured whoever else is connected.
    // It watches the canary alone, so with no dashboard open the hub builds no other sensor's frame.
    this.#probe = new LiveProbeSocket();
    const hook = this.#o.liveHook;
    this.#o.hub.attach(this.#probe.asWebSocket(), { watchSensor: (id) => hook.watches(id) });
    this.#schedule();
  }

  /** Dashboards connected, not counting the canary's stand-in. */
  get liveClients(): number {
    return this.#o.hub.clientCount - (this.#probe === null ? 0 : 1);
  }

  status(): CanaryStatus {
    const { policy } = this.#o;
    const last = this.#rounds.lastComplete;
    const l = last === null ? null : latencies(last);
    return {
      ok: this.#verdict.state !== 'stopped',
      state: this.#verdict.state,
      reason: this.#verdict.reason,
      intervalS: policy.intervalMs / 1000,
      slowMs: policy.slowMs,
      mqttConnected: this.#client?.connected ?? false,
      rounds: { ...this.#rounds.counts, pending: this.#rounds.pending.length },
      lastRound: last === null || l === null ? null : { seq: last.seq, publishedAt: last.publishedAt, ...l },
    };
  }

  async stop(): Promise<void> {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#o.liveHook.onFrame(null);
    this.#probe?.close();
    this.#probe = null;
    await this.#client?.endAsync(true);
    this.#client = null;
  }

  #schedule(): void {
    const delay = nextRoundAt(this.#startedAt, this.#lastPublishedAt, this.#o.policy.intervalMs) - this.#o.now();
    this.#timer = setTimeout(() => this.#round(), Math.max(0, delay));
    this.#timer.unref();
  }

  #round(): void {
    const now = this.#o.now();
    const { policy } = this.#o;
    this.#rounds.prune(now, policy.missingRounds * policy.intervalMs);
    const seq = this.#rounds.begin(now);
    this.#lastPublishedAt = now;
    this.#publish(seq, now);
    this.#evaluate(now);
    this.#schedule();
  }

  #publish(seq: number, at: number): void {
    const client = this.#client;
    // Never queued while disconnected: a late test reading would measure the outage, not the pipeline.
    if (client === null || !client.connected) {
      this.#rounds.publishFailed(seq, this.#lastMqttError ?? 'not connected to the MQTT broker');
      return;
    }
    const payload = JSON.stringify({ ts: at, metrics: { [CANARY_METRIC]: seq } });
    client.publish(this.#o.topic, payload, { qos: 1 }, (error) => {
      if (error) this.#rounds.publishFailed(seq, error.message);
    });
  }

  /** On the hot path for every reading: one comparison unless it is the canary's. */
  #accepted(r: Reading): void {
    if (r.sensorId !== CANARY_SENSOR_ID) return;
    const seq = r.metrics[CANARY_METRIC];
    if (seq === undefined || !this.#rounds.received(seq, r.receivedAt)) return;
    this.#o.store.written().then(
      () => this.#completed(this.#rounds.stored(seq, this.#o.now())),
      (error: unknown) => this.#o.log.debug({ err: error }, 'self-check: waiting for the store failed'),
    );
  }

  #completed(round: CanaryRound | null): void {
    if (round === null) return;
    this.#o.log.debug({ seq: round.seq, ...latencies(round) }, 'self-check: test reading went through');
    this.#evaluate(this.#o.now());
  }

  #evaluate(now: number): void {
    const { policy, log, alerts } = this.#o;
    const verdict = canaryVerdict({ policy, startedAt: this.#startedAt, now, lastComplete: this.#rounds.lastComplete, pending: this.#rounds.pending });
    if (verdict.state !== this.#verdict.state) {
      const line = { state: verdict.state, previous: this.#verdict.state, stuckAt: verdict.stuckAt };
      if (verdict.state === 'slow' || verdict.state === 'stopped') log.warn(line, `self-check: ${verdict.reason}`);
      else log.info(line, `self-check: ${verdict.reason}`);
    }
    this.#verdict = verdict;
    if (alerts === null) return;
    const step = alertStep(this.#alerted, verdict.state, isSystemAlertOpen(alerts, CANARY_RULE_ID, CANARY_GATEWAY_ID));
    this.#alerted = verdict.state;
    if (step === null) return;
    if (step === 'raise') {
      this.#raisedAt = now;
      this.#peak = verdict.valueS;
    } else {
      this.#peak = Math.max(this.#peak, verdict.valueS);
    }
    const severity = verdict.state === 'stopped' ? 'Severe' : 'Moderate';
    const message =
      step === 'clear'
        ? `Test readings flow again: ${verdict.reason}`
        : `${verdict.reason} The map, sensor health and alerts may be out of date. See GET /health (canary) and the server log.`;
    try {
      alerts.applyTransitions([
        systemAlertTransition(step, { ruleId: CANARY_RULE_ID, ruleName: CANARY_RULE_NAME, subjectId: CANARY_GATEWAY_ID, severity, message, value: verdict.valueS, peak: this.#peak, unit: 's' }, this.#raisedAt, now),
      ]);
    } catch (error) {
      log.error({ err: error }, 'self-check: the alert could not be raised');
    }
  }
}
