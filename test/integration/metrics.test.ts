import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MqttClient } from 'mqtt';
import { SKOPIA_VERSION } from '../../server/version.ts';
import { freePort } from '../helpers/free-port.ts';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';

/** One sample's value from the exposition text; undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let server: TestServer;
  let gateway: MqttClient;
  let token: string;

  beforeAll(async () => {
    // Nothing listens on this port: every alert notification fails, after one attempt.
    const deadWebhook = `http://127.0.0.1:${await freePort()}/hook`;
    server = await startTestServer({
      CANARY_INTERVAL_S: '0.2',
      // Below the store's batching delay: the canary raises a slow-pipeline alert, whose notification fails.
      CANARY_SLOW_MS: '10',
      ALERT_NOTIFY_LEVEL_0: deadWebhook,
      NOTIFY_RETRY_ATTEMPTS: '1',
      NOTIFY_WEBHOOK_TIMEOUT_MS: '500',
    });
    token = server.apiToken('viewer', 'prometheus');
    gateway = await server.connectGateway('gw-polygyros');
    const topic = (sensor: string): string => `skopia/gw-polygyros/${sensor}/telemetry`;
    for (let i = 0; i < 5; i++) await gateway.publishAsync(topic('ws-polygyros'), JSON.stringify({ metrics: { air_temperature_c: 20 + i } }), { qos: 1 });
    await gateway.publishAsync(topic('ws-polygyros'), JSON.stringify({ readings: [{ metrics: { air_temperature_c: 30 } }, { metrics: { air_temperature_c: 31 } }] }), { qos: 1 });
    await gateway.publishAsync(topic('no-such-sensor'), JSON.stringify({ metrics: { air_temperature_c: 1 } }), { qos: 1 });
    await gateway.publishAsync(topic('ws-polygyros'), 'not json', { qos: 1 });
  });

  afterAll(async () => {
    await gateway?.endAsync();
    await server?.close();
  });

  async function scrape(): Promise<string> {
    const res = await fetch(`${server.httpUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    return res.text();
  }

  it('needs a viewer credential', async () => {
    expect((await fetch(`${server.httpUrl}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.httpUrl}/metrics`, { headers: { authorization: `Bearer not-a-token` } })).status).toBe(401);
  });

  it('counts ingest traffic: messages, accepted readings, rejects by reason', async () => {
    await expect.poll(async () => sample(await scrape(), 'skopia_ingest_messages_total'), { timeout: 10_000 }).toBe(8);
    const text = await scrape();
    expect(sample(text, 'skopia_ingest_readings_accepted_total')).toBe(7);
    expect(sample(text, 'skopia_ingest_rejected_total{reason="unknown_sensor"}')).toBe(1);
    expect(sample(text, 'skopia_ingest_rejected_total{reason="bad_json"}')).toBe(1);
    expect(sample(text, 'skopia_ingest_rejected_total{reason="too_large"}')).toBe(0);
    expect(sample(text, 'skopia_ingest_connected')).toBe(1);
    expect(sample(text, 'skopia_ingest_last_message_timestamp_seconds')).toBeGreaterThan(1e9);
    expect(text).toContain('# TYPE skopia_ingest_rejected_total counter');
  });

  it('reports the store, its write latency and spool, live clients and the process', async () => {
    await expect.poll(async () => sample(await scrape(), 'skopia_telemetry_store_write_latency_seconds{from="receipt",quantile="0.5"}'), { timeout: 10_000 }).toBeGreaterThan(0);
    const text = await scrape();
    expect(text).toContain(`skopia_info{version="${SKOPIA_VERSION}",region="polygyros",telemetry_store="sqlite",broker="embedded"} 1`);
    expect(sample(text, 'skopia_telemetry_store_up')).toBe(1);
    expect(sample(text, 'skopia_telemetry_store_spooled_points')).toBe(0);
    expect(text).toContain('# TYPE skopia_telemetry_store_write_latency_seconds summary');
    expect(sample(text, 'skopia_live_clients')).toBe(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(1e6);
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{quantile="0.99"\} [0-9.e-]+$/m);
  });

  it('reports the canary, the alerts by state and the failed notifications', async () => {
    await expect.poll(async () => sample(await scrape(), 'skopia_canary_state{state="slow"}'), { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => sample(await scrape(), 'skopia_alerts_open{state="firing"}'), { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => sample(await scrape(), 'skopia_notifications_failed_total{kind="alert",channel="webhook"}'), { timeout: 15_000 }).toBe(1);
    const text = await scrape();
    expect(sample(text, 'skopia_alerts_open{state="acknowledged"}')).toBe(0);
    expect(sample(text, 'skopia_canary_latency_seconds{stage="total"}')).toBeGreaterThan(0.01);
    expect(sample(text, 'skopia_canary_rounds_completed_total')).toBeGreaterThan(0);
  });
});
