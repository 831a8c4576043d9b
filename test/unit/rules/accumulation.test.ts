import { describe, expect, it } from 'vitest';
import { Harness, MIN, T0, brief, rule, sensor } from './fixtures.ts';

const station = sensor('ws-1');
const heavyRain = rule({
  condition: { kind: 'accumulation', metric: 'rain_mm', window: '1h', raise: 20, clear: 10, unit: 'mm' },
  lifecycle: { clearDwell: 0 },
});

describe('accumulation (heavy rain in mm/h)', () => {
  it.each([
    { name: '2 mm every 5 min is 24 mm/h: raises at the 10th report', perReport: 2, reports: 12, raiseAt: 9 },
    { name: '1 mm every 5 min is 12 mm/h: never raises', perReport: 1, reports: 24, raiseAt: -1 },
  ])('$name', ({ perReport, reports, raiseAt }) => {
    const h = new Harness([heavyRain]);
    const raised: number[] = [];
    for (let i = 0; i < reports; i++) {
      if (brief(h.feed(station, T0 + i * 5 * MIN, { rain_mm: perReport })).includes('raise Moderate')) raised.push(i);
    }
    expect(raised).toEqual(raiseAt < 0 ? [] : [raiseAt]);
  });

  it('clears when the last hour drops below the clear total', () => {
    const h = new Harness([heavyRain]);
    h.feed(station, T0, { rain_mm: 25 });
    expect(brief(h.feed(station, T0 + 30 * MIN, { rain_mm: 0 }))).toEqual([]);
    expect(brief(h.feed(station, T0 + 61 * MIN, { rain_mm: 0 }))).toEqual(['clear Moderate']);
  });

  it('does not count negative increments (a counter reset)', () => {
    const h = new Harness([heavyRain]);
    h.feed(station, T0, { rain_mm: 15 });
    h.feed(station, T0 + MIN, { rain_mm: -40 });
    expect(brief(h.feed(station, T0 + 2 * MIN, { rain_mm: 6 }))).toEqual(['raise Moderate']);
  });
});
