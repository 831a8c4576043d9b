import type { IngestOutcome, IngestPipelineOptions } from '../ingest/ingest-pipeline.ts';
import { IngestPipeline } from '../ingest/ingest-pipeline.ts';
import type { SensorRegistry } from '../registry/sensor-registry.ts';

/**
 * The ingest pipeline with the canary's topic handed to a decoder of its own. The canary's messages
 * take the real path (broker, the server's MQTT client, the native decoder, the store, the bus, the
 * live hub) but stay out of the gateways' counters, so /health and /metrics count only real traffic.
 */
export class CanaryAwarePipeline extends IngestPipeline {
  /** The canary's own decoder and counters. */
  readonly canary: IngestPipeline;
  readonly #topic: string;

  constructor(opts: IngestPipelineOptions, canary: { readonly topic: string; readonly registry: SensorRegistry }) {
    super(opts);
    this.canary = new IngestPipeline({ ...opts, registry: canary.registry });
    this.#topic = canary.topic;
  }

  override handle(topic: string, payload: Buffer, receivedAt: number): IngestOutcome {
    if (topic !== this.#topic) return super.handle(topic, payload, receivedAt);
    const outcome = this.canary.handle(topic, payload, receivedAt);
    return { ...outcome, readings: outcome.readings.map((r) => ({ ...r, source: 'canary' })) };
  }
}
