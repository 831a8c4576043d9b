import type { Gateway } from '../../../server/contracts/registry.ts';
import type { OutgoingMessage } from '../encoders/outgoing-message.ts';

/** Counters every sink keeps; "acknowledged" means PUBACK/PUBCOMP at QoS 1/2, written to the socket at QoS 0. */
export interface SinkCounters {
  sent: number;
  acknowledged: number;
  failed: number;
}

/**
 * Where the simulator's messages go: MQTT (one connection per gateway, as real gateways have) or, for a
 * dry run, standard output.
 */
export interface MessageSink {
  readonly counters: Readonly<SinkCounters>;
  /** Opens the gateway's connection (again, after an outage) and announces it online. */
  connectGateway(gateway: Gateway): Promise<void>;
  /** Resolves when the broker acknowledges it; rejects when it cannot be delivered. */
  publish(gateway: Gateway, message: OutgoingMessage): Promise<void>;
  /** Cuts the gateway's connection without a goodbye, so the broker publishes its last will. */
  dropGateway(gateway: Gateway): Promise<void>;
  /** Messages sent and not yet acknowledged. */
  readonly inFlight: number;
  /** Says goodbye properly: offline status, then DISCONNECT. */
  close(): Promise<void>;
}
