import { describe, expect, it } from 'vitest';
import { Harness, MIN, T0, brief, rule, sensor } from './fixtures.ts';

const station = sensor('ws-1');

describe('threshold with hysteresis', () => {
  const gusts = rule({
    hazard: 'storm',
    condition: { kind: 'threshold', metric: 'wind_gust_kmh', direction: 'above', raise: 75, clear: 60, unit: 'km/h' },
  });

  it.each([
    { name: 'raises at the raise level', values: [70, 75], last: ['raise Moderate'] },
    { name: 'stays quiet below it', values: [50, 74.9], last: [] },
    { name: 'does not clear inside the band', values: [80, 65], last: [] },
    { name: 'clears below the clear level', values: [80, 59], last: ['clear Moderate'] },
    { name: 'does not raise again inside the band after clearing', values: [80, 59, 70], last: [] },
    { name: 'updates when a new peak is reached', values: [80, 90], last: ['update Moderate'] },
    { name: 'says nothing on a lower value', values: [80, 78], last: [] },
  ])('$name', ({ values, last }) => {
    const h = new Harness([gusts]);
    let out: readonly ReturnType<Harness['feed']>[number][] = [];
    values.forEach((v, i) => (out = h.feed(station, T0 + i * MIN, { wind_gust_kmh: v })));
    expect(brief(out)).toEqual(last);
  });

  it('ignores readings without the metric', () => {
    const h = new Harness([gusts]);
    expect(h.feed(station, T0, { air_temperature_c: 20 })).toEqual([]);
  });

  it('works downwards: low battery at or below 20, clear above 25, peak is the lowest', () => {
    const battery = rule({
      hazard: 'sensor_fault',
      severity: 'Minor',
      condition: { kind: 'threshold', metric: 'battery_pct', direction: 'below', raise: 20, clear: 25, unit: '%' },
    });
    const h = new Harness([battery]);
    expect(brief(h.feed(station, T0, { battery_pct: 19 }))).toEqual(['raise Minor']);
    const update = h.feed(station, T0 + MIN, { battery_pct: 15 });
    expect(update[0]?.peak).toBe(15);
    expect(h.feed(station, T0 + 2 * MIN, { battery_pct: 24 })).toEqual([]);
    expect(brief(h.feed(station, T0 + 3 * MIN, { battery_pct: 26 }))).toEqual(['clear Minor']);
  });

  it('describes the rule, the value and the limit in the message', () => {
    const h = new Harness([gusts]);
    const [t] = h.feed(sensor('ws-1', { name: 'Polygyros weather station' }), T0, { wind_gust_kmh: 82 });
    expect(t?.message).toBe('wind_gust_kmh at Polygyros weather station is 82 km/h, at or above 75 km/h.');
    expect(t).toMatchObject({ ruleId: 'test-rule', hazard: 'storm', machineTypes: ['backhoe_loader', 'tipper_truck', 'generator'] });
  });

  it('rejects a clear level on the wrong side of the raise level', () => {
    expect(() =>
      rule({ condition: { kind: 'threshold', metric: 'battery_pct', direction: 'below', raise: 20, clear: 15 } }),
    ).toThrow(/clear level must be at or above/);
  });
});
