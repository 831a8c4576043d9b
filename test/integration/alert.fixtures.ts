/** Shared by the alert, rule, CAP and notification integration tests: a small rule set, an API client, publishing. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import type { Role } from '../../server/http/access.ts';
import type { AlertDetail, AlertView } from '../../server/contracts/alerts.ts';
import type { TestServer } from '../helpers/start-server.ts';

/** Rules that raise and clear at once, so a test drives a whole lifecycle in a few messages. */
export const TEST_RULES = {
  version: 1,
  rules: [
    {
      id: 'test-wind',
      name: 'Strong wind gusts',
      hazard: 'storm',
      public: true,
      severity: 'Moderate',
      urgency: 'Immediate',
      certainty: 'Observed',
      selector: { sensorIds: ['ws-polygyros', 'ws-taxiarchis'] },
      condition: { kind: 'threshold', metric: 'wind_gust_kmh', direction: 'above', raise: 75, clear: 60, unit: 'km/h', label: 'Wind gust' },
    },
    {
      id: 'test-gauge',
      name: 'River above warning or alarm level',
      hazard: 'flood',
      public: true,
      severity: 'Severe',
      urgency: 'Immediate',
      certainty: 'Observed',
      selector: { kinds: ['water_level_gauge'] },
      condition: { kind: 'gauge_levels', metric: 'water_level_cm', warningSeverity: 'Moderate', alarmSeverity: 'Severe', requireRising: false, hysteresisCm: 5 },
    },
    {
      id: 'fire-danger-fwi',
      name: 'Forest-fire danger (Fire Weather Index)',
      hazard: 'fire',
      public: true,
      severity: 'Moderate',
      urgency: 'Expected',
      certainty: 'Likely',
      selector: { kinds: ['weather_station'] },
      condition: { kind: 'fire_weather_index', severities: { high: 'Moderate', very_high: 'Severe', extreme: 'Extreme' }, noonTolerance: '3h' },
    },
  ],
} as const;

/** A temporary RULES_DIR holding `rules` as test.json. */
export function rulesDir(rules: unknown = TEST_RULES): string {
  const dir = mkdtempSync(join(tmpdir(), 'skopia-rules-'));
  writeFileSync(join(dir, 'test.json'), JSON.stringify(rules, null, 2));
  return dir;
}

export interface Answer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T & { error?: { code: string; message: string; details?: unknown } };
}

/** The HTTP API over the network, as a signed-in user of a role (session cookie and CSRF token). */
export async function apiAs(server: TestServer, role: Role) {
  const session = await server.login(role);
  const call = async <T = Record<string, unknown>>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer<T>> => {
    const res = await fetch(`${server.httpUrl}${path}`, {
      method,
      headers: {
        cookie: session.cookie,
        'x-csrf-token': session['x-csrf-token'],
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text === '' ? {} : JSON.parse(text)) as Answer<T>['body'] };
  };
  return {
    user: session.user,
    get: <T = Record<string, unknown>>(path: string) => call<T>('GET', path),
    post: <T = Record<string, unknown>>(path: string, body?: unknown) => call<T>('POST', path, body),
    alerts: async (query = '') => (await call<{ alerts: AlertView[] }>('GET', `/api/alerts${query}`)).body.alerts,
    alert: async (id: string) => (await call<AlertDetail>('GET', `/api/alerts/${id}`)).body,
  };
}

export async function publish(gateway: MqttClient, gatewayId: string, sensorId: string, metrics: Record<string, number>, ts = Date.now()): Promise<void> {
  await gateway.publishAsync(`skopia/${gatewayId}/${sensorId}/telemetry`, JSON.stringify({ ts, metrics }), { qos: 1 });
}
