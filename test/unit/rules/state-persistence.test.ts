import { describe, expect, it } from 'vitest';
import { Harness, MIN, T0, gauge, rule, sensor } from './fixtures.ts';
import { createRuleEngine } from '../../../rules/engine/engine.ts';
import { createEngineState, ENGINE_STATE_VERSION } from '../../../rules/engine/state.ts';
import { fixedUtcOffset } from '../../../rules/engine/local-time.ts';
import type { AlertTransition } from '../../../rules/engine/types.ts';

const rules = [
  rule({ id: 'levels', condition: { kind: 'gauge_levels' }, lifecycle: { clearDwell: '30m' } }),
  rule({ id: 'battery', hazard: 'sensor_fault', condition: { kind: 'threshold', metric: 'battery_pct', direction: 'below', raise: 20 }, lifecycle: { for: '30m' } }),
  rule({ id: 'fwi', hazard: 'fire', condition: { kind: 'fire_weather_index' } }),
  rule({ id: 'corroborated', hazard: 'fire', condition: { kind: 'fire_correlation', signal: { smoke: true }, radiusKm: 1.5, window: '15m' } }),
  rule({ id: 'offline', hazard: 'sensor_fault', condition: { kind: 'no_data' } }),
];
const g = gauge('wl-1', 120, 180);
const ws = sensor('ws-1');
const fs1 = sensor('constructor', { kind: 'fire_sensor' });
const fs2 = sensor('fs-2', { kind: 'fire_sensor', lat: 40.382 });

/** A day of mixed traffic that leaves pending timers, windows, FWI codes and active alerts in state. */
function busyDay(h: Harness): void {
  for (let m = 0; m < 24 * 60; m += 10) {
    const now = T0 + m * MIN;
    h.feed(g, now, { water_level_cm: 100 + m / 10 });
    h.feed(ws, now, { air_temperature_c: 31, relative_humidity_pct: 25, wind_speed_kmh: 20, rain_mm: 0, battery_pct: m > 1400 ? 15 : 80 });
    h.tick(now, [g, ws, fs1, fs2]);
  }
  h.feed(fs1, T0 + 24 * 60 * MIN, { smoke: 1 });
  h.feed(fs2, T0 + 24 * 60 * MIN, { smoke: 1 });
}

/** Feeds the same continuation to a harness and collects the transitions. */
function continuation(h: Harness): AlertTransition[] {
  const out: AlertTransition[] = [];
  for (let m = 24 * 60; m < 30 * 60; m += 10) {
    const now = T0 + m * MIN;
    out.push(...h.feed(g, now, { water_level_cm: 244 - (m - 1440) / 5 }));
    out.push(...h.feed(ws, now, { air_temperature_c: 33, relative_humidity_pct: 20, wind_speed_kmh: 30, rain_mm: 0, battery_pct: 15 }));
    out.push(...h.tick(now, [g, ws, fs1, fs2]));
  }
  return out;
}

describe('engine state persistence', () => {
  it('is plain JSON and survives a round trip through JSON.stringify and restore, behaving the same after', () => {
    const options = { localTime: fixedUtcOffset(180) };
    const original = new Harness(rules, options);
    busyDay(original);
    const json = JSON.stringify(original.state);
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(original.state)));
    expect(JSON.parse(json)).toMatchObject({ version: ENGINE_STATE_VERSION });

    const restarted = new Harness(rules, options);
    const restored = restarted.engine.restore(JSON.parse(json));
    expect(restored.problems).toEqual([]);
    restarted.state = restored.state;
    expect(JSON.stringify(restarted.state)).toBe(json);

    const a = continuation(original);
    const b = continuation(restarted);
    expect(b).toEqual(a);
    expect(a.length).toBeGreaterThan(0);
  });

  it('keeps ids like "constructor" as plain keys after a restore', () => {
    const h = new Harness(rules);
    busyDay(h);
    const restored = h.engine.restore(JSON.parse(JSON.stringify(h.state)));
    expect(Object.getPrototypeOf(restored.state.lastSeen)).toBeNull();
    expect(restored.state.lastSeen.constructor).toBe(T0 + 24 * 60 * MIN);
  });

  it.each([
    { name: 'not an object', persisted: 'nope', problem: /not in the expected layout/ },
    { name: 'another version', persisted: { ...createEngineState(), version: 99 }, problem: /version 99 is not 1; starting fresh/ },
  ])('starts fresh from $name', ({ persisted, problem }) => {
    const restored = createRuleEngine(rules).restore(persisted);
    expect(restored.state).toEqual(createEngineState());
    expect(restored.problems[0]).toMatch(problem);
  });

  it('drops the state of removed rules and of slots that do not fit their condition, and says so', () => {
    const h = new Harness(rules);
    busyDay(h);
    const persisted = JSON.parse(JSON.stringify(h.state)) as { rules: Record<string, { sensors: Record<string, { data: unknown }> }> };
    persisted.rules.gone = { sensors: {} };
    const levels = persisted.rules.levels?.sensors['wl-1'];
    if (levels !== undefined) levels.data = { t: [1, 2], v: [1] };
    const restored = createRuleEngine(rules).restore(persisted);
    expect(restored.problems).toEqual([
      expect.stringMatching(/^engine state is not in the expected layout/),
    ]);
    // With a full rule-state layout, the problems are per rule and per slot.
    const full = JSON.parse(JSON.stringify(h.state)) as typeof persisted;
    full.rules.gone = { sensors: {}, gateways: {}, villages: {}, shared: null } as never;
    const slot = full.rules.levels?.sensors['wl-1'];
    if (slot !== undefined) slot.data = { t: [1, 2], v: [1] };
    const again = createRuleEngine(rules).restore(full);
    expect(again.problems).toEqual([
      'rules.levels.sensors.wl-1.data: does not fit the sensor condition; dropped',
      'rules.gone: no longer in the rule set; its state is dropped',
    ]);
    expect(again.state.rules.levels?.sensors['wl-1']).toBeUndefined();
    expect(again.state.rules.fwi).toBeDefined();
  });
});
