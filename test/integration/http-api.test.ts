import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';
import type { RegionView } from '../../server/contracts/registry.ts';
import type { SensorView } from '../../server/contracts/live.ts';
import type { History } from '../../server/telemetry/telemetry-store.ts';

describe('HTTP API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  const get = async (path: string) => {
    // As a wall screen asks: every /api route needs a credential now (see routes-access.test.ts).
    const res = await server.app.inject({ method: 'GET', url: path, headers: { authorization: `Kiosk ${server.kiosk}` } });
    return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
  };

  it('GET /health reports broker, ingest and stores', async () => {
    const { status, body } = await get('/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', broker: { ok: true, mode: 'embedded' }, ingest: { ok: true, connected: true }, telemetryStore: { ok: true, adapter: 'sqlite' } });
  });

  it('GET /api/region gives the boundary, villages, bbox and the attribution', async () => {
    const { status, body } = await get('/api/region');
    const region = body as unknown as RegionView;
    expect(status).toBe(200);
    expect(region.info.attribution).toMatch(/geodata\.gov\.gr.*CC BY 3\.0/);
    expect(region.boundary?.features[0]?.geometry.type).toBe('MultiPolygon');
    expect(region.villages.map((v) => v.id)).toContain('taxiarchis');
    const [w, s, e, n] = region.bbox;
    expect([w < 23.2, s < 40.3, e > 23.6, n > 40.5]).toEqual([true, true, true, true]);
  });

  it('GET /api/sensors lists the demo network with health', async () => {
    const { body } = await get('/api/sensors');
    const sensors = body.sensors as SensorView[];
    expect(sensors.length).toBe(20);
    expect(new Set(sensors.map((s) => s.kind))).toEqual(new Set(['weather_station', 'water_level_gauge', 'fire_sensor']));
    expect(sensors.find((s) => s.id === 'wl-polygyros-torrent')?.levels).toEqual({ warningLevelCm: 120, alarmLevelCm: 180 });
    expect(sensors.every((s) => s.health.state === 'unknown')).toBe(true);
  });

  it('answers history from the store, downsampled to maxPoints', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const readings = Array.from({ length: 1000 }, (_, i) => ({
      sensorId: 'wl-vavdos-stream',
      ts: t0 + i * 60_000,
      metrics: { water_level_cm: i % 100 },
      receivedAt: t0,
      source: 'native' as const,
    }));
    server.app.skopia.store.append(readings);
    await server.app.skopia.store.flush();
    const { status, body } = await get(`/api/sensors/wl-vavdos-stream/readings?metric=water_level_cm&from=${t0}&to=${t0 + 1000 * 60_000}&maxPoints=50`);
    const history = body as unknown as History;
    expect(status).toBe(200);
    expect(history.buckets.length).toBeLessThanOrEqual(50);
    expect(history.buckets.reduce((n, b) => n + b.count, 0)).toBe(1000);
    expect(Math.min(...history.buckets.map((b) => b.min))).toBe(0);
    expect(Math.max(...history.buckets.map((b) => b.max))).toBe(99);
  });

  it.each([
    ['/api/sensors/nope', 404, 'sensor_not_found', /No sensor "nope"/],
    ['/api/sensors/bad%20id', 400, 'invalid_request', /params\.id/],
    ['/api/sensors/ws-polygyros/readings', 400, 'invalid_request', /querystring\.metric/],
    ['/api/sensors/ws-polygyros/readings?metric=DROP%20TABLE', 400, 'invalid_request', /metric/],
    ['/api/sensors/ws-polygyros/readings?metric=rain_mm&maxPoints=1', 400, 'invalid_request', /maxPoints/],
    ['/api/sensors/ws-polygyros/readings?metric=rain_mm&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 400, 'invalid_request', /from must be before to/],
    ['/api/sensors/ws-polygyros/readings?metric=rain_mm&from=yesterday', 400, 'invalid_request', /from/],
    ['/api/nothing-here', 404, 'not_found', /No route for GET \/api\/nothing-here/],
  ])('GET %s → %i %s', async (path, status, code, message) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    const error = res.body.error as { code: string; message: string };
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(JSON.stringify(res.body)).not.toMatch(/\bat \w+ \(/);
  });
});
