/**
 * A stand-in for the Skopia server, for the dashboard benchmark: serves the built dashboard, the region
 * (Polygyros' real boundary and villages), a signed-in session, and `/ws` with N generated sensors spread
 * over the region and a stream of sensor deltas at a target rate, shaped and sequenced exactly like the
 * live hub's (server/contracts/live.ts). Everything else under /api answers an empty list.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AlertView } from '../../server/contracts/alerts.ts';
import type { SensorView, ServerMessage } from '../../server/contracts/live.ts';
import type { RegionView, Village } from '../../server/contracts/registry.ts';

export interface FakeServerOptions {
  readonly root: string;
  readonly sensorCount: number;
  /** Sensor deltas per second, all sensors together. */
  readonly updatesPerSecond: number;
  /** Share of deltas that change a sensor's health (online ⇄ stale), so the map has real work too. */
  readonly healthChangeShare?: number;
  /** Sensors with an open alert (never clustered; the wall rotates over them). */
  readonly alertingCount?: number;
  readonly seed?: number;
}

export interface FakeServer {
  readonly url: string;
  readonly sensors: readonly SensorView[];
  /** Deltas sent since start, across all clients. */
  readonly sent: () => number;
  /** Open /ws connections. */
  readonly clients: () => number;
  close(): Promise<void>;
}

const TICK_MS = 10;
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** mulberry32: a small seeded generator, so every run spreads the sensors the same way. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function loadRegion(root: string): RegionView {
  const dir = join(root, 'data', 'regions', 'polygyros');
  const info = JSON.parse(readFileSync(join(dir, 'region.json'), 'utf8')) as RegionView['info'];
  const boundary = JSON.parse(readFileSync(join(dir, 'boundary.geojson'), 'utf8')) as GeoJSON.FeatureCollection;
  const [header, ...lines] = readFileSync(join(dir, 'settlements.csv'), 'utf8').trim().split('\n');
  const columns = (header ?? '').split(',');
  const at = (name: string) => columns.indexOf(name);
  const villages: Village[] = lines.map((line) => {
    const cells = line.split(',');
    return {
      id: cells[at('id')] ?? '',
      nameLocal: cells[at('name_el')] ?? '',
      name: cells[at('name_en')] ?? '',
      lat: Number(cells[at('lat')]),
      lon: Number(cells[at('lon')]),
    };
  });
  const coordinates = boundary.features.flatMap((f) => JSON.stringify(f.geometry).match(/-?\d+\.\d+,-?\d+\.\d+/g) ?? []).map((pair) => pair.split(',').map(Number));
  const lons = coordinates.map(([lon]) => lon ?? 0);
  const lats = coordinates.map(([, lat]) => lat ?? 0);
  return {
    info,
    bbox: [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)],
    boundary,
    villages,
    basemap: null,
  };
}

const KINDS = ['weather_station', 'water_level_gauge', 'fire_sensor'] as const;

function generateSensors(region: RegionView, count: number, alerting: number, random: () => number): SensorView[] {
  const [west, south, east, north] = region.bbox;
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const kind = KINDS[i % KINDS.length] ?? 'fire_sensor';
    const village = region.villages[i % region.villages.length];
    return {
      id: `bench-${i}`,
      kind,
      name: `Bench sensor ${i}`,
      lat: south + random() * (north - south),
      lon: west + random() * (east - west),
      villageId: village?.id ?? 'polygyros',
      gatewayId: 'gw-bench',
      expectedIntervalS: 60,
      metrics: kind === 'weather_station' ? { air_temperature_c: 20, wind_gust_kmh: 30 } : kind === 'water_level_gauge' ? { water_level_cm: 80 } : { co_ppm: 1, smoke: 0 },
      metricsTs: now,
      health: { state: 'online', lastSeen: now, ratePerMin: 1, batteryPct: 90, rssiDbm: -80 },
      alertSeverity: i < alerting ? 'Severe' : null,
    };
  });
}

function alertFor(sensor: SensorView, index: number): AlertView {
  const now = Date.now();
  return {
    id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    ruleId: 'strong-wind',
    ruleName: 'Strong wind gusts',
    hazard: 'storm',
    public: true,
    subject: { type: 'sensor', id: sensor.id, name: sensor.name },
    state: 'firing',
    severity: 'Severe',
    urgency: 'Immediate',
    certainty: 'Observed',
    value: 96,
    peak: 96,
    unit: 'km/h',
    message: `Wind gust at ${sensor.name} is 96 km/h`,
    machineTypes: [],
    sensorIds: [sensor.id],
    position: { lat: sensor.lat, lon: sensor.lon },
    villageId: sensor.villageId,
    raisedAt: now - index * 60_000,
    updatedAt: now,
    observedAt: now,
    acknowledged: null,
    resolved: null,
    escalationLevel: 0,
    lastNotifiedAt: null,
    notifications: { sent: 1, failed: 0, pending: 0 },
    allowedActions: ['acknowledge', 'resolve'],
  };
}

export async function startFakeServer(options: FakeServerOptions): Promise<FakeServer> {
  const dist = join(options.root, 'dashboard', 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error('dashboard/dist is missing: run `npm run build` first.');
  const random = seeded(options.seed ?? 42);
  const region = loadRegion(options.root);
  const alertingCount = Math.min(options.alertingCount ?? 5, options.sensorCount);
  const sensors = generateSensors(region, options.sensorCount, alertingCount, random);
  const alerts = sensors.slice(0, alertingCount).map(alertFor);
  const regionBody = JSON.stringify(region);
  const session = JSON.stringify({
    actor: { kind: 'user', id: 'bench', name: 'bench', role: 'admin' },
    user: { id: 'bench', username: 'bench', displayName: 'Bench Officer', role: 'admin', createdAt: 0, updatedAt: 0, passwordChangedAt: 0, disabledAt: null },
    csrfToken: 'bench',
    expiresAt: null,
  });
  const emptyLists: Readonly<Record<string, string>> = {
    '/api/incidents': '{"incidents":[]}',
    '/api/dispatches': '{"dispatches":[]}',
    '/api/alerts': '{"alerts":[]}',
    '/api/contractors': '{"currency":"EUR","contractors":[]}',
    '/api/machines': '{"machines":[]}',
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://bench').pathname;
    const json = (body: string) => response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    if (path === '/api/region') return json(regionBody);
    if (path === '/api/auth/session') return json(session);
    if (path.startsWith('/api/')) return json(emptyLists[path] ?? '{}');
    const file = path === '/' ? 'index.html' : path === '/wall' || path === '/wall/' ? 'wall/index.html' : normalize(path).replace(/^\/+/, '');
    const full = join(dist, file);
    if (!full.startsWith(dist) || !existsSync(full) || !statSync(full).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(full)] ?? 'application/octet-stream' });
    createReadStream(full).pipe(response);
  });
  const wss = new WebSocketServer({ server, path: '/ws' });
  const sequences = new Map<WebSocket, number>();
  wss.on('connection', (socket) => {
    sequences.set(socket, 0);
    const snapshot: ServerMessage = { type: 'snapshot', seq: 0, serverTime: Date.now(), sensors, machines: [], dispatches: [], alerts };
    socket.send(JSON.stringify(snapshot));
    socket.on('close', () => sequences.delete(socket));
  });

  // The stream: every tick, the share of the rate that falls in it; one message per changed sensor.
  let sent = 0;
  let carry = 0;
  let cursor = alertingCount;
  const healthShare = options.healthChangeShare ?? 0.02;
  const timer = setInterval(() => {
    carry += (options.updatesPerSecond * TICK_MS) / 1000;
    const batch = Math.floor(carry);
    carry -= batch;
    if (batch === 0 || sequences.size === 0) return;
    const now = Date.now();
    for (let i = 0; i < batch; i++) {
      // Alerting sensors stay as they are; the rest take turns.
      const index = alertingCount + ((cursor++ - alertingCount) % Math.max(1, sensors.length - alertingCount));
      const before = sensors[index];
      if (before === undefined) continue;
      const flip = random() < healthShare;
      const state = flip ? (before.health.state === 'online' ? 'stale' : 'online') : before.health.state;
      const metrics = Object.fromEntries(Object.entries(before.metrics).map(([k, v]) => [k, Math.round((v + (random() - 0.5)) * 10) / 10]));
      const sensor: SensorView = { ...before, metrics, metricsTs: now, health: { ...before.health, state, lastSeen: now } };
      sensors[index] = sensor;
      for (const [socket, seq] of sequences) {
        const next = seq + 1;
        sequences.set(socket, next);
        socket.send(JSON.stringify({ type: 'sensor', seq: next, serverTime: now, sensor } satisfies ServerMessage));
      }
      sent++;
    }
  }, TICK_MS);

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sensors,
    sent: () => sent,
    clients: () => sequences.size,
    async close() {
      clearInterval(timer);
      for (const socket of sequences.keys()) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
