/**
 * Skopia's own metrics, from a plain snapshot of the running parts. Pure, so the list of metrics, their
 * names, labels and units are unit-tested; metrics-collector.ts takes the snapshot. Units are base
 * units (seconds, bytes), as Prometheus expects.
 */
import type { CanaryStatus } from '../canary/canary.ts';
import type { LatencySummary } from '../telemetry/store-latency.ts';
import type { NotificationOutcome } from './notification-outcomes.ts';
import { counter, gauge, summary, type MetricFamily, type Sample } from './prometheus-text.ts';

export interface SkopiaMetricsSnapshot {
  readonly info: { readonly version: string; readonly region: string; readonly telemetryStore: string; readonly broker: 'embedded' | 'external' };
  readonly ingest: {
    readonly connected: boolean;
    readonly messages: number;
    readonly accepted: number;
    readonly rejected: Readonly<Record<string, number>>;
    readonly lastMessageAt: number | null;
    /** Flow control: how often, and how long in all, ingest stopped reading while the store caught up. */
    readonly pauses: number;
    readonly pausedMs: number;
  };
  readonly store: {
    readonly ok: boolean;
    readonly pending: number;
    readonly overflowed: number;
    readonly spooledBatches: number;
    readonly spooledPoints: number;
    readonly deadLetteredBatches: number;
  };
  readonly storeLatency: { readonly receiveToStored: LatencySummary; readonly measuredToStored: LatencySummary };
  /** Open alerts by state (firing, acknowledged). */
  readonly alertsByState: Readonly<Record<string, number>>;
  readonly notifications: readonly NotificationOutcome[];
  readonly liveClients: number;
  /** Clients of the embedded broker; null with an external broker. */
  readonly brokerClients: number | null;
  /** Null when the self-check is off (CANARY_INTERVAL_S=0). */
  readonly canary: CanaryStatus | null;
}

const ms = (v: number | null): number | null => (v === null ? null : v / 1000);
const flag = (b: boolean): number => (b ? 1 : 0);

function latencySummary(from: string, s: LatencySummary): { labels: { from: string }; quantiles: [number, number | null][] } {
  return { labels: { from }, quantiles: [[0.5, ms(s.p50Ms)], [0.99, ms(s.p99Ms)], [1, ms(s.maxMs)]] };
}

function canaryFamilies(c: CanaryStatus): MetricFamily[] {
  const states = ['starting', 'ok', 'slow', 'stopped'] as const;
  const legs: Sample[] =
    c.lastRound === null
      ? []
      : [
          { labels: { stage: 'publish_to_ingest' }, value: c.lastRound.publishToIngestMs / 1000 },
          { labels: { stage: 'ingest_to_stored' }, value: c.lastRound.ingestToStoredMs / 1000 },
          { labels: { stage: 'ingest_to_live' }, value: c.lastRound.ingestToLiveMs / 1000 },
          { labels: { stage: 'total' }, value: c.lastRound.totalMs / 1000 },
        ];
  return [
    gauge('skopia_canary_state', 'Self-check state: 1 for the current one of starting, ok, slow, stopped.', states.map((s) => ({ labels: { state: s }, value: flag(c.state === s) }))),
    gauge('skopia_canary_latency_seconds', 'Self-check: how long the newest complete test reading took, per stage.', legs),
    counter('skopia_canary_rounds_published_total', 'Self-check test readings published since start.', c.rounds.published),
    counter('skopia_canary_rounds_completed_total', 'Self-check test readings that made it to the store and the live hub.', c.rounds.completed),
    counter('skopia_canary_rounds_lost_total', 'Self-check test readings that never made it through.', c.rounds.lost),
    gauge(
      'skopia_canary_last_success_timestamp_seconds',
      'When the newest complete test reading was published, Unix seconds.',
      c.lastRound === null ? [] : [{ value: c.lastRound.publishedAt / 1000 }],
    ),
  ];
}

export function skopiaMetricFamilies(s: SkopiaMetricsSnapshot): MetricFamily[] {
  const rejected = Object.entries(s.ingest.rejected).map(([reason, value]) => ({ labels: { reason }, value }));
  const notifications = (status: NotificationOutcome['status']): Sample[] =>
    s.notifications.filter((n) => n.status === status).map((n) => ({ labels: { kind: n.kind, channel: n.channel }, value: n.count }));
  const families: MetricFamily[] = [
    gauge('skopia_info', 'Which Skopia runs and how it is set up; always 1.', [
      { labels: { version: s.info.version, region: s.info.region, telemetry_store: s.info.telemetryStore, broker: s.info.broker }, value: 1 },
    ]),
    gauge('skopia_ingest_connected', '1 while the server is connected and subscribed to the MQTT broker.', flag(s.ingest.connected)),
    counter('skopia_ingest_messages_total', 'MQTT messages received from gateways (the self-check not included).', s.ingest.messages),
    counter('skopia_ingest_readings_accepted_total', 'Readings accepted (a batch message carries several).', s.ingest.accepted),
    counter('skopia_ingest_rejected_total', 'Messages or readings rejected, by reason (reported on the gateway error topic).', rejected),
    counter('skopia_ingest_pauses_total', 'Times ingest stopped reading (the broker held messages) while the telemetry store caught up.', s.ingest.pauses),
    counter('skopia_ingest_paused_seconds_total', 'Time ingest spent stopped while the telemetry store caught up.', s.ingest.pausedMs / 1000),
    gauge(
      'skopia_ingest_last_message_timestamp_seconds',
      'When the newest gateway message arrived, Unix seconds.',
      s.ingest.lastMessageAt === null ? [] : [{ value: s.ingest.lastMessageAt / 1000 }],
    ),
    gauge('skopia_telemetry_store_up', '1 while the telemetry store takes writes (0: InfluxDB unreachable, readings go to the spool).', flag(s.store.ok)),
    gauge('skopia_telemetry_store_pending_readings', 'Readings accepted and not yet durably written.', s.store.pending),
    counter(
      'skopia_telemetry_store_overflowed_readings_total',
      'Readings that did not fit in the write buffer because the store was slower than the sensors (written at once or spooled to disk; not lost).',
      s.store.overflowed,
    ),
    gauge('skopia_telemetry_store_spooled_batches', 'Batches waiting on disk (DATA_DIR/influx-spool) for InfluxDB.', s.store.spooledBatches),
    gauge('skopia_telemetry_store_spooled_points', 'Points waiting on disk for InfluxDB.', s.store.spooledPoints),
    gauge('skopia_telemetry_store_dead_lettered_batches', 'Batches InfluxDB refused as bad data, kept in the spool dead-letter folder.', s.store.deadLetteredBatches),
    summary(
      'skopia_telemetry_store_write_latency_seconds',
      'Time until readings are durable, over the last 2048 probes: from receipt by the server, or from the reading timestamp. No _sum/_count: a rolling window.',
      [latencySummary('receipt', s.storeLatency.receiveToStored), latencySummary('measurement', s.storeLatency.measuredToStored)],
    ),
    gauge(
      'skopia_alerts_open',
      'Open alerts by state.',
      ['firing', 'acknowledged'].map((state) => ({ labels: { state }, value: s.alertsByState[state] ?? 0 })),
    ),
    counter('skopia_notifications_sent_total', 'Notifications delivered: kind alert (officers) or dispatch (contractors), by channel.', notifications('sent')),
    counter('skopia_notifications_failed_total', 'Notifications that failed for good (after their retries), by kind and channel.', notifications('failed')),
    gauge('skopia_notifications_pending', 'Alert notifications still being sent or retried, by channel.', notifications('pending')),
    gauge('skopia_live_clients', 'Dashboards connected to the live WebSocket /ws.', s.liveClients),
  ];
  if (s.brokerClients !== null) families.push(gauge('skopia_broker_clients', 'Clients connected to the embedded MQTT broker.', s.brokerClients));
  if (s.canary !== null) families.push(...canaryFamilies(s.canary));
  return families;
}
