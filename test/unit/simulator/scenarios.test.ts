import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRuleEngine, createEngineState, loadRuleSet, timeZoneOffset } from '../../../rules/index.ts';
import type { AlertTransition, MoistureCodes, Rule } from '../../../rules/index.ts';
import { publishedReadings, unmetExpectations, firstCrossing } from '../../../sensors/simulator/scenario/expectations.ts';
import { MS } from '../../../sensors/simulator/time/relative-time.ts';
import type { World } from '../../../sensors/simulator/world/world.ts';
import { allEvents, readyWorld, sharedReadyWorld } from './fixtures.ts';

/**
 * Each ready scenario end to end, at the simulator's side of the wire: what it publishes matches the
 * timeline it documents (its expectations), including what must not happen.
 */
describe.each(['quiet-day', 'fire-weather-day', 'flash-flood', 'odra-flood', 'sensor-faults'])('scenario %s', (name) => {
  it('publishes the timeline it documents', async () => {
    const world = await sharedReadyWorld(name);
    const readings = publishedReadings(allEvents(world));
    expect(readings.length).toBeGreaterThan(100);
    expect(unmetExpectations(world, readings)).toEqual([]);
  });
});

describe('quiet-day', () => {
  it('keeps every gauge below its warning level and every fire sensor clean', async () => {
    const world = await sharedReadyWorld('quiet-day');
    const readings = publishedReadings(allEvents(world));
    for (const sensor of world.sensors) {
      if (sensor.levels) expect(firstCrossing(readings, sensor.id, 'water_level_cm', { above: sensor.levels.warningLevelCm * 0.6 })).toBeNull();
      if (sensor.kind === 'fire_sensor') expect(firstCrossing(readings, sensor.id, 'smoke', { above: 0 })).toBeNull();
    }
  });
});

describe('sensor-faults', () => {
  it('shows each fault the way a real device would', async () => {
    const world = await sharedReadyWorld('sensor-faults');
    const events = allEvents(world);
    const readings = publishedReadings(events);
    const h = (hours: number): number => world.startMs + hours * MS.h;
    const of = (id: string) => readings.filter((r) => r.sensorId === id);

    // One faulty fire sensor reports smoke in exactly two readings (two one-shot spikes); nobody else does.
    const smoky = readings.filter((r) => r.metrics.smoke === 1);
    expect(smoky.map((r) => r.sensorId)).toEqual(['fs-cholomontas-07', 'fs-cholomontas-07']);
    const neighbours = of('fs-cholomontas-06').concat(of('fs-cholomontas-08'), of('fs-cholomontas-10'), of('fs-cholomontas-11'));
    expect(Math.max(...neighbours.map((r) => r.metrics.co_ppm ?? 0))).toBeLessThan(2);

    // Stuck: every value frozen for three hours.
    const frozen = of('ws-galatista').filter((r) => r.atMs >= h(1) && r.atMs < h(4));
    expect(frozen.length).toBeGreaterThan(100);
    expect(new Set(frozen.map((r) => JSON.stringify(r.metrics))).size).toBe(1);

    // A gauge echoes one absurd level once.
    expect(of('wl-kalyves-stream').filter((r) => (r.metrics.water_level_cm ?? 0) > 500)).toHaveLength(1);

    // Battery drains to 6 %.
    const battery = of('wl-ormylia-torrent').map((r) => r.metrics.battery_pct ?? 100);
    expect(Math.min(...battery)).toBeLessThanOrEqual(8);

    // Silent sensor: nothing between +1 h and +3 h.
    expect(of('fs-cholomontas-03').filter((r) => r.atMs >= h(1) && r.atMs < h(3))).toHaveLength(0);

    // Native gateway outage: down, up, then one catch-up batch per sensor with the readings it kept.
    const gatewayEvents = events.filter((e) => e.kind === 'gateway-down' || e.kind === 'gateway-up').map((e) => `${e.kind} ${'gatewayId' in e ? e.gatewayId : ''}`);
    expect(gatewayEvents).toEqual(['gateway-down gw-galatista', 'gateway-up gw-galatista', 'gateway-down gw-cholomontas', 'gateway-up gw-cholomontas']);
    const batches = events.filter((e) => e.kind === 'catch-up');
    expect(batches.map((b) => b.sensorId).sort()).toEqual(['wl-vavdos-stream', 'ws-galatista']);
    const stationBatch = batches.find((b) => b.sensorId === 'ws-galatista');
    expect(stationBatch?.kind === 'catch-up' ? stationBatch.readings.length : 0).toBe(60);

    // LoRaWAN outage: the forest sensors' uplinks in those 45 minutes are lost, not resent.
    expect(readings.filter((r) => r.sensorId.startsWith('fs-') && r.atMs >= h(7) && r.atMs < h(7.75))).toHaveLength(0);
    expect(events.filter((e) => e.kind === 'lost' && e.reason === 'gateway-outage').length).toBeGreaterThan(100);

    // Packet loss on the coastal ChirpStack network: gaps in the frame counter, about 15 %.
    const coast = events.filter((e) => e.gatewayId === 'gw-coast' && (e.kind === 'reading' || e.kind === 'lost'));
    const lost = coast.filter((e) => e.kind === 'lost').length / coast.length;
    expect(lost).toBeGreaterThan(0.08);
    expect(lost).toBeLessThan(0.22);
  });
});

describe('fire-weather-day', () => {
  it('sends an alarm uplink at once when a fire sensor first smells smoke', async () => {
    const world = await sharedReadyWorld('fire-weather-day');
    const first = allEvents(world).find((e) => e.kind === 'reading' && e.metrics.smoke === true);
    expect(first?.kind === 'reading' && first.alarm).toBe(true);
    expect(first?.kind === 'reading' ? first.sensorId : '').toBe('fs-cholomontas-02');
  });
});

/**
 * Each ready scenario end to end through the project's rule engine with the default rule set: the alerts
 * each scenario must raise, and those it must not (issue 8). Readings are evaluated at their simulated
 * time, catch-up batches when they arrive; the engine ticks every 30 simulated seconds.
 */
const loaded = loadRuleSet(readFileSync(new URL('../../../rules/sets/default.json', import.meta.url), 'utf8'));
if (!loaded.ok) throw new Error('the default rule set does not load');
const defaultRules = loaded.rules;

interface Alert {
  readonly at: number;
  readonly rule: string;
  readonly kind: AlertTransition['kind'];
  readonly subject: string;
  readonly severity: string;
  readonly certainty: string;
  readonly public: boolean;
}

function alertsOf(world: World, rules: readonly Rule[] = defaultRules, fwiStartCodes?: Readonly<Record<string, MoistureCodes>>): Alert[] {
  const localTime = timeZoneOffset(world.region.info.timezone);
  const engine = createRuleEngine(rules, fwiStartCodes === undefined ? { localTime } : { localTime, fwiStartCodes });
  const state = createEngineState();
  const alerts: Alert[] = [];
  const record = (transitions: readonly AlertTransition[]): void => {
    for (const t of transitions) {
      alerts.push({
        at: t.at - world.startMs,
        rule: t.ruleId,
        kind: t.kind,
        subject: `${t.subject.type}:${t.subject.id}`,
        severity: t.severity,
        certainty: t.certainty,
        public: t.public,
      });
    }
  };
  const numeric = (m: Readonly<Record<string, number | boolean>>): Record<string, number> =>
    Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === 'boolean' ? Number(v) : v]));
  let nextTick = world.startMs;
  for (const event of allEvents(world)) {
    for (; nextTick <= event.atMs; nextTick += 30 * MS.s) record(engine.tick(state, nextTick, world.sensors).transitions);
    if (event.kind !== 'reading' && event.kind !== 'catch-up') continue;
    const sensor = world.sensorById.get(event.sensorId);
    if (sensor === undefined) continue;
    const readings = event.kind === 'reading' ? [{ atMs: event.atMs, metrics: event.metrics }] : event.readings;
    for (const r of readings) record(engine.evaluate(state, { sensorId: sensor.id, ts: r.atMs, metrics: numeric(r.metrics) }, sensor, event.atMs).transitions);
  }
  return alerts;
}

const raised = (alerts: readonly Alert[], rule?: string): Alert[] => alerts.filter((a) => a.kind === 'raise' && (rule === undefined || a.rule === rule));
const subjects = (alerts: readonly Alert[]): string[] => [...new Set(alerts.map((a) => a.subject))].sort();
const firstAt = (alerts: readonly Alert[], rule: string, subject: string, severity?: string): number | undefined =>
  alerts.find((a) => a.rule === rule && a.subject === subject && a.kind !== 'clear' && (severity === undefined || a.severity === severity))?.at;

describe('alerts each scenario raises through the default rule set', () => {
  it('quiet-day raises nothing', async () => {
    expect(alertsOf(await sharedReadyWorld('quiet-day'))).toEqual([]);
  });

  it('live raises nothing (six hours of a July day)', async () => {
    const world = await readyWorld('live', { start: Date.parse('2025-07-01T00:00:00+03:00'), durationMs: 6 * MS.h, intervalS: 60 });
    expect(alertsOf(world)).toEqual([]);
  });

  it('fire-weather-day: 30-30-30 in the afternoon, one sensor possible, a second one nearby makes it an observed fire', async () => {
    const world = await sharedReadyWorld('fire-weather-day');
    const alerts = alertsOf(world);
    expect(subjects(raised(alerts, 'fire-weather-30-30-30'))).toEqual(['sensor:ws-galatista', 'sensor:ws-polygyros', 'sensor:ws-taxiarchis']);

    const detections = raised(alerts, 'fire-sensor-detection');
    expect(detections[0]).toMatchObject({ subject: 'sensor:fs-cholomontas-02', certainty: 'Possible', public: false });
    expect(detections[0]?.at).toBeGreaterThanOrEqual(8 * MS.h);
    expect(detections[0]?.at).toBeLessThan(8 * MS.h + 10 * MS.m);
    const detected = subjects(detections);
    for (const id of ['fs-cholomontas-05', 'fs-cholomontas-09', 'fs-cholomontas-12']) expect(detected).not.toContain(`sensor:${id}`);

    const fire = raised(alerts, 'fire-detection-corroborated');
    expect(fire).toHaveLength(1);
    expect(fire[0]).toMatchObject({ subject: 'village:taxiarchis', severity: 'Extreme', certainty: 'Observed', public: true });
    expect(fire[0]?.at).toBeLessThan(8 * MS.h + 25 * MS.m);
    expect(raised(alerts).filter((a) => a.rule.startsWith('flood') || a.rule === 'heavy-rain')).toEqual([]);
  });

  it('fire-weather-day: from the season’s fuel moisture codes the noon Fire Weather Index is extreme', async () => {
    const world = await sharedReadyWorld('fire-weather-day');
    const season = world.scenario.fireSeason;
    expect(season).toBeDefined();
    const rules = defaultRules.map((r) => (r.condition.kind === 'fire_weather_index' && season ? { ...r, condition: { ...r.condition, startCodes: season } } : r));
    const fwi = raised(alertsOf(world, rules), 'fire-danger-fwi');
    expect(subjects(fwi)).toEqual(['sensor:ws-galatista', 'sensor:ws-polygyros', 'sensor:ws-taxiarchis']);
    for (const a of fwi) {
      expect(a.severity).toBe('Extreme');
      // Decided on the reading nearest local noon (+6h).
      expect(Math.abs(a.at - 6 * MS.h)).toBeLessThan(15 * MS.m);
    }
  });

  it('fire-weather-day: seeded per station at start-up (engine option fwiStartCodes), the noon FWI is extreme', async () => {
    const world = await sharedReadyWorld('fire-weather-day');
    const season = world.scenario.fireSeason;
    if (season === undefined) throw new Error('fire-weather-day documents its fireSeason codes');
    const stations = world.sensors.filter((s) => s.kind === 'weather_station');
    const fwiStartCodes = Object.fromEntries(stations.map((s) => [s.id, season]));
    const fwi = raised(alertsOf(world, defaultRules, fwiStartCodes), 'fire-danger-fwi');
    expect(fwi.map((a) => `${a.subject} ${a.severity}`).sort()).toEqual(stations.map((s) => `sensor:${s.id} Extreme`).sort());
  });

  it('fire-weather-day: from start-of-season codes (the default rule set, no seed) the FWI stays below high', async () => {
    expect(raised(alertsOf(await sharedReadyWorld('fire-weather-day')), 'fire-danger-fwi')).toEqual([]);
  });

  it('flash-flood: heavy rain and gusts, then every gauge rises fast, passes warning and then alarm, and clears', async () => {
    const world = await sharedReadyWorld('flash-flood');
    const alerts = alertsOf(world);
    const gauges = world.sensors.filter((s) => s.kind === 'water_level_gauge').map((s) => `gauge:${s.id}`).sort();
    expect(subjects(raised(alerts, 'flood-rapid-rise'))).toEqual(gauges);
    expect(subjects(raised(alerts, 'flood-gauge-levels'))).toEqual(gauges);
    for (const gauge of gauges) {
      const warning = firstAt(alerts, 'flood-gauge-levels', gauge, 'Moderate');
      const alarm = firstAt(alerts, 'flood-gauge-levels', gauge, 'Severe');
      expect(warning, gauge).toBeDefined();
      expect(alarm, gauge).toBeGreaterThan(warning ?? Infinity);
      expect(alerts.some((a) => a.rule === 'flood-gauge-levels' && a.subject === gauge && a.kind === 'clear'), `${gauge} clears`).toBe(true);
    }
    expect(subjects(raised(alerts, 'heavy-rain'))).toEqual(['sensor:ws-galatista', 'sensor:ws-polygyros', 'sensor:ws-taxiarchis']);
    expect(raised(alerts, 'strong-wind').length).toBeGreaterThan(0);
    expect(raised(alerts).filter((a) => a.rule.startsWith('fire') || a.rule === 'sensor-offline')).toEqual([]);
  });

  it('odra-flood: Oława reaches its alarm level hours before Trestno passes its warning level', async () => {
    const world = await sharedReadyWorld('odra-flood');
    const alerts = alertsOf(world);
    const olawaAlarm = firstAt(alerts, 'flood-gauge-levels', 'gauge:wl-odra-olawa', 'Severe');
    const trestnoWarning = firstAt(alerts, 'flood-gauge-levels', 'gauge:wl-odra-trestno', 'Moderate');
    const trestnoAlarm = firstAt(alerts, 'flood-gauge-levels', 'gauge:wl-odra-trestno', 'Severe');
    expect(olawaAlarm).toBeDefined();
    expect(trestnoWarning).toBeDefined();
    expect(trestnoAlarm).toBeDefined();
    expect((trestnoWarning ?? 0) - (olawaAlarm ?? 0)).toBeGreaterThan(4 * MS.h);
    expect(new Set(raised(alerts).map((a) => a.rule))).toEqual(new Set(['flood-gauge-levels', 'flood-rapid-rise']));
  });

  it('sensor-faults: a single faulty fire sensor is never confirmed as a fire; faults raise their own alerts', async () => {
    const world = await sharedReadyWorld('sensor-faults');
    const alerts = alertsOf(world);
    expect(raised(alerts, 'fire-detection-corroborated')).toEqual([]);
    expect(subjects(raised(alerts, 'fire-sensor-detection'))).toEqual(['sensor:fs-cholomontas-07']);
    for (const a of raised(alerts, 'fire-sensor-detection')) expect(a).toMatchObject({ certainty: 'Possible', public: false });

    const offline = raised(alerts, 'sensor-offline');
    expect(offline.filter((a) => a.subject.startsWith('gateway:')).map((a) => a.subject)).toEqual(['gateway:gw-galatista', 'gateway:gw-cholomontas']);
    expect(firstAt(alerts, 'sensor-offline', 'sensor:fs-cholomontas-03')).toBeLessThan(MS.h + 20 * MS.m);
    // During the outages the gateway alert stands in for its sensors.
    for (const a of offline.filter((x) => x.subject.startsWith('sensor:'))) {
      const duringGalatista = a.at >= 5 * MS.h && a.at < 6 * MS.h && ['sensor:ws-galatista', 'sensor:wl-vavdos-stream'].includes(a.subject);
      const duringForest = a.at >= 7 * MS.h && a.at < 7.75 * MS.h && a.subject.startsWith('sensor:fs-');
      expect(duringGalatista || duringForest, `${a.subject} at ${a.at / MS.h} h`).toBe(false);
    }
    expect(subjects(raised(alerts, 'low-battery'))).toEqual(['sensor:wl-ormylia-torrent']);
    expect(raised(alerts).filter((a) => a.rule === 'fire-weather-30-30-30' || a.rule === 'heavy-rain' || a.rule === 'strong-wind')).toEqual([]);
  });

  it('sensor-faults: one impossible gauge reading (Kalyves, 612 cm once) raises no flood alert, only a sensor fault', async () => {
    const world = await sharedReadyWorld('sensor-faults');
    const alerts = alertsOf(world);
    expect(raised(alerts).filter((a) => a.rule.startsWith('flood'))).toEqual([]);
    const jumps = raised(alerts, 'gauge-implausible-jump');
    expect(jumps.map((a) => `${a.subject} ${a.severity}`)).toEqual(['sensor:wl-kalyves-stream Minor']);
    expect(jumps[0]?.at).toBeGreaterThanOrEqual(2 * MS.h + 15 * MS.m);
    expect(jumps[0]?.at).toBeLessThan(2 * MS.h + 25 * MS.m);
    expect(jumps[0]?.public).toBe(false);
  });

  it('sensor-faults: when the forest gateway returns, sensors that have not reported yet raise no per-sensor offline alerts', async () => {
    const world = await sharedReadyWorld('sensor-faults');
    const alerts = alertsOf(world);
    const forestSensors = raised(alerts, 'sensor-offline').filter((a) => a.subject.startsWith('sensor:fs-') && a.at >= 7 * MS.h);
    expect(forestSensors).toEqual([]);
    const gateway = alerts.filter((a) => a.rule === 'sensor-offline' && a.subject === 'gateway:gw-cholomontas').map((a) => a.kind);
    expect(gateway).toEqual(['raise', 'clear']);
  });

  it('sensor-faults: the frozen weather station raises a Minor stuck-sensor alert, and no other station does', async () => {
    const world = await sharedReadyWorld('sensor-faults');
    const stuck = raised(alertsOf(world), 'sensor-stuck');
    expect(stuck.map((a) => `${a.subject} ${a.severity}`)).toEqual(['sensor:ws-galatista Minor']);
    expect(stuck[0]?.at).toBeGreaterThanOrEqual(3 * MS.h);
    expect(stuck[0]?.at).toBeLessThan(3 * MS.h + 10 * MS.m);
  });
});
