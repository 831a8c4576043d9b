import type { Canary } from '../canary/canary.ts';
import type { EmbeddedBroker } from '../broker/embedded-broker.ts';
import type { IngestPipeline } from '../ingest/ingest-pipeline.ts';
import type { MqttIngest } from '../ingest/mqtt-ingest.ts';
import type { FlowControl } from '../ingest/flow-control.ts';
import type { StoreLatencyProbe } from '../telemetry/store-latency.ts';
import type { TelemetryStore } from '../telemetry/telemetry-store.ts';
import type { NotificationOutcomes } from './notification-outcomes.ts';
import type { ProcessMetrics } from './process-metrics.ts';
import type { MetricFamily } from './prometheus-text.ts';
import { skopiaMetricFamilies } from './skopia-metrics.ts';

export interface MetricsSources {
  readonly info: { readonly version: string; readonly region: string };
  readonly pipeline: IngestPipeline;
  readonly ingest: Pick<MqttIngest, 'health'>;
  readonly flowControl: Pick<FlowControl, 'stats'>;
  readonly store: Pick<TelemetryStore, 'adapter' | 'health'>;
  readonly storeLatency: Pick<StoreLatencyProbe, 'receiveToStored' | 'measuredToStored'>;
  readonly openAlerts: () => readonly { readonly state: string }[];
  readonly notifications: NotificationOutcomes;
  readonly liveClients: () => number;
  readonly broker: Pick<EmbeddedBroker, 'connectedClients'> | null;
  readonly canary: Pick<Canary, 'status'> | null;
  readonly process: ProcessMetrics;
}

/** The InfluxDB store adds its spool to the port's health; other stores have none. */
function numberField(o: object, name: string): number {
  const v: unknown = (o as Record<string, unknown>)[name];
  return typeof v === 'number' ? v : 0;
}

/** Every metric of GET /metrics, read from the running parts at scrape time. */
export function collectMetrics(s: MetricsSources): MetricFamily[] {
  const counters = s.pipeline.counters;
  const store = s.store.health();
  const byState: Record<string, number> = {};
  for (const a of s.openAlerts()) byState[a.state] = (byState[a.state] ?? 0) + 1;
  return [
    ...skopiaMetricFamilies({
      info: { ...s.info, telemetryStore: s.store.adapter, broker: s.broker === null ? 'external' : 'embedded' },
      ingest: {
        connected: s.ingest.health().connected,
        messages: counters.messages,
        accepted: counters.accepted,
        rejected: counters.rejected,
        lastMessageAt: counters.lastMessageAt,
        pauses: s.flowControl.stats.pauses,
        pausedMs: s.flowControl.stats.pausedMs,
      },
      store: {
        ok: store.ok,
        pending: store.pending,
        overflowed: store.overflowed,
        spooledBatches: numberField(store, 'spooledBatches'),
        spooledPoints: numberField(store, 'spooledPoints'),
        deadLetteredBatches: numberField(store, 'deadLetteredBatches'),
      },
      storeLatency: { receiveToStored: s.storeLatency.receiveToStored.summary(), measuredToStored: s.storeLatency.measuredToStored.summary() },
      alertsByState: byState,
      notifications: s.notifications.all(),
      liveClients: s.liveClients(),
      brokerClients: s.broker?.connectedClients() ?? null,
      canary: s.canary?.status() ?? null,
    }),
    ...s.process.families(),
  ];
}
