import { describe, expect, it } from 'vitest';
import { Harness, MIN, T0, brief, gauge, reading, rule } from './fixtures.ts';
import { bindGaugeLevels, GaugeLevelsConditionSchema } from '../../../rules/engine/conditions/gauge-levels.ts';
import { UTC } from '../../../rules/engine/local-time.ts';
import { createVerdict } from '../../../rules/engine/verdict.ts';
import type { AlertTransition } from '../../../rules/engine/types.ts';

// Odra at Trestno: alarm 450 cm (DOMAIN.md §2); warning taken 50 cm below for the test.
const trestno = gauge('wl-trestno', 400, 450);
const imgw = rule({
  condition: { kind: 'gauge_levels', trendWindow: '1h', minTrendSpan: '15m', hysteresisCm: 5 },
  lifecycle: { clearDwell: '30m', deescalateDwell: '1h' },
});

function feedTransitions(h: Harness, steps: readonly (readonly [number, number])[]): AlertTransition[] {
  return steps.flatMap(([m, v]) => [...h.feed(trestno, T0 + m * MIN, { water_level_cm: v })]);
}

function feed(h: Harness, steps: readonly (readonly [number, number])[]): string[] {
  return steps.flatMap(([m, v]) => brief(h.feed(trestno, T0 + m * MIN, { water_level_cm: v })));
}

describe('gauge-levels verdicts', () => {
  const condition = GaugeLevelsConditionSchema.parse({ kind: 'gauge_levels', minTrendSpan: '15m', hysteresisCm: 5 });
  const bound = bindGaugeLevels(condition, { severity: 'Severe', certainty: 'Observed', localTime: UTC });

  it.each([
    { name: 'below warning, rising', levels: [300, 320, 340], want: 'clear' },
    { name: 'above warning and rising', levels: [390, 400, 410], want: 'fire Moderate' },
    { name: 'above alarm and rising', levels: [440, 448, 455], want: 'fire Severe' },
    { name: 'above alarm, falling', levels: [470, 465, 460], want: 'hold Severe' },
    { name: 'above warning, falling', levels: [430, 425, 420], want: 'hold Moderate' },
    { name: 'above warning, steady', levels: [410, 410, 410], want: 'hold Moderate' },
    { name: 'above warning, rising slower than the minimum rise', levels: [410, 410.1, 410.2], want: 'hold Moderate' },
    { name: 'inside the hysteresis below warning', levels: [400, 398, 396], want: 'hold Moderate' },
    { name: 'below warning − hysteresis', levels: [400, 396, 394], want: 'clear' },
    { name: 'first reading above alarm: unknown trend counts as rising', levels: [460], want: 'fire Severe' },
    { name: 'first reading above warning: unknown trend counts as rising', levels: [410], want: 'fire Moderate' },
  ])('$name: $levels → $want', ({ levels, want }) => {
    const data = bound.initData();
    const out = createVerdict();
    levels.forEach((level, i) => bound.evaluate(reading('wl-trestno', T0 + i * 10 * MIN, { water_level_cm: level }), trestno, T0 + i * 10 * MIN, data, out));
    expect(out.kind === 'clear' ? 'clear' : `${out.kind} ${out.severity}`).toBe(want);
  });
});

describe('gauge levels through the lifecycle', () => {
  it.each([
    { name: 'below the warning level: nothing', steps: [[0, 300], [10, 320], [20, 340]], want: [] },
    { name: 'above warning and rising: warning severity', steps: [[0, 380], [10, 395], [20, 405]], want: ['raise Moderate'] },
    {
      name: 'warning then alarm: escalates at once',
      steps: [[0, 380], [10, 395], [20, 405], [30, 452]],
      want: ['raise Moderate', 'update Severe'],
    },
  ] as const)('$name', ({ steps, want }) => {
    expect(feed(new Harness([imgw]), steps)).toEqual(want);
  });

  it('keeps the alert while the water stands high and falls, and clears 30 min after it drops below warning − 5 cm', () => {
    const h = new Harness([imgw]);
    expect(feed(h, [[0, 380], [10, 395], [20, 420], [30, 455]])).toEqual(['raise Moderate', 'update Severe']);
    // Peak passed; falling but above alarm: held at Severe.
    expect(feed(h, [[40, 452], [50, 451]])).toEqual([]);
    // Between warning and alarm, falling: Moderate only after the 1 h dwell.
    expect(feed(h, [[60, 440], [90, 420], [115, 405]])).toEqual([]);
    expect(feed(h, [[120, 402]])).toEqual(['update Moderate']);
    // Just below warning but inside the hysteresis: held.
    expect(feed(h, [[120, 397], [160, 396]])).toEqual([]);
    // Below 395 cm: clear after 30 min.
    expect(feed(h, [[170, 390], [190, 385]])).toEqual([]);
    expect(feed(h, [[200, 380]])).toEqual(['clear Moderate']);
  });

  it('says the level, the level crossed and the trend', () => {
    const h = new Harness([imgw]);
    const out = feedTransitions(h, [[0, 380], [10, 395], [20, 455]]);
    expect(out.map((t) => t.kind)).toEqual(['raise']);
    expect(out[0]?.message).toMatch(/^Water level at wl-trestno is 455 cm, above the alarm level 450 cm \(rising \d+(\.\d)? cm\/h\)\.$/);
    expect(out[0]?.subject).toEqual({ type: 'gauge', id: 'wl-trestno' });
    expect(out[0]?.machineTypes).toEqual(['pump_unit', 'excavator', 'backhoe_loader', 'tipper_truck']);
  });

  it('raises a rapid rise below the warning level when configured (IMGW degree 1)', () => {
    const withRapid = rule({ condition: { kind: 'gauge_levels', rapidRise: { cmPerHour: 20 }, minTrendSpan: '15m' } });
    expect(feed(new Harness([withRapid]), [[0, 300], [10, 305], [20, 312]])).toEqual(['raise Minor']);
  });

  it('does nothing for a gauge without levels in the registry', () => {
    const h = new Harness([imgw]);
    const bare = gauge('wl-bare', 1, 2, { levels: undefined });
    expect(h.feed(bare, T0, { water_level_cm: 999 })).toEqual([]);
  });
});
