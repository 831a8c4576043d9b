import { describe, expect, it } from 'vitest';
import type { CanaryStatus } from '../../../server/canary/canary.ts';
import { formatPrometheus } from '../../../server/metrics/prometheus-text.ts';
import { skopiaMetricFamilies, type SkopiaMetricsSnapshot } from '../../../server/metrics/skopia-metrics.ts';

const snapshot: SkopiaMetricsSnapshot = {
  info: { version: '1.2.3', region: 'polygyros', telemetryStore: 'influx', broker: 'external' },
  ingest: { connected: true, messages: 10, accepted: 12, rejected: { bad_json: 1, unknown_sensor: 0 }, lastMessageAt: 1_700_000_000_000, pauses: 2, pausedMs: 1500 },
  store: { ok: false, pending: 3, overflowed: 70, spooledBatches: 2, spooledPoints: 40, deadLetteredBatches: 0 },
  storeLatency: {
    receiveToStored: { samples: 3, p50Ms: 120, p99Ms: 250, maxMs: 400 },
    measuredToStored: { samples: 0, p50Ms: null, p99Ms: null, maxMs: null },
  },
  alertsByState: { firing: 2 },
  notifications: [
    { kind: 'alert', channel: 'webhook', status: 'failed', count: 4 },
    { kind: 'alert', channel: 'email', status: 'sent', count: 7 },
    { kind: 'dispatch', channel: 'sms', status: 'failed', count: 1 },
    { kind: 'alert', channel: 'webhook', status: 'pending', count: 1 },
  ],
  liveClients: 5,
  brokerClients: null,
  canary: null,
};

const canary: CanaryStatus = {
  ok: true,
  state: 'slow',
  reason: 'x',
  intervalS: 60,
  slowMs: 5000,
  mqttConnected: true,
  rounds: { published: 10, completed: 8, lost: 1, pending: 1 },
  lastRound: { seq: 9, publishedAt: 1_700_000_000_000, publishToIngestMs: 5, ingestToStoredMs: 110, ingestToLiveMs: 100, totalMs: 6000 },
};

function lines(s: SkopiaMetricsSnapshot): string[] {
  return formatPrometheus(skopiaMetricFamilies(s)).split('\n');
}

describe('skopiaMetricFamilies', () => {
  it('exposes ingest, store, spool, latency, alerts, notifications and live clients in base units', () => {
    const out = lines(snapshot);
    expect(out).toEqual(
      expect.arrayContaining([
        'skopia_info{version="1.2.3",region="polygyros",telemetry_store="influx",broker="external"} 1',
        'skopia_ingest_connected 1',
        'skopia_ingest_messages_total 10',
        'skopia_ingest_readings_accepted_total 12',
        'skopia_ingest_rejected_total{reason="bad_json"} 1',
        'skopia_ingest_rejected_total{reason="unknown_sensor"} 0',
        'skopia_ingest_pauses_total 2',
        'skopia_ingest_paused_seconds_total 1.5',
        'skopia_ingest_last_message_timestamp_seconds 1700000000',
        'skopia_telemetry_store_up 0',
        'skopia_telemetry_store_pending_readings 3',
        'skopia_telemetry_store_overflowed_readings_total 70',
        'skopia_telemetry_store_spooled_batches 2',
        'skopia_telemetry_store_spooled_points 40',
        'skopia_telemetry_store_write_latency_seconds{from="receipt",quantile="0.5"} 0.12',
        'skopia_telemetry_store_write_latency_seconds{from="receipt",quantile="1"} 0.4',
        'skopia_alerts_open{state="firing"} 2',
        'skopia_alerts_open{state="acknowledged"} 0',
        'skopia_notifications_failed_total{kind="alert",channel="webhook"} 4',
        'skopia_notifications_failed_total{kind="dispatch",channel="sms"} 1',
        'skopia_notifications_sent_total{kind="alert",channel="email"} 7',
        'skopia_notifications_pending{kind="alert",channel="webhook"} 1',
        'skopia_live_clients 5',
      ]),
    );
    // No measurement yet: no quantile line rather than a made-up zero.
    expect(out.some((l) => l.includes('from="measurement"'))).toBe(false);
  });

  it('leaves out the embedded broker with an external one, and the canary when it is off', () => {
    const out = lines(snapshot).join('\n');
    expect(out).not.toContain('skopia_broker_clients');
    expect(out).not.toContain('skopia_canary');
  });

  it('exposes the canary: its state as a set, the newest round per stage, its rounds', () => {
    const out = lines({ ...snapshot, brokerClients: 3, canary });
    expect(out).toEqual(
      expect.arrayContaining([
        'skopia_broker_clients 3',
        'skopia_canary_state{state="ok"} 0',
        'skopia_canary_state{state="slow"} 1',
        'skopia_canary_latency_seconds{stage="publish_to_ingest"} 0.005',
        'skopia_canary_latency_seconds{stage="ingest_to_stored"} 0.11',
        'skopia_canary_latency_seconds{stage="total"} 6',
        'skopia_canary_rounds_published_total 10',
        'skopia_canary_rounds_completed_total 8',
        'skopia_canary_rounds_lost_total 1',
        'skopia_canary_last_success_timestamp_seconds 1700000000',
      ]),
    );
  });
});
