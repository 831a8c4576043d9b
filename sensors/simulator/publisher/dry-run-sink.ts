import type { Gateway } from '../../../server/contracts/registry.ts';
import { encodeGatewayStatus } from '../encoders/native-encoder.ts';
import type { OutgoingMessage } from '../encoders/outgoing-message.ts';
import type { MessageSink, SinkCounters } from './message-sink.ts';

/** One line of a dry run: what would have been published, and by which gateway. */
export interface DryRunLine {
  readonly gatewayId: string;
  readonly topic: string;
  readonly retain: boolean;
  readonly payload: string;
}

/** Publishes nowhere: hands every message to `write` (the CLI prints JSON lines). */
export class DryRunSink implements MessageSink {
  readonly #write: (line: DryRunLine) => void;
  readonly #prefix: string;
  readonly #counters: SinkCounters = { sent: 0, acknowledged: 0, failed: 0 };
  readonly #online = new Map<string, Gateway>();

  constructor(prefix: string, write: (line: DryRunLine) => void) {
    this.#prefix = prefix;
    this.#write = write;
  }

  get counters(): Readonly<SinkCounters> {
    return this.#counters;
  }

  get inFlight(): number {
    return 0;
  }

  connectGateway(gateway: Gateway): Promise<void> {
    this.#online.set(gateway.id, gateway);
    if (gateway.format === 'native') this.#emit(gateway, encodeGatewayStatus(this.#prefix, gateway.id, true));
    return Promise.resolve();
  }

  publish(gateway: Gateway, message: OutgoingMessage): Promise<void> {
    this.#emit(gateway, message);
    return Promise.resolve();
  }

  dropGateway(gateway: Gateway): Promise<void> {
    this.#online.delete(gateway.id);
    // What the broker would publish for the gateway's last will.
    if (gateway.format === 'native') this.#emit(gateway, encodeGatewayStatus(this.#prefix, gateway.id, false));
    return Promise.resolve();
  }

  close(): Promise<void> {
    for (const gateway of this.#online.values()) {
      if (gateway.format === 'native') this.#emit(gateway, encodeGatewayStatus(this.#prefix, gateway.id, false));
    }
    this.#online.clear();
    return Promise.resolve();
  }

  #emit(gateway: Gateway, message: OutgoingMessage): void {
    this.#counters.sent++;
    this.#counters.acknowledged++;
    this.#write({ gatewayId: gateway.id, topic: message.topic, retain: message.retain ?? false, payload: message.payload });
  }
}
