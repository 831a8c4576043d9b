import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';
import { runScenario } from '../../sensors/simulator/index.ts';
import type { AlertView } from '../../server/contracts/alerts.ts';

/**
 * Scenarios through the whole server: the simulator publishes as every gateway would (native, TTN,
 * ChirpStack, with their credentials), the server ingests, the rules decide, and the alerts are read
 * back from the API. Each scenario is replayed at full speed with timestamps in the recent past, so
 * rules run on the readings' own times.
 */
const HOUR = 3_600_000;

async function replay(server: TestServer, scenario: string, hours: number): Promise<AlertView[]> {
  const passwords = new Map<string, string>();
  for (const g of server.app.skopia.registry.gateways()) passwords.set(g.id, server.app.skopia.gatewayCredentials.issue(g.id).password);
  const stats = await runScenario({
    scenario,
    brokerUrl: server.mqttUrl,
    speed: Infinity,
    start: Date.now() - hours * HOUR - 60_000,
    durationMs: hours * HOUR,
    credentials: (gatewayId) => ({ username: gatewayId, password: passwords.get(gatewayId) ?? '' }),
  });
  expect(stats.messages.failed).toBe(0);
  // Everything published has arrived once the count stops moving (a gateway back from an outage resends
  // what it held, so the count can exceed the scenario's own reading count).
  const counters = server.app.skopia.pipeline.counters;
  let previous = -1;
  await expect
    .poll(
      () => {
        const settled = counters.accepted === previous && counters.accepted >= stats.readings - stats.lost;
        previous = counters.accepted;
        return settled;
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBe(true);
  const auth = await server.login('viewer');
  const res = await server.app.inject({ method: 'GET', url: '/api/alerts?limit=500', headers: { cookie: auth.cookie } });
  expect(res.statusCode).toBe(200);
  return res.json<{ alerts: AlertView[] }>().alerts;
}

describe('scenarios end to end through the server', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => server.close());

  it('fire-weather-day: 30-30-30 at the stations, then a corroborated public fire alert at Taxiarchis', async () => {
    const alerts = await replay(server, 'fire-weather-day', 14);
    const ofRule = (id: string) => alerts.filter((a) => a.ruleId === id);
    expect(new Set(ofRule('fire-weather-30-30-30').map((a) => a.subject.id))).toEqual(new Set(['ws-taxiarchis', 'ws-polygyros', 'ws-galatista']));
    const fire = ofRule('fire-detection-corroborated');
    expect(fire).toHaveLength(1);
    expect(fire[0]).toMatchObject({ severity: 'Extreme', certainty: 'Observed', public: true, villageId: 'taxiarchis' });
    expect(fire[0]?.machineTypes).toContain('water_tanker');
    const cap = await server.app.inject({ method: 'GET', url: '/cap/feed.xml' });
    expect(cap.body).toContain(fire[0]?.id ?? 'missing');
  }, 120_000);

  it('sensor-faults: a spiking fire sensor is only a possible fire, a spiking gauge no flood, never a confirmed fire', async () => {
    const alerts = await replay(server, 'sensor-faults', 12);
    expect(alerts.filter((a) => a.ruleId === 'fire-detection-corroborated')).toEqual([]);
    expect(alerts.filter((a) => a.ruleId === 'flood-gauge-levels')).toEqual([]);
    const single = alerts.filter((a) => a.ruleId === 'fire-sensor-detection');
    expect(single.length).toBeGreaterThan(0);
    expect(single.every((a) => a.certainty === 'Possible' && !a.public)).toBe(true);
    // Silence is judged on the server's clock, so a replay at full speed cannot show an outage; the
    // gateway-down behaviour is checked on simulated time in test/unit/simulator/scenarios.test.ts.
  }, 120_000);

  it('quiet-day: raises nothing', async () => {
    const alerts = await replay(server, 'quiet-day', 24);
    expect(alerts.map((a) => `${a.ruleId} ${a.subject.id}`)).toEqual([]);
  }, 120_000);
});
