import mqtt, { MqttClient, type IClientOptions } from 'mqtt';
import { ingestStreamBuilder } from './ingest-socket.ts';
import type { FastifyBaseLogger } from 'fastify';
import { errorsTopic } from '../contracts/topics.ts';
import type { RejectReport } from '../contracts/telemetry.ts';
import type { IngestOutcome, IngestPipeline } from './ingest-pipeline.ts';
import type { FlowControl } from './flow-control.ts';

export interface MqttIngestOptions {
  readonly url: string;
  readonly clientId: string;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly prefix: string;
  readonly pipeline: IngestPipeline;
  readonly onOutcome: (outcome: IngestOutcome) => void;
  readonly log: FastifyBaseLogger;
  readonly now?: () => number;
  /** Holds messages on the broker while the telemetry store catches up; none: take everything at once. */
  readonly flowControl?: FlowControl;
}

export interface MqttIngestHealth {
  readonly connected: boolean;
  readonly url: string;
  readonly lastError: string | null;
}

/**
 * The server's own MQTT client: a persistent session (clean: false) subscribed at QoS 1, so what
 * gateways publish while the server is down waits on the broker and is delivered when it returns.
 * Rejections go back to the gateway on `{prefix}/{gatewayId}/errors`.
 */
export class MqttIngest {
  readonly #opts: MqttIngestOptions;
  readonly #now: () => number;
  #client: MqttClient | null = null;
  #lastError: string | null = null;
  #subscribed = false;

  constructor(opts: MqttIngestOptions) {
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
  }

  /** Connects and subscribes; resolves once subscribed, rejects if the first connection fails. */
  async start(): Promise<void> {
    const { url, clientId, username, password, log, pipeline, flowControl } = this.#opts;
    const options: IClientOptions = {
      clientId,
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: 2000,
      connectTimeout: 10_000,
      // mqtt.js calls its debug logger a dozen times per message even when it is off: 5 % of ingest CPU.
      ...(mqttDebugOn() ? {} : { log: () => undefined }),
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
    };
    // Delivered messages are taken off the wire by the ingest socket (mqtt:// and mqtts://); over
    // WebSocket they come through mqtt.js's 'message' event, without flow control.
    const builder = ingestStreamBuilder(url, {
      onPublish: (topic, payload) => this.#onMessage(topic, payload),
      ...(flowControl ? { admit: () => flowControl.admit() } : {}),
    });
    const client = builder ? new MqttClient(builder, options) : mqtt.connect(url, options);
    this.#client = client;
    client.on('message', (topic, payload) => this.#onMessage(topic, payload));
    client.on('error', (error) => {
      this.#lastError = error.message;
      log.warn({ err: error, url: redact(url) }, 'MQTT connection error');
    });
    client.on('offline', () => log.warn({ url: redact(url) }, 'MQTT broker unreachable; retrying'));
    client.on('reconnect', () => log.debug('MQTT reconnecting'));

    await new Promise<void>((resolve, reject) => {
      const onFirstError = (error: Error): void => {
        client.removeListener('connect', onConnect);
        reject(error);
      };
      const onConnect = (): void => {
        client.removeListener('error', onFirstError);
        resolve();
      };
      client.once('connect', onConnect);
      client.once('error', onFirstError);
    });
    client.on('connect', () => {
      this.#lastError = null;
      log.info({ url: redact(url) }, 'MQTT reconnected');
    });
    if (!this.#subscribed) {
      const filters = Object.fromEntries(pipeline.subscriptions.map((f) => [f, { qos: 1 as const }]));
      const granted = await client.subscribeAsync(filters);
      const refused = granted.filter((g) => g.qos === 128);
      if (refused.length > 0) {
        throw new Error(`MQTT broker refused subscriptions ${refused.map((g) => g.topic).join(', ')}: check the server's ACL`);
      }
      this.#subscribed = true;
    }
    log.info({ url: redact(url), filters: pipeline.subscriptions }, 'ingest subscribed');
  }

  health(): MqttIngestHealth {
    return { connected: this.#client?.connected ?? false, url: redact(this.#opts.url), lastError: this.#lastError };
  }

  /** Stops taking messages; in-flight acknowledgements are completed first. */
  async stop(): Promise<void> {
    const client = this.#client;
    this.#client = null;
    if (client) await client.endAsync();
  }

  #onMessage(topic: string, payload: Buffer): void {
    const outcome = this.#opts.pipeline.handle(topic, payload, this.#now());
    if (outcome.rejections.length > 0) this.#report(topic, outcome);
    this.#opts.onOutcome(outcome);
  }

  #report(topic: string, outcome: IngestOutcome): void {
    const { log, prefix } = this.#opts;
    for (const r of outcome.rejections) {
      log.debug({ topic, reason: r.reason, detail: r.message }, 'message rejected');
      if (outcome.gatewayId === null || !this.#client) continue;
      const report: RejectReport = {
        ts: new Date(this.#now()).toISOString(),
        topic,
        reason: r.reason,
        message: r.message,
        ...(r.index !== undefined ? { index: r.index } : {}),
      };
      this.#client.publish(errorsTopic(prefix, outcome.gatewayId), JSON.stringify(report), { qos: 0 });
    }
  }
}

/** mqtt.js's own debug output, as its documentation asks for it: DEBUG=mqttjs*. */
function mqttDebugOn(): boolean {
  return /(^|[,\s])(mqttjs|\*)/.test(process.env.DEBUG ?? '');
}

/** Never log a password that was put in the URL. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid url)';
  }
}
