import { describe, expect, it } from 'vitest';
import { Harness, HOUR, MIN, T0, brief, gauge, rule, sensor } from './fixtures.ts';
import { screenReading } from '../../../rules/engine/plausibility.ts';
import { createEngineState } from '../../../rules/engine/state.ts';
import type { AlertTransition } from '../../../rules/engine/types.ts';

const guard = { maxStep: 50, maxRatePerHour: 300 };
const kalyves = gauge('wl-kalyves', 90, 140);

describe('plausibility screening of one reading', () => {
  const at = (minute: number, v: number) => ({ t: T0 + minute * MIN, v });
  it.each([
    { name: 'first reading', last: null, suspect: null, next: at(0, 612), want: 'accept' },
    { name: 'small change', last: at(0, 23), suspect: null, next: at(2, 26), want: 'accept' },
    { name: 'flash-flood minute (+4 cm)', last: at(0, 120), suspect: null, next: at(1, 124), want: 'accept' },
    { name: 'at the limit (50 cm + 300 cm/h × 2 min = 60 cm)', last: at(0, 23), suspect: null, next: at(2, 83), want: 'accept' },
    { name: 'beyond the limit', last: at(0, 23), suspect: null, next: at(2, 612), want: 'suspect' },
    { name: 'a drop beyond the limit', last: at(0, 300), suspect: null, next: at(2, 0), want: 'suspect' },
    { name: 'large change after a long gap is physical', last: at(0, 23), suspect: null, next: at(120, 612), want: 'accept' },
    { name: 'back near the last accepted value: spike', last: at(0, 23), suspect: at(2, 612), next: at(6, 23), want: 'spike' },
    { name: 'near the suspect: confirmed jump', last: at(0, 23), suspect: at(2, 300), next: at(3, 310), want: 'confirm' },
    { name: 'far from both: a new suspect', last: at(0, 23), suspect: at(2, 612), next: at(3, 300), want: 'suspect' },
  ] as const)('$name → $want', ({ last, suspect, next, want }) => {
    expect(screenReading(guard, last, suspect, next.t, next.v)).toBe(want);
  });
});

const levels = rule({
  id: 'levels',
  condition: { kind: 'gauge_levels', trendWindow: '1h', minTrendSpan: '15m', plausibility: guard },
  lifecycle: { clearDwell: '30m' },
});
const rapidRise = rule({
  id: 'rise',
  condition: { kind: 'rate_of_change', metric: 'water_level_cm', direction: 'rising', ratePerHour: 20, clearRatePerHour: 10, window: '1h', minSpan: '20m', plausibility: guard },
  lifecycle: { clearDwell: '30m' },
});
const jump = rule({
  id: 'jump',
  hazard: 'sensor_fault',
  severity: 'Minor',
  certainty: 'Likely',
  condition: { kind: 'implausible_jump', metric: 'water_level_cm', ...guard, unit: 'cm', label: 'Water level' },
  lifecycle: { clearDwell: '1h' },
});

function who(ts: readonly AlertTransition[]): string[] {
  return ts.map((t) => `${t.ruleId} ${t.kind} ${t.severity}`);
}

/** Readings every `every` minutes from minute 0, one value each; peak-only updates left out. */
function feedLevels(h: Harness, values: readonly number[], every = 2): string[] {
  const severity = new Map<string, string>();
  const out: string[] = [];
  values.forEach((v, i) => {
    for (const t of h.feed(kalyves, T0 + i * every * MIN, { water_level_cm: v })) {
      if (t.kind === 'update' && severity.get(t.ruleId) === t.severity) continue;
      severity.set(t.ruleId, t.severity);
      out.push(...who([t]));
    }
  });
  return out;
}

const steady = (n: number, v = 23): number[] => Array.from({ length: n }, (_, i) => v + (i % 2));

describe('flood rules behind a plausibility guard', () => {
  it.each([
    {
      name: 'one 612 cm echo in a low stream raises no flood alert, only the sensor fault',
      values: [...steady(40), 612, ...steady(40)],
      want: ['jump raise Minor', 'jump clear Minor'],
    },
    {
      name: 'a flash-flood rise of 3 cm/min raises rapid rise, then warning, then alarm with no delay',
      values: [...steady(10, 40), ...Array.from({ length: 60 }, (_, i) => 40 + 3 * (i + 1) * 2)],
      want: ['rise raise Moderate', 'levels raise Moderate', 'levels update Severe'],
    },
    {
      name: 'a real wall of water (+200 cm at once, then staying) is confirmed by the next reading',
      values: [...steady(20, 40), 240, 245, 250, 255, 260],
      want: ['levels raise Severe', 'rise raise Moderate'],
    },
  ])('$name', ({ values, want }) => {
    expect(feedLevels(new Harness([levels, rapidRise, jump]), values)).toEqual(want);
  });

  it('a confirmed jump raises one reading late, on the confirming reading', () => {
    const h = new Harness([levels, jump]);
    feedLevels(h, steady(20, 40));
    expect(who(h.feed(kalyves, T0 + 40 * MIN, { water_level_cm: 240 }))).toEqual([]);
    expect(who(h.feed(kalyves, T0 + 42 * MIN, { water_level_cm: 242 }))).toEqual(['levels raise Severe']);
  });

  it('without a guard, the same echo raises the alarm severity (the old behaviour)', () => {
    const unguarded = rule({ id: 'levels', condition: { kind: 'gauge_levels', trendWindow: '1h', minTrendSpan: '15m' } });
    expect(feedLevels(new Harness([unguarded]), [...steady(40), 612, 23])[0]).toBe('levels raise Severe');
  });

  it('the fault alert says what happened and resolves after an hour of plausible readings', () => {
    const h = new Harness([jump]);
    feedLevels(h, steady(10));
    h.feed(kalyves, T0 + 20 * MIN, { water_level_cm: 612 });
    const [raise] = h.feed(kalyves, T0 + 24 * MIN, { water_level_cm: 23 });
    expect(raise).toMatchObject({ kind: 'raise', severity: 'Minor', hazard: 'sensor_fault', value: 612, subject: { type: 'sensor', id: 'wl-kalyves' } });
    expect(raise?.message).toBe(
      'Water level at wl-kalyves: implausible jump to 612 cm at 08:20 UTC between 24 cm and 23 cm; treated as a sensor fault and ignored by the rules that guard against it. Check the sensor.',
    );
    const out: string[] = [];
    for (let m = 26; m <= 90; m += 2) out.push(...brief(h.feed(kalyves, T0 + m * MIN, { water_level_cm: 23 })));
    expect(out).toEqual(['clear Minor']);
  });

  it('restores a sample window persisted before the guard existed, and one holding a suspect', () => {
    const h = new Harness([levels]);
    feedLevels(h, steady(10));
    h.feed(kalyves, T0 + 20 * MIN, { water_level_cm: 612 });
    const json = JSON.parse(JSON.stringify(h.state)) as { rules: { levels: { sensors: Record<string, { data: Record<string, unknown> }> } } };
    const withSuspect = h.engine.restore(json);
    expect(withSuspect.problems).toEqual([]);
    expect(withSuspect.state.rules.levels?.sensors['wl-kalyves']?.data).toMatchObject({ suspect: { v: 612 } });
    const slot = json.rules.levels.sensors['wl-kalyves'];
    if (slot !== undefined) delete slot.data.suspect;
    expect(h.engine.restore(json).problems).toEqual([]);
    expect(h.engine.restore(createEngineState()).problems).toEqual([]);
  });
});

describe('stuck sensor', () => {
  const stuck = rule({ id: 'stuck', hazard: 'sensor_fault', severity: 'Minor', condition: { kind: 'stuck', minDuration: '2h' } });
  const ws = sensor('ws-galatista');
  const frozen = { air_temperature_c: 27.3, relative_humidity_pct: 48, wind_speed_kmh: 9 };

  function feedHours(h: Harness, hours: number, metrics: (minute: number) => Record<string, number>, from = 0): string[] {
    const out: string[] = [];
    for (let m = from; m < from + hours * 60; m += 5) out.push(...brief(h.feed(ws, T0 + m * MIN, metrics(m))));
    return out;
  }

  it.each([
    { name: 'varying weather: nothing', metrics: (m: number) => ({ air_temperature_c: 20 + (m % 13) / 10, relative_humidity_pct: 50 }), hours: 4, want: [] },
    { name: 'humidity steady but temperature varies: nothing', metrics: (m: number) => ({ air_temperature_c: 20 + (m % 13) / 10, relative_humidity_pct: 50 }), hours: 4, want: [] },
    { name: 'both frozen for 1 h 55: nothing yet', metrics: () => frozen, hours: 2, want: [] },
    { name: 'both frozen for 2 h: raises Minor', metrics: () => frozen, hours: 2.1, want: ['raise Minor'] },
    { name: 'readings without those metrics say nothing', metrics: () => ({ battery_pct: 80 }), hours: 4, want: [] },
  ])('$name', ({ metrics, hours, want }) => {
    expect(feedHours(new Harness([stuck]), hours, metrics)).toEqual(want);
  });

  it('clears as soon as a value moves again, and says how long it was frozen', () => {
    const h = new Harness([stuck]);
    const out = h.engine.evaluate(h.state, { sensorId: ws.id, ts: T0, metrics: frozen }, ws, T0).transitions.concat();
    for (let m = 5; m <= 3 * 60; m += 5) out.push(...h.feed(ws, T0 + m * MIN, frozen));
    expect(out.map((t) => t.kind)).toEqual(['raise']);
    expect(out[0]?.message).toBe('Sensor ws-galatista looks stuck: the same values (air_temperature_c 27.3, relative_humidity_pct 48) for 120 min. Check the sensor.');
    expect(brief(h.feed(ws, T0 + 3 * HOUR + 5 * MIN, { ...frozen, air_temperature_c: 27.4 }))).toEqual(['clear Minor']);
  });
});
