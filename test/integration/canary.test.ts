import { afterEach, describe, expect, it } from 'vitest';
import type { AlertView } from '../../server/contracts/alerts.ts';
import type { SensorView } from '../../server/contracts/live.ts';
import { CANARY_RULE_ID, type CanaryStatus } from '../../server/canary/canary.ts';
import { CANARY_SENSOR_ID } from '../../server/canary/canary-ids.ts';
import { LiveClient } from '../helpers/live-client.ts';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';

interface Health {
  readonly status: string;
  readonly live: { readonly clients: number };
  readonly canary?: CanaryStatus;
}

/** The self-check through the real embedded broker, ingest, SQLite store and live hub, on short intervals. */
describe('canary self-check', () => {
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  async function health(s: TestServer): Promise<{ code: number; body: Health }> {
    const res = await fetch(`${s.httpUrl}/health`);
    return { code: res.status, body: (await res.json()) as Health };
  }

  async function canaryAlerts(s: TestServer, state: string): Promise<AlertView[]> {
    const res = await fetch(`${s.httpUrl}/api/alerts?state=${state}&ruleId=${encodeURIComponent(CANARY_RULE_ID)}`, { headers: { authorization: `Kiosk ${s.kiosk}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { alerts: AlertView[] }).alerts;
  }

  it('measures a test reading to the store and the live hub, reports it in /health, and hides the canary from dashboards', async () => {
    const s = (server = await startTestServer({ CANARY_INTERVAL_S: '0.2', CANARY_SLOW_MS: '3000' }));
    // No dashboard connected: the canary's stand-in lets the hub build frames, and is not counted.
    await expect.poll(async () => (await health(s)).body.canary?.state, { timeout: 10_000 }).toBe('ok');
    const { code, body } = await health(s);
    expect(code).toBe(200);
    expect(body.live.clients).toBe(0);
    const last = body.canary?.lastRound;
    expect(last).not.toBeNull();
    expect(last?.publishToIngestMs).toBeGreaterThanOrEqual(0);
    expect(last?.ingestToStoredMs).toBeGreaterThanOrEqual(0);
    expect(last?.ingestToLiveMs).toBeGreaterThanOrEqual(0);
    expect(last?.totalMs).toBeLessThan(3000);
    expect(body.canary?.mqttConnected).toBe(true);

    // With a dashboard connected: no canary in the snapshot or any delta, and its messages are not a gateway's.
    const live = await LiveClient.connect(s.wsUrl);
    const completed = body.canary?.rounds.completed ?? 0;
    await expect.poll(async () => (await health(s)).body.canary?.rounds.completed ?? 0, { timeout: 10_000 }).toBeGreaterThan(completed + 2);
    expect((await health(s)).body.live.clients).toBe(1);
    const sensorsSeen = live.messages.flatMap((m) => (m.type === 'snapshot' ? m.sensors.map((x) => x.id) : m.type === 'sensor' ? [m.sensor.id] : []));
    expect(sensorsSeen.length).toBeGreaterThan(0);
    expect(sensorsSeen).not.toContain(CANARY_SENSOR_ID);
    live.close();
    const res = await fetch(`${s.httpUrl}/api/sensors`, { headers: { authorization: `Kiosk ${s.kiosk}` } });
    const ids = ((await res.json()) as { sensors: SensorView[] }).sensors.map((x) => x.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).not.toContain(CANARY_SENSOR_ID);
    expect(s.app.skopia.pipeline.counters.messages).toBe(0);
    expect(await canaryAlerts(s, 'open')).toEqual([]);
  });

  it('raises an alert when ingest stops, answers 503 on /health, and clears it when readings flow again', async () => {
    const s = (server = await startTestServer({ CANARY_INTERVAL_S: '0.2', CANARY_SLOW_MS: '3000' }));
    await expect.poll(async () => (await health(s)).body.canary?.state, { timeout: 10_000 }).toBe('ok');

    await s.app.skopia.ingest.stop();
    await expect.poll(async () => (await health(s)).body.canary?.state, { timeout: 10_000 }).toBe('stopped');
    const stopped = await health(s);
    expect(stopped.code).toBe(503);
    expect(stopped.body.canary?.reason).toMatch(/ingest/);
    const [alert] = await canaryAlerts(s, 'open');
    expect(alert).toMatchObject({ ruleId: CANARY_RULE_ID, hazard: 'sensor_fault', public: false, severity: 'Severe', state: 'firing', sensorIds: [] });
    expect(alert?.message).toMatch(/Pipeline stopped/);

    await s.app.skopia.ingest.start();
    await expect.poll(async () => (await health(s)).body.canary?.state, { timeout: 15_000 }).toBe('ok');
    await expect.poll(async () => (await canaryAlerts(s, 'open')).length, { timeout: 10_000 }).toBe(0);
    const [resolved] = await canaryAlerts(s, 'resolved');
    expect(resolved?.id).toBe(alert?.id);
    expect(resolved?.resolved?.automatic).toBe(true);
    expect((await health(s)).code).toBe(200);
  });

  it('raises a slow-pipeline alert when a test reading takes longer than CANARY_SLOW_MS', async () => {
    // 10 ms is below what batching to the store takes (100 ms): every round is slow.
    const s = (server = await startTestServer({ CANARY_INTERVAL_S: '0.2', CANARY_SLOW_MS: '10' }));
    await expect.poll(async () => (await canaryAlerts(s, 'open')).length, { timeout: 10_000 }).toBe(1);
    const [alert] = await canaryAlerts(s, 'open');
    expect(alert).toMatchObject({ ruleId: CANARY_RULE_ID, severity: 'Moderate' });
    expect(alert?.message).toMatch(/Pipeline slow/);
    const { code, body } = await health(s);
    expect(body.canary?.state).toBe('slow');
    // Slow is reported, not a failure of the probe: the server still serves.
    expect(code).toBe(200);
  });

  it('is off with CANARY_INTERVAL_S=0', async () => {
    const s = (server = await startTestServer({ CANARY_INTERVAL_S: '0' }));
    const { code, body } = await health(s);
    expect(code).toBe(200);
    expect(body.canary).toBeUndefined();
    expect(s.app.skopia.canary).toBeNull();
  });
});
