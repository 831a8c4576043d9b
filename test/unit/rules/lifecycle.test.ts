import { describe, expect, it } from 'vitest';
import { Harness, MIN, T0, brief, gauge, rule, sensor } from './fixtures.ts';
import type { RuleInput } from '../../../rules/engine/rule-schema.ts';

const station = sensor('ws-1');
const threshold = { kind: 'threshold', metric: 'x', direction: 'above', raise: 10, clear: 5 } as const;

/** Feeds [minute, value] pairs and returns the transitions per step. */
function run(lifecycle: RuleInput['lifecycle'], steps: readonly [number, number][]): string[][] {
  const h = new Harness([rule({ condition: threshold, lifecycle })]);
  return steps.map(([minute, value]) => brief(h.feed(station, T0 + minute * MIN, { x: value })));
}

describe('for: the raise condition must hold before the alert is raised', () => {
  it.each([
    { name: 'raises once held for the duration', steps: [[0, 12], [5, 12], [10, 12]], want: [[], [], ['raise Moderate']] },
    { name: 'starts over when the value dips below the raise level', steps: [[0, 12], [5, 8], [10, 12], [15, 12], [20, 12]], want: [[], [], [], [], ['raise Moderate']] },
    { name: 'raises at once with for 0', steps: [[0, 12]], want: [['raise Moderate']], lifecycle: { for: 0 } },
  ] as const)('$name', ({ steps, want, ...rest }) => {
    const lifecycle = 'lifecycle' in rest ? rest.lifecycle : { for: '10m' };
    expect(run(lifecycle, steps.map(([m, v]) => [m, v]))).toEqual(want);
  });

  it('measures `for` on reading time, so a gateway catching up with a batch raises at the right reading', () => {
    const h = new Harness([rule({ condition: threshold, lifecycle: { for: '10m' } })]);
    const now = T0 + 60 * MIN;
    expect(h.feed(station, T0, { x: 12 }, now)).toEqual([]);
    const [t] = h.feed(station, T0 + 10 * MIN, { x: 12 }, now);
    expect(t).toMatchObject({ kind: 'raise', observedAt: T0 + 10 * MIN, at: now, raisedAt: T0 + 10 * MIN });
  });
});

describe('clear dwell: the clear condition must hold before the alert resolves', () => {
  it.each([
    { name: 'clears after the dwell', steps: [[0, 12], [1, 2], [20, 2], [31, 2]], want: [['raise Moderate'], [], [], ['clear Moderate']] },
    { name: 'restarts the dwell when the value comes back into the band', steps: [[0, 12], [1, 2], [20, 7], [25, 2], [50, 2], [56, 2]], want: [['raise Moderate'], [], [], [], [], ['clear Moderate']] },
  ] as const)('$name', ({ steps, want }) => {
    expect(run({ clearDwell: '30m' }, steps.map(([m, v]) => [m, v]))).toEqual(want);
  });
});

describe('severity: up at once, down only after a dwell', () => {
  const levels = rule({
    condition: { kind: 'gauge_levels', requireRising: false, hysteresisCm: 5 },
    lifecycle: { deescalateDwell: '1h' },
  });
  const g = gauge('wl-1', 120, 180);

  it.each([
    { name: 'escalates at once', steps: [[0, 130], [5, 185]], want: [['raise Moderate'], ['update Severe']] },
    { name: 'holds the higher severity during the dwell', steps: [[0, 185], [5, 150], [30, 150]], want: [['raise Severe'], [], []] },
    { name: 'de-escalates once the dwell has passed', steps: [[0, 185], [5, 150], [65, 150]], want: [['raise Severe'], [], ['update Moderate']] },
    { name: 'restarts the dwell when the higher severity is asked again', steps: [[0, 185], [5, 150], [30, 185], [40, 150], [90, 150], [100, 150]], want: [['raise Severe'], [], [], [], [], ['update Moderate']] },
  ] as const)('$name', ({ steps, want }) => {
    const h = new Harness([levels]);
    expect(steps.map(([m, v]) => brief(h.feed(g, T0 + m * MIN, { water_level_cm: v })))).toEqual(want);
  });
});

describe('peak updates', () => {
  it.each([
    { peakStep: 0, values: [12, 13, 14, 20, 21], want: [['raise Moderate'], ['update Moderate'], ['update Moderate'], ['update Moderate'], ['update Moderate']] },
    { peakStep: 5, values: [12, 13, 14, 17, 18, 23], want: [['raise Moderate'], [], [], ['update Moderate'], [], ['update Moderate']] },
  ])('with peakStep $peakStep, report a new peak only once it moved that far', ({ peakStep, values, want }) => {
    expect(run({ peakStep }, values.map((v, i) => [i, v]))).toEqual(want);
  });
});

describe('one active alert per rule and subject', () => {
  it('keeps separate alerts per sensor and never raises twice for one', () => {
    const h = new Harness([rule({ condition: threshold })]);
    const a = sensor('ws-a');
    const b = sensor('ws-b');
    expect(brief(h.feed(a, T0, { x: 11 }))).toEqual(['raise Moderate']);
    expect(brief(h.feed(b, T0, { x: 11 }))).toEqual(['raise Moderate']);
    expect(brief(h.feed(a, T0 + MIN, { x: 11 }))).toEqual([]);
    expect(brief(h.feed(a, T0 + 2 * MIN, { x: 12 }))).toEqual(['update Moderate']);
  });

  it('never lets evaluation time go backwards for a subject', () => {
    const h = new Harness([rule({ condition: threshold, lifecycle: { for: '10m' } })]);
    h.feed(station, T0 + 10 * MIN, { x: 12 });
    // A late reading from before does not restart or shorten the `for` timer.
    expect(h.feed(station, T0, { x: 12 })).toEqual([]);
    expect(brief(h.feed(station, T0 + 20 * MIN, { x: 12 }))).toEqual(['raise Moderate']);
  });
});
