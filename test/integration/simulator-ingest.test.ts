import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';
import { runScenario } from '../../sensors/simulator/index.ts';
import { REJECT_REASONS } from '../../server/contracts/telemetry.ts';

/**
 * Every ingest path, as real gateways use it: the simulator publishes native, The Things Stack v3 and
 * ChirpStack v4 messages with each gateway's own credential through the embedded broker's ACL, and
 * the server accepts every one of them.
 */
describe('the simulator through every gateway format', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('a quiet hour in Polygyros: every reading accepted, none rejected, all three formats seen', async () => {
    const passwords = new Map<string, string>();
    for (const g of server.app.skopia.registry.gateways()) passwords.set(g.id, server.app.skopia.gatewayCredentials.issue(g.id).password);
    const stats = await runScenario({
      scenario: 'quiet-day',
      brokerUrl: server.mqttUrl,
      speed: Infinity,
      durationMs: 3_600_000,
      start: 'now',
      credentials: (gatewayId) => ({ username: gatewayId, password: passwords.get(gatewayId) ?? '' }),
    });
    expect(stats.messages.failed).toBe(0);
    const counters = server.app.skopia.pipeline.counters;
    await expect.poll(() => counters.accepted, { timeout: 20_000 }).toBe(stats.readings - stats.lost);
    for (const reason of REJECT_REASONS) expect(counters.rejected[reason], reason).toBe(0);

    await server.app.skopia.store.flush();
    const latest = await server.app.skopia.store.latest();
    const bySensor = new Map(latest.map((l) => [l.sensorId, l]));
    // One sensor behind each format: native, The Things Stack, ChirpStack.
    expect(bySensor.get('ws-polygyros')?.metrics.air_temperature_c).toBeDefined();
    expect(bySensor.get('fs-cholomontas-01')?.metrics.co_ppm).toBeDefined();
    expect(bySensor.get('wl-chavrias-olynthos')?.metrics.water_level_cm).toBeDefined();
    expect(bySensor.size).toBe(server.app.skopia.registry.sensorCount);
  });
});
