import type { Gateway, Sensor } from '../../../server/contracts/registry.ts';
import type { MetricValues } from '../generators/generator-context.ts';

/** An MQTT publication, ready for the client. */
export interface OutgoingMessage {
  readonly topic: string;
  readonly payload: string;
  readonly retain?: boolean;
}

/** One device uplink to encode. */
export interface UplinkInput {
  readonly gateway: Gateway;
  readonly sensor: Sensor;
  readonly metrics: MetricValues;
  /** LoRaWAN frame counter of this transmission. */
  readonly frameCounter: number;
  /** The time the message carries (measurement or receive time), epoch ms. */
  readonly timestampMs: number;
  /** Seeds radio metadata and ids, so encoding is deterministic too. */
  readonly seed: number;
}

/** Settings of the network servers the simulator stands in for. */
export interface EncoderOptions {
  /** Native topic prefix (`skopia`). */
  readonly prefix: string;
  /** The Things Stack tenant in `{application id}@{tenant}` for gateways without a `tenantId`: `ttn` on The Things Network. */
  readonly ttnTenant: string;
  /** ChirpStack tenant UUID; derived from the gateway id when not given. */
  readonly chirpstackTenantId?: string;
}
