import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type mqtt from 'mqtt';
import type { AlertDeltaMessage, SensorDeltaMessage, ServerMessage, SnapshotMessage } from '../../server/contracts/live.ts';
import type { AlertView } from '../../server/contracts/alerts.ts';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';
import { LiveClient } from '../helpers/live-client.ts';
import { apiAs, publish, rulesDir } from './alert.fixtures.ts';

/**
 * The whole alert loop over the network: a gateway publishes a reading that crosses a threshold, the
 * alert appears in the API and as a frame on the live stream (the sensor turns red), an operator
 * acknowledges it (a comment is required) and resolves it; every step is in its history and the audit log.
 */
describe('alert lifecycle through MQTT, the API and the live stream', () => {
  let server: TestServer;
  let gateway: mqtt.MqttClient;
  let dir: string;
  let operator: Awaited<ReturnType<typeof apiAs>>;
  let viewer: Awaited<ReturnType<typeof apiAs>>;

  beforeAll(async () => {
    dir = rulesDir();
    server = await startTestServer({ RULES_DIR: dir });
    gateway = await server.connectGateway('gw-polygyros');
    operator = await apiAs(server, 'operator');
    viewer = await apiAs(server, 'viewer');
  });
  afterAll(async () => {
    await gateway?.endAsync();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const isAlertFrame =
    (pred: (a: AlertView) => boolean) =>
    (m: ServerMessage): m is AlertDeltaMessage =>
      m.type === 'alert' && pred(m.alert);

  it('a reading over the threshold raises an alert: in /api/alerts, as an alert frame, and on the sensor', async () => {
    const live = await LiveClient.connect(server.wsUrl);
    const snapshot = await live.waitFor((m): m is SnapshotMessage => m.type === 'snapshot');
    expect(snapshot.alerts).toEqual([]);
    await publish(gateway, 'gw-polygyros', 'ws-polygyros', { wind_gust_kmh: 88 });
    const frame = await live.waitFor(isAlertFrame((a) => a.ruleId === 'test-wind' && a.state === 'firing'));
    expect(frame.alert).toMatchObject({
      subject: { type: 'sensor', id: 'ws-polygyros', name: 'Polygyros weather station' },
      severity: 'Moderate',
      value: 88,
      peak: 88,
      machineTypes: ['backhoe_loader', 'tipper_truck', 'generator'],
      position: { lat: 40.381, lon: 23.446 },
      villageId: 'polygyros',
      allowedActions: ['acknowledge', 'resolve'],
    });
    const recoloured = await live.waitFor((m): m is SensorDeltaMessage => m.type === 'sensor' && m.sensor.id === 'ws-polygyros' && m.sensor.alertSeverity === 'Moderate');
    expect(recoloured.seq).toBeGreaterThan(frame.seq - 5);
    const seqs = live.messages.map((m) => m.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i));

    const listed = await viewer.alerts('?state=firing&hazard=storm');
    expect(listed.map((a) => a.id)).toEqual([frame.alert.id]);
    expect(await viewer.alerts('?severity=Extreme')).toEqual([]);
    expect(await viewer.alerts(`?since=${Date.now() + 60_000}`)).toEqual([]);

    // A new snapshot carries it too.
    const late = await LiveClient.connect(server.wsUrl);
    expect((await late.waitFor((m): m is SnapshotMessage => m.type === 'snapshot')).alerts.map((a) => a.id)).toEqual([frame.alert.id]);
    late.close();
    live.close();
  });

  it('updates the peak of the same alert instead of opening another', async () => {
    await publish(gateway, 'gw-polygyros', 'ws-polygyros', { wind_gust_kmh: 104 });
    await expect.poll(async () => (await viewer.alerts('?state=open')).map((a) => a.peak)).toEqual([104]);
  });

  it('acknowledging needs a comment (400 naming the field), an operator (403), and a firing alert (409)', async () => {
    const [alert] = await viewer.alerts('?state=firing');
    const id = alert?.id ?? '';
    const noComment = await operator.post(`/api/alerts/${id}/acknowledge`, {});
    expect(noComment.status).toBe(400);
    expect(noComment.body.error?.message).toContain('body.comment');
    const blank = await operator.post(`/api/alerts/${id}/acknowledge`, { comment: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.error?.message).toContain('a comment is required');
    expect((await viewer.post(`/api/alerts/${id}/acknowledge`, { comment: 'me too' })).status).toBe(403);

    const live = await LiveClient.connect(server.wsUrl);
    const ok = await operator.post<AlertView>(`/api/alerts/${id}/acknowledge`, { comment: 'Tree crews warned' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ state: 'acknowledged', acknowledged: { by: 'test-operator', comment: 'Tree crews warned' }, allowedActions: ['resolve'] });
    await live.waitFor(isAlertFrame((a) => a.id === id && a.state === 'acknowledged'));
    live.close();

    const again = await operator.post(`/api/alerts/${id}/acknowledge`, { comment: 'again' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'alert_already_acknowledged', details: { state: 'acknowledged', allowedActions: ['resolve'] } });
  });

  it('shows why it fired: history, the rule, recent readings of the sensor, and the audit log', async () => {
    const [alert] = await viewer.alerts('?state=open');
    // The readings behind the alert come from the telemetry store, which writes in batches.
    await server.app.skopia.store.flush();
    const detail = await viewer.alert(alert?.id ?? '');
    expect(detail.history.map((e) => [e.kind, e.by])).toEqual([
      ['raised', 'system'],
      ['updated', 'system'],
      ['acknowledged', 'test-operator'],
    ]);
    expect(detail.rule).toMatchObject({ id: 'test-wind', condition: { kind: 'threshold', raise: 75 } });
    expect(detail.readings).toEqual([{ sensorId: 'ws-polygyros', metric: 'wind_gust_kmh', points: [expect.objectContaining({ value: 88 }), expect.objectContaining({ value: 104 })] }]);
    const audit = server.app.skopia.audit.query({ subjectType: 'alert', subjectId: alert?.id ?? '' });
    expect(audit.map((e) => e.action).reverse()).toEqual(['alert.raise', 'alert.update', 'alert.acknowledge']);
    expect(audit[0]).toMatchObject({ actor: 'test-operator', sourceIp: '127.0.0.1', note: 'Tree crews warned' });
  });

  it('gives dispatch a target: hazard, position, village', () => {
    const [alert] = server.app.skopia.alerts.service.openAlerts();
    expect(server.app.skopia.machinery.targets.resolve('alert', alert?.id ?? '')).toMatchObject({
      kind: 'alert',
      hazard: 'storm',
      lat: 40.381,
      lon: 23.446,
      villageId: 'polygyros',
    });
  });

  it('resolving by hand needs a comment, and a resolved alert allows nothing more', async () => {
    const [alert] = await viewer.alerts('?state=open');
    const id = alert?.id ?? '';
    expect((await operator.post(`/api/alerts/${id}/resolve`, { comment: '' })).status).toBe(400);
    const done = await operator.post<AlertView>(`/api/alerts/${id}/resolve`, { comment: 'Gusts over; no damage reported' });
    expect(done.body).toMatchObject({ state: 'resolved', resolved: { by: 'test-operator', automatic: false }, allowedActions: [] });
    const again = await operator.post(`/api/alerts/${id}/resolve`, { comment: 'again' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'alert_resolved', details: { allowedActions: [] } });
    expect(server.app.skopia.alerts.alertSeverity('ws-polygyros')).toBeNull();
    // Still gusty, same severity: the engine's update does not reopen what an officer closed.
    await publish(gateway, 'gw-polygyros', 'ws-polygyros', { wind_gust_kmh: 120 });
    await new Promise((r) => setTimeout(r, 300));
    expect(await viewer.alerts('?state=open')).toEqual([]);
  });

  it('an acknowledged alert that gets worse fires again and needs a new acknowledgement', async () => {
    const t0 = Date.now();
    await publish(gateway, 'gw-polygyros', 'wl-polygyros-torrent', { water_level_cm: 130 }, t0);
    await expect.poll(async () => (await viewer.alerts('?state=firing&hazard=flood')).length).toBe(1);
    const [alert] = await viewer.alerts('?state=firing&hazard=flood');
    expect(alert).toMatchObject({ subject: { type: 'gauge', id: 'wl-polygyros-torrent' }, severity: 'Moderate' });
    await operator.post(`/api/alerts/${alert?.id ?? ''}/acknowledge`, { comment: 'Watching the torrent' });
    await publish(gateway, 'gw-polygyros', 'wl-polygyros-torrent', { water_level_cm: 190 }, t0 + 1000);
    await expect.poll(async () => (await viewer.alert(alert?.id ?? '')).alert).toMatchObject({ state: 'firing', severity: 'Severe', acknowledged: null, allowedActions: ['acknowledge', 'resolve'] });
    // The engine's clear resolves it by itself (hysteresis: 5 cm below the warning level).
    await publish(gateway, 'gw-polygyros', 'wl-polygyros-torrent', { water_level_cm: 110 }, t0 + 2000);
    await expect.poll(async () => (await viewer.alert(alert?.id ?? '')).alert.resolved).toMatchObject({ by: 'system', automatic: true });
    const kinds = (await viewer.alert(alert?.id ?? '')).history.map((e) => e.kind);
    expect(kinds).toEqual(['raised', 'acknowledged', 'reescalated', 'resolved']);
  });

  it('answers 404 for an unknown alert and 400 for a malformed id', async () => {
    expect((await viewer.get('/api/alerts/0b9d3f7e-1111-4222-8333-444455556666')).status).toBe(404);
    expect((await viewer.get('/api/alerts/not-an-id')).status).toBe(400);
  });
});
