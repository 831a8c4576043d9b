import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-server.ts';
import { apiAs, publish, rulesDir } from './alert.fixtures.ts';

interface RulesAnswer {
  rules: { id: string; live: { fireWeather?: { sensorId: string; codes: { ffmc: number; dmc: number; dc: number } | null; last: { day: string; fwi: number } | null }[] } | null }[];
}

/** Local noon in Athens `daysAgo` days ago: two readings around it make the engine decide a whole FWI day. */
function athensNoon(daysAgo: number): number {
  const d = new Date(Date.now() - daysAgo * 86_400_000);
  const utcNoon = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 12);
  const offsetMin = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Athens', timeZoneName: 'shortOffset' }).formatToParts(utcNoon).find((p) => p.type === 'timeZoneName')?.value.replace('GMT', '') ?? 0) * 60;
  return utcNoon - offsetMin * 60_000;
}

/**
 * A restart (same DATA_DIR) keeps the open alerts, their acknowledgement, and the rule engine's memory:
 * an FWI station's moisture codes carried from day to day, and the active alert the engine holds, so
 * the alert resolves after the restart when its condition clears.
 */
describe('alerts and rule state survive a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'skopia-restart-'));
  let dir: string;
  let server: TestServer;

  beforeAll(() => {
    dir = rulesDir();
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the alerts, the acknowledgement and the FWI codes, and resolves afterwards', async () => {
    server = await startTestServer({ RULES_DIR: dir, DATA_DIR: dataDir });
    let gateway = await server.connectGateway('gw-polygyros');
    const noon = athensNoon(2);
    await publish(gateway, 'gw-polygyros', 'ws-polygyros', { air_temperature_c: 31, relative_humidity_pct: 25, wind_speed_kmh: 20, rain_mm: 0 }, noon - 10 * 60_000);
    await publish(gateway, 'gw-polygyros', 'ws-polygyros', { air_temperature_c: 32, relative_humidity_pct: 22, wind_speed_kmh: 22, rain_mm: 0 }, noon + 5 * 60_000);
    await publish(gateway, 'gw-polygyros', 'wl-polygyros-torrent', { water_level_cm: 150 });
    let api = await apiAs(server, 'operator');
    await expect.poll(async () => (await api.alerts('?state=open')).length).toBe(1);
    const [alert] = await api.alerts('?state=open');
    await api.post(`/api/alerts/${alert?.id ?? ''}/acknowledge`, { comment: 'Pumps on standby' });
    const fwiOf = async (): Promise<unknown> => (await api.get<RulesAnswer>('/api/rules')).body.rules.find((r) => r.id === 'fire-danger-fwi')?.live?.fireWeather?.find((s) => s.sensorId === 'ws-polygyros');
    const before = await fwiOf();
    expect(before).toMatchObject({ codes: { ffmc: expect.any(Number) as number, dmc: expect.any(Number) as number, dc: expect.any(Number) as number }, last: { day: new Date(noon).toISOString().slice(0, 10) } });
    await gateway.endAsync();
    await server.close();

    server = await startTestServer({ RULES_DIR: dir, DATA_DIR: dataDir });
    api = await apiAs(server, 'operator');
    expect(await fwiOf()).toEqual(before);
    const [kept] = await api.alerts('?state=open');
    expect(kept).toMatchObject({ id: alert?.id, state: 'acknowledged', acknowledged: { by: 'test-operator', comment: 'Pumps on standby' }, peak: 150 });
    expect(server.app.skopia.alerts.alertSeverity('wl-polygyros-torrent')).toBe('Moderate');

    // The engine remembers the alert: a falling river resolves the same alert, no new one is raised.
    gateway = await server.connectGateway('gw-polygyros');
    await publish(gateway, 'gw-polygyros', 'wl-polygyros-torrent', { water_level_cm: 100 });
    await expect.poll(async () => (await api.alert(alert?.id ?? '')).alert.state).toBe('resolved');
    expect((await api.alerts()).length).toBe(1);
    await gateway.endAsync();
  });
});
