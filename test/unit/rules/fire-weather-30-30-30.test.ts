import { describe, expect, it } from 'vitest';
import { Harness, MIN, T0, brief, rule, sensor } from './fixtures.ts';

const station = sensor('ws-1');
const rule303030 = rule({
  hazard: 'fire',
  severity: 'Severe',
  condition: { kind: 'fire_weather_30_30_30' },
  lifecycle: { for: '10m', clearDwell: '1h' },
});

function weather(t: number, rh: number, wind: number): Record<string, number> {
  return { air_temperature_c: t, relative_humidity_pct: rh, wind_speed_kmh: wind };
}

describe('30-30-30 fire weather', () => {
  it.each([
    { name: 'raises after 10 min on the line', steps: [[0, 33, 20, 35], [5, 34, 19, 38], [10, 34, 18, 36]], want: ['raise Severe'] },
    { name: 'a gust of wind alone is not enough', steps: [[0, 33, 20, 35], [5, 33, 20, 20], [10, 33, 20, 35]], want: [] },
    { name: 'humid heat is not fire weather', steps: [[0, 35, 45, 40], [10, 35, 45, 40], [20, 35, 45, 40]], want: [] },
  ])('$name', ({ steps, want }) => {
    const h = new Harness([rule303030]);
    const out = steps.flatMap(([m = 0, t = 0, rh = 0, w = 0]) => brief(h.feed(station, T0 + m * MIN, weather(t, rh, w))));
    expect(out.filter((s) => !s.startsWith('update'))).toEqual(want);
  });

  it('names the values and the Angström index, whose lowest value is the peak', () => {
    const h = new Harness([rule303030]);
    h.feed(station, T0, weather(32, 25, 31));
    const [t] = h.feed(station, T0 + 10 * MIN, weather(32, 25, 31));
    expect(t?.message).toBe(
      'Fire weather at ws-1 meets 30-30-30 (≥ 30 °C, ≤ 30 % RH, ≥ 30 km/h): 32 °C, 25 % RH, wind 31 km/h, Angström index 0.8.',
    );
    const [u] = h.feed(station, T0 + 20 * MIN, weather(36, 15, 40));
    expect(u?.kind).toBe('update');
    expect(u?.peak).toBeCloseTo(-0.15, 10);
  });

  it('clears an hour after the weather leaves the line', () => {
    const h = new Harness([rule303030]);
    h.feed(station, T0, weather(32, 25, 31));
    h.feed(station, T0 + 10 * MIN, weather(32, 25, 31));
    expect(h.feed(station, T0 + 20 * MIN, weather(28, 40, 10))).toEqual([]);
    expect(brief(h.feed(station, T0 + 80 * MIN, weather(27, 45, 10)))).toEqual(['clear Severe']);
  });
});
