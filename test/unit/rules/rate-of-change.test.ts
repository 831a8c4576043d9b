import { describe, expect, it } from 'vitest';
import { Harness, MIN, T0, brief, gauge, rule } from './fixtures.ts';

const g = gauge('wl-1');
const rapidRise = rule({
  condition: {
    kind: 'rate_of_change',
    metric: 'water_level_cm',
    direction: 'rising',
    ratePerHour: 20,
    clearRatePerHour: 10,
    window: '1h',
    minSpan: '20m',
    unit: 'cm',
  },
});

/** Levels every 5 min from a starting level at a constant rate per hour. */
function series(startCm: number, cmPerHour: number, count: number, fromMinute = 0): [number, number][] {
  return Array.from({ length: count }, (_, i) => [fromMinute + i * 5, startCm + (cmPerHour * (i * 5)) / 60]);
}

function feedAll(h: Harness, steps: readonly [number, number][]): string[] {
  let last: string[] = [];
  const all: string[] = [];
  for (const [m, v] of steps) {
    last = brief(h.feed(g, T0 + m * MIN, { water_level_cm: v }));
    all.push(...last);
  }
  return all;
}

describe('rate of change over a window', () => {
  it.each([
    { name: 'raises on a steady 30 cm/h rise', steps: series(100, 30, 6), want: ['raise Moderate'] },
    { name: 'ignores a steady 15 cm/h rise', steps: series(100, 15, 13), want: [] },
    { name: 'ignores a falling level', steps: series(200, -40, 13), want: [] },
    { name: 'exactly 20 cm/h raises', steps: series(100, 20, 6), want: ['raise Moderate'] },
    {
      name: 'clears once the rise slows below the clear rate for a whole window',
      steps: [...series(100, 30, 6), ...series(125, 0, 13, 30)],
      want: ['raise Moderate', 'clear Moderate'],
    },
  ])('$name', ({ steps, want }) => {
    const h = new Harness([rapidRise]);
    const all = feedAll(h, steps);
    // Peak updates are fine here; the raise/clear sequence is what matters.
    expect(all.filter((t) => !t.startsWith('update'))).toEqual(want);
  });

  it('does not trust two close noisy samples: needs the minimum span', () => {
    const h = new Harness([rapidRise]);
    // +5 cm in 2 min is 150 cm/h, but the samples span only 2 min.
    expect(feedAll(h, [[0, 100], [2, 105]])).toEqual([]);
  });

  it('reports the rate per hour as the value, with the trend in the message', () => {
    const h = new Harness([rapidRise]);
    const all = series(100, 30, 6).flatMap(([m, v]) => h.feed(g, T0 + m * MIN, { water_level_cm: v }));
    const t = all.find((x) => x.kind === 'raise');
    expect(t?.value).toBeCloseTo(30, 6);
    expect(t?.unit).toBe('cm/h');
    expect(t?.message).toMatch(/rising 30 cm\/h over the last 60 min \(limit 20 cm\/h\)/);
  });

  it('keeps the sample window bounded however often the gauge reports', () => {
    const h = new Harness([rapidRise]);
    for (let s = 0; s < 4 * 3600; s += 5) h.feed(g, T0 + s * 1000, { water_level_cm: 100 });
    const data = h.state.rules['test-rule']?.sensors['wl-1']?.data as { t: number[] } | undefined;
    expect(data?.t.length).toBeLessThanOrEqual(62);
  });
});
