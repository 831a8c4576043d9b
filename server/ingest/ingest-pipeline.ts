import { parseNativeTopic } from '../contracts/topics.ts';
import { REJECT_REASONS, type Reading, type RejectReason } from '../contracts/telemetry.ts';
import type { SensorRegistry } from '../registry/sensor-registry.ts';
import { decodeNativeTelemetry } from './native-decoder.ts';
import { CHIRPSTACK_UPLINK_FILTER, decodeChirpstackUp, parseChirpstackTopic } from './chirpstack-decoder.ts';
import { TTN_UPLINK_FILTER, decodeTtnUplink, parseTtnTopic } from './ttn-decoder.ts';
import type { LorawanContext } from './lorawan-fields.ts';
import type { DecodeResult, Rejection } from './decode-result.ts';

/** What became of one MQTT message. `gatewayId` is where rejections are reported, when known. */
export interface IngestOutcome {
  readonly gatewayId: string | null;
  readonly readings: readonly Reading[];
  readonly rejections: readonly Rejection[];
  /** A gateway status message: online true/false. */
  readonly gatewayStatus?: { readonly gatewayId: string; readonly online: boolean };
}

export interface IngestCounters {
  messages: number;
  accepted: number;
  rejected: Record<RejectReason, number>;
  firstMessageAt: number | null;
  lastMessageAt: number | null;
}

export function emptyCounters(): IngestCounters {
  return {
    messages: 0,
    accepted: 0,
    rejected: Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<RejectReason, number>,
    firstMessageAt: null,
    lastMessageAt: null,
  };
}

export interface IngestPipelineOptions {
  readonly prefix: string;
  readonly maxPayloadBytes: number;
  readonly registry: SensorRegistry;
}

/**
 * Routes a message by topic to its decoder and counts the outcome. No I/O: the MQTT adapter
 * publishes the rejections and hands the readings on.
 */
export class IngestPipeline {
  readonly counters: IngestCounters = emptyCounters();
  readonly #opts: IngestPipelineOptions;

  constructor(opts: IngestPipelineOptions) {
    this.#opts = opts;
  }

  /** Topic filters to subscribe to. */
  get subscriptions(): string[] {
    return [`${this.#opts.prefix}/+/+/telemetry`, `${this.#opts.prefix}/+/status`, TTN_UPLINK_FILTER, CHIRPSTACK_UPLINK_FILTER];
  }

  handle(topic: string, payload: Buffer, receivedAt: number): IngestOutcome {
    this.counters.messages++;
    this.counters.firstMessageAt ??= receivedAt;
    this.counters.lastMessageAt = receivedAt;
    const outcome = this.#route(topic, payload, receivedAt);
    this.counters.accepted += outcome.readings.length;
    for (const r of outcome.rejections) this.counters.rejected[r.reason]++;
    return outcome;
  }

  #route(topic: string, payload: Buffer, receivedAt: number): IngestOutcome {
    if (topic.startsWith('v3/')) return this.#lorawan('ttn', parseTtnTopic(topic)?.applicationId, topic, payload, receivedAt);
    if (topic.startsWith('application/')) {
      return this.#lorawan('chirpstack', parseChirpstackTopic(topic)?.applicationId, topic, payload, receivedAt);
    }
    const native = parseNativeTopic(this.#opts.prefix, topic);
    if (native === null) {
      // Tell the gateway when the topic names one, so its operator sees the mistake.
      const named = topic.slice(this.#opts.prefix.length + 1).split('/')[0] ?? '';
      const gatewayId = this.#opts.registry.gateway(named) ? named : null;
      return {
        gatewayId,
        readings: [],
        rejections: [{ reason: 'bad_topic', message: `topic "${topic}" is not {prefix}/{gatewayId}/{sensorId}/telemetry with ids of letters, digits, "_", "." or "-"` }],
      };
    }
    const { gatewayId } = native;
    if (native.kind === 'errors') return { gatewayId: null, readings: [], rejections: [] };
    if (native.kind === 'status') {
      const text = payload.toString('utf8').trim().toLowerCase();
      if (text !== 'online' && text !== 'offline') {
        return { gatewayId, readings: [], rejections: [{ reason: 'invalid_payload', message: 'status must be "online" or "offline"' }] };
      }
      return { gatewayId, readings: [], rejections: [], gatewayStatus: { gatewayId, online: text === 'online' } };
    }
    if (payload.length > this.#opts.maxPayloadBytes) {
      return {
        gatewayId,
        readings: [],
        rejections: [{ reason: 'too_large', message: `payload of ${payload.length} bytes exceeds the limit of ${this.#opts.maxPayloadBytes} bytes` }],
      };
    }
    const registry = this.#opts.registry;
    const result = decodeNativeTelemetry(gatewayId, native.sensorId, payload, {
      receivedAt,
      sensorOf: (id) => registry.sensor(id),
    });
    return { gatewayId, readings: result.readings, rejections: result.rejections };
  }

  #lorawan(format: 'ttn' | 'chirpstack', applicationId: string | undefined, topic: string, payload: Buffer, receivedAt: number): IngestOutcome {
    const registry = this.#opts.registry;
    // Rejections go to the error topic of the Skopia gateway registered for this application.
    const gatewayId = applicationId === undefined ? null : (registry.gatewayByApplication(format, applicationId)?.id ?? null);
    if (payload.length > this.#opts.maxPayloadBytes) {
      return {
        gatewayId,
        readings: [],
        rejections: [{ reason: 'too_large', message: `payload of ${payload.length} bytes exceeds the limit of ${this.#opts.maxPayloadBytes} bytes` }],
      };
    }
    const ctx: LorawanContext = {
      receivedAt,
      sensorByDevEui: (eui) => registry.sensorByDevEui(eui),
      applicationOf: (sensor) => registry.gateway(sensor.gatewayId)?.applicationId,
    };
    const result: DecodeResult = format === 'ttn' ? decodeTtnUplink(topic, payload, ctx) : decodeChirpstackUp(topic, payload, ctx);
    return { gatewayId, ...result };
  }
}
