import { describe, expect, it } from 'vitest';
import { Harness, MIN, T0, rule, sensor } from './fixtures.ts';
import type { AlertTransition, RuleSensor } from '../../../rules/engine/types.ts';

const offline = rule({
  id: 'offline',
  hazard: 'sensor_fault',
  severity: 'Minor',
  condition: { kind: 'no_data', intervals: 3, gatewayDown: true, gatewaySeverity: 'Moderate' },
});

// Gateway gw-1: a weather station every minute, a gauge every 5 min, a fire sensor every 10 min.
const ws = sensor('ws-1', { expectedIntervalS: 60 });
const wl = sensor('wl-1', { kind: 'water_level_gauge', expectedIntervalS: 300 });
const fire = sensor('fs-1', { kind: 'fire_sensor', expectedIntervalS: 600 });
const other = sensor('ws-2', { gatewayId: 'gw-2', expectedIntervalS: 60 });
const registry: readonly RuleSensor[] = [ws, wl, fire, other];

function who(ts: readonly AlertTransition[]): string[] {
  return ts.map((t) => `${t.kind} ${t.subject.type}:${t.subject.id} ${t.severity}`);
}

/** Every minute from `from` to `to` (exclusive): the given sensors report when due, then a tick. */
function run(h: Harness, from: number, to: number, reporting: readonly RuleSensor[]): string[] {
  const out: string[] = [];
  for (let m = from; m < to; m++) {
    const now = T0 + m * MIN;
    for (const s of reporting) if ((m * 60) % s.expectedIntervalS === 0) out.push(...who(h.feed(s, now, { battery_pct: 90 })));
    out.push(...who(h.tick(now, registry)));
  }
  return out;
}

describe('no data: sensor offline', () => {
  it('raises for a sensor silent for 3 intervals while its gateway still reports, and clears on its next reading', () => {
    const h = new Harness([offline]);
    expect(run(h, 0, 10, registry)).toEqual([]);
    // The weather station stops; the gauge and the fire sensor on the same gateway keep reporting.
    const silent = run(h, 10, 20, [wl, fire, other]);
    expect(silent).toEqual(['raise sensor:ws-1 Minor']);
    const raisedAt = h.state.rules.offline?.sensors['ws-1']?.alert?.raisedAt;
    // Silent from minute 13, but the gateway's next message (the gauge) only comes at minute 15.
    expect(raisedAt).toBe(T0 + 15 * MIN);
    expect(run(h, 20, 22, registry)).toEqual(['clear sensor:ws-1 Minor']);
  });

  it('says how long the sensor has been silent', () => {
    const h = new Harness([offline]);
    run(h, 0, 1, registry);
    const out = h.tick(T0 + 4 * MIN + 1, registry).concat();
    // Nothing reported since minute 0 except... nothing: the whole gateway is quiet, so no sensor alert yet.
    expect(out.filter((t) => t.subject.type === 'sensor')).toEqual([]);
    h.feed(wl, T0 + 4 * MIN + 2, { battery_pct: 90 });
    const [t] = h.tick(T0 + 4 * MIN + 3, registry);
    expect(t?.message).toBe('Sensor ws-1 has sent nothing for 4 min (expected within 3 min).');
    expect(t?.machineTypes).toEqual([]);
  });

  it('counts a sensor never heard from since the first tick', () => {
    const h = new Harness([offline]);
    run(h, 0, 10, [wl, fire, other]);
    expect(h.state.rules.offline?.sensors['ws-1']?.alert?.raisedAt).toBe(T0 + 5 * MIN);
  });
});

describe('no data: gateway down', () => {
  it('raises ONE gateway-down alert when every sensor of a gateway goes silent, never a flood of sensor alerts', () => {
    const h = new Harness([offline]);
    expect(run(h, 0, 30, registry)).toEqual([]);
    // gw-1 dies at minute 30; gw-2 keeps reporting.
    const out = run(h, 30, 120, [other]);
    expect(out).toEqual(['raise gateway:gw-1 Moderate']);
  });

  it('the gateway-down alert lists the gateway sensors and clears on the first reading from any of them', () => {
    const h = new Harness([offline]);
    run(h, 0, 30, registry);
    const raised: AlertTransition[] = [];
    for (let m = 30; m < 70; m++) raised.push(...h.tick(T0 + m * MIN, registry).filter((t) => t.subject.id === 'gw-1'));
    expect(raised).toHaveLength(1);
    expect(raised[0]?.sensorIds).toEqual(['ws-1', 'wl-1', 'fs-1']);
    expect(raised[0]?.message).toMatch(/^Gateway gw-1 is silent: none of its 3 sensors has reported for \d+ min\.$/);
    expect(who(h.feed(fire, T0 + 70 * MIN, { smoke: 0 }))).toEqual(['clear gateway:gw-1 Moderate']);
  });

  it('replaces the sensor alerts that were already up when the gateway goes down', () => {
    const h = new Harness([offline]);
    run(h, 0, 10, registry);
    expect(run(h, 10, 20, [wl, fire, other])).toEqual(['raise sensor:ws-1 Minor']);
    expect(run(h, 20, 60, [other])).toEqual(['raise gateway:gw-1 Moderate', 'clear sensor:ws-1 Minor']);
  });

  it('at municipality scale: one of 20 gateways dying gives exactly one transition', () => {
    const fleet: RuleSensor[] = [];
    for (let g = 0; g < 20; g++) for (let i = 0; i < 50; i++) fleet.push(sensor(`s-${g}-${i}`, { gatewayId: `gw-${g}`, expectedIntervalS: 60 * (1 + (i % 5)) }));
    const h = new Harness([offline]);
    const transitions: AlertTransition[] = [];
    for (let m = 0; m < 120; m++) {
      const now = T0 + m * MIN;
      for (const s of fleet) {
        const alive = s.gatewayId !== 'gw-7' || m < 30;
        if (alive && (m * 60) % s.expectedIntervalS === 0) transitions.push(...h.feed(s, now, { battery_pct: 80 }));
      }
      transitions.push(...h.tick(now, fleet));
    }
    expect(who(transitions)).toEqual(['raise gateway:gw-7 Moderate']);
  });
});

describe('no data: registry changes', () => {
  it('ends the alert of a sensor taken out of the registry', () => {
    const h = new Harness([offline]);
    run(h, 0, 10, registry);
    expect(run(h, 10, 20, [wl, fire, other])).toEqual(['raise sensor:ws-1 Minor']);
    const out = h.tick(T0 + 21 * MIN, [wl, fire, other]);
    expect(who(out)).toEqual(['clear sensor:ws-1 Minor']);
    expect(out[0]?.message).toBe('Sensor ws-1 is no longer in the registry.');
  });
});

describe('no data: a returning gateway gives its silent sensors a grace period', () => {
  /** gw-1 dark from minute 30 to `back`; from `back` on, `after` report (when due). */
  function outage(back: number, after: readonly RuleSensor[], until: number): string[] {
    const h = new Harness([offline]);
    run(h, 0, 30, registry);
    const out = run(h, 30, back, [other]);
    // The first sensor back speaks at `back` exactly, whatever its interval.
    const [first] = after;
    if (first !== undefined) out.push(...who(h.feed(first, T0 + back * MIN, { battery_pct: 90 })));
    return out.concat(run(h, back, until, after));
  }

  it.each([
    {
      name: 'long outage (gateway down): the sensors that have not reported yet raise nothing',
      back: 60,
      after: [fire, ws, wl, other],
      want: ['raise gateway:gw-1 Moderate', 'clear gateway:gw-1 Moderate'],
    },
    {
      name: 'long outage, the slow sensors report last: still nothing',
      back: 60,
      after: [ws, wl, fire, other],
      want: ['raise gateway:gw-1 Moderate', 'clear gateway:gw-1 Moderate'],
    },
    {
      name: 'short outage (no gateway alert): nothing per sensor either',
      back: 37,
      after: [fire, ws, wl, other],
      want: [],
    },
    {
      name: 'a sensor that stays silent after the return is offline once its own window from the return has passed',
      back: 60,
      after: [fire, wl, other],
      want: ['raise gateway:gw-1 Moderate', 'clear gateway:gw-1 Moderate', 'raise sensor:ws-1 Minor'],
    },
  ])('$name', ({ back, after, want }) => {
    expect(outage(back, after, back + 40)).toEqual(want);
  });

  it('without the grace the return would flood: a sensor raises only after its window counted from the return', () => {
    const h = new Harness([offline]);
    run(h, 0, 30, registry);
    run(h, 30, 60, [other]);
    expect(who(h.feed(fire, T0 + 60 * MIN, { battery_pct: 90 }))).toEqual(['clear gateway:gw-1 Moderate']);
    expect(run(h, 60, 80, [fire, wl, other])).toEqual(['raise sensor:ws-1 Minor']);
    // ws-1 (window 3 min) raises at the gateway's first message after 60 + 3 min: the gauge at minute 65.
    expect(h.state.rules.offline?.sensors['ws-1']?.alert?.raisedAt).toBe(T0 + 65 * MIN);
  });

  it('survives a restart: the return time is restored from persisted state', () => {
    const h = new Harness([offline]);
    run(h, 0, 30, registry);
    run(h, 30, 60, [other]);
    h.feed(fire, T0 + 60 * MIN, { battery_pct: 90 });
    const restored = h.engine.restore(JSON.parse(JSON.stringify(h.state)));
    expect(restored.problems).toEqual([]);
    h.state = restored.state;
    expect(run(h, 60, 100, [fire, ws, wl, other])).toEqual([]);
  });
});
