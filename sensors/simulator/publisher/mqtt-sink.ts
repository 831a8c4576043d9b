import { randomBytes } from 'node:crypto';
import mqtt, { type ErrorWithReasonCode, type MqttClient } from 'mqtt';
import type { Gateway } from '../../../server/contracts/registry.ts';
import { encodeGatewayStatus } from '../encoders/native-encoder.ts';
import type { OutgoingMessage } from '../encoders/outgoing-message.ts';
import { SimulatorError } from '../simulator-error.ts';
import type { CredentialsResolver } from './gateway-credentials.ts';
import type { MessageSink, SinkCounters } from './message-sink.ts';

export type QoS = 0 | 1 | 2;

export interface MqttSinkOptions {
  readonly brokerUrl: string;
  readonly prefix: string;
  readonly qos: QoS;
  readonly credentials: CredentialsResolver;
  /** Client ids are `{clientIdPrefix}{gatewayId}`; a random suffix by default, so two simulators do not evict each other. */
  readonly clientIdPrefix?: string;
  /** How long to wait for the broker on the first connection (it may still be starting). */
  readonly connectTimeoutMs?: number;
  readonly onWarning?: (message: string) => void;
}

/** CONNACK codes a retry cannot fix. */
const REFUSALS: Readonly<Record<number, string>> = {
  1: 'unacceptable protocol version',
  2: 'client id rejected',
  4: 'bad username or password',
  5: 'not authorised',
  134: 'bad username or password',
  135: 'not authorised',
};

/**
 * One MQTT connection per gateway, as real gateways (and LoRaWAN network servers) have. Native gateways
 * leave a retained `offline` last will on `{prefix}/{gatewayId}/status` and say `online` (retained) on
 * every connect; LoRaWAN network servers publish on their own topics and have no status topic.
 */
export class MqttSink implements MessageSink {
  readonly #options: MqttSinkOptions;
  readonly #clients = new Map<string, MqttClient>();
  readonly #clientIdPrefix: string;
  readonly #counters: SinkCounters = { sent: 0, acknowledged: 0, failed: 0 };
  #inFlight = 0;
  /** Per gateway, the settle functions of messages not yet acknowledged. */
  readonly #pending = new Map<string, Set<(error?: Error) => void>>();
  readonly #warned = new Set<string>();

  constructor(options: MqttSinkOptions) {
    this.#options = options;
    this.#clientIdPrefix = options.clientIdPrefix ?? `skopia-sim-${randomBytes(3).toString('hex')}-`;
  }

  get counters(): Readonly<SinkCounters> {
    return this.#counters;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  async connectGateway(gateway: Gateway): Promise<void> {
    const { brokerUrl, prefix, credentials } = this.#options;
    const native = gateway.format === 'native';
    const offline = encodeGatewayStatus(prefix, gateway.id, false);
    const { username, password } = credentials(gateway.id);
    const client = mqtt.connect(brokerUrl, {
      clientId: `${this.#clientIdPrefix}${gateway.id}`,
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
      reconnectPeriod: 1000,
      connectTimeout: 5000,
      ...(native ? { will: { topic: offline.topic, payload: Buffer.from(offline.payload), qos: 1, retain: true } } : {}),
    });
    this.#clients.set(gateway.id, client);

    client.on('connect', () => {
      if (native) {
        const online = encodeGatewayStatus(prefix, gateway.id, true);
        client.publish(online.topic, online.payload, { qos: 1, retain: true }, (error) => {
          if (error) this.#warn(gateway.id, `could not announce ${gateway.id} online: ${error.message}`);
        });
      }
    });
    await this.#firstConnect(gateway, client);
    // After the first connection, trouble is reported once per kind and mqtt.js keeps reconnecting.
    client.on('error', (error) => this.#warn(`${gateway.id}:${error.message}`, `gateway ${gateway.id}: ${error.message}`));
  }

  #firstConnect(gateway: Gateway, client: MqttClient): Promise<void> {
    const timeoutMs = this.#options.connectTimeoutMs ?? 15_000;
    return new Promise((resolve, reject) => {
      let lastError = 'no answer';
      const fail = (reason: string): void => {
        cleanup();
        client.end(true);
        this.#clients.delete(gateway.id);
        reject(new SimulatorError('broker_unreachable', `gateway ${gateway.id}: cannot connect to ${this.#options.brokerUrl}: ${reason}. Is the broker running? (--broker URL to change)`));
      };
      const onConnect = (): void => {
        cleanup();
        resolve();
      };
      const onError = (error: Error | ErrorWithReasonCode): void => {
        const code = 'code' in error && typeof error.code === 'number' ? error.code : undefined;
        const refusal = code === undefined ? undefined : REFUSALS[code];
        if (refusal !== undefined) fail(`the broker refused: ${refusal} (set --username/--password or SKOPIA_GATEWAY_<ID>_PASSWORD)`);
        else lastError = error.message;
      };
      const timer = setTimeout(() => fail(`no connection after ${timeoutMs / 1000} s (${lastError})`), timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        client.off('connect', onConnect);
        client.off('error', onError);
      };
      client.on('connect', onConnect);
      client.on('error', onError);
    });
  }

  publish(gateway: Gateway, message: OutgoingMessage): Promise<void> {
    const client = this.#clients.get(gateway.id);
    this.#counters.sent++;
    if (client === undefined) {
      this.#counters.failed++;
      return Promise.reject(new Error(`gateway ${gateway.id} is not connected`));
    }
    this.#inFlight++;
    const pending = this.#pendingOf(gateway.id);
    return new Promise((resolve, reject) => {
      const settle = (error?: Error): void => {
        if (!pending.delete(settle)) return;
        this.#inFlight--;
        if (error) {
          this.#counters.failed++;
          reject(error);
        } else {
          this.#counters.acknowledged++;
          resolve();
        }
      };
      pending.add(settle);
      client.publish(message.topic, message.payload, { qos: this.#options.qos, retain: message.retain ?? false }, (error) => settle(error));
    });
  }

  #pendingOf(gatewayId: string): Set<(error?: Error) => void> {
    let pending = this.#pending.get(gatewayId);
    if (pending === undefined) {
      pending = new Set();
      this.#pending.set(gatewayId, pending);
    }
    return pending;
  }

  async dropGateway(gateway: Gateway): Promise<void> {
    const client = this.#clients.get(gateway.id);
    this.#clients.delete(gateway.id);
    if (client === undefined) return;
    // In simulated time the gateway sent these long before it failed: let the broker acknowledge them.
    const pending = this.#pendingOf(gateway.id);
    const deadline = Date.now() + 5000;
    while (pending.size > 0 && client.connected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    // end(true) destroys the socket without DISCONNECT: to the broker this is a gateway that lost power.
    await client.endAsync(true);
    for (const settle of [...pending]) settle(new Error(`gateway ${gateway.id} went down before the broker acknowledged`));
  }

  async close(): Promise<void> {
    const { prefix } = this.#options;
    const closing = [...this.#clients].map(async ([gatewayId, client]) => {
      // A clean DISCONNECT suppresses the last will, so a gateway shutting down says offline itself.
      const native = client.options.will !== undefined;
      if (native && client.connected) {
        const offline = encodeGatewayStatus(prefix, gatewayId, false);
        await withTimeout(client.publishAsync(offline.topic, offline.payload, { qos: 1, retain: true }), 2000).catch(() => undefined);
      }
      await withTimeout(client.endAsync(), 3000).catch(() => client.end(true));
    });
    this.#clients.clear();
    await Promise.all(closing);
    for (const [gatewayId, pending] of this.#pending) {
      for (const settle of [...pending]) settle(new Error(`gateway ${gatewayId} closed before the broker acknowledged`));
    }
  }

  #warn(key: string, message: string): void {
    if (this.#warned.has(key)) return;
    this.#warned.add(key);
    this.#options.onWarning?.(message);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
