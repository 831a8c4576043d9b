import { describe, expect, it } from 'vitest';
import { currentLevel, dueEscalations, nextEscalation, nextLevel, type EscalationPolicy } from '../../../server/alerts/escalation.ts';
import { MIN, T0, record } from './fixtures.ts';

const afterMinutes = { Extreme: 5, Severe: 10, Moderate: 30, Minor: 60 } as const;
const all: EscalationPolicy = { afterMinutes, levels: [0, 1, 2] };

describe('escalation until acknowledged', () => {
  it.each([
    { name: 'Extreme at level 0: level 1 after 5 min', severity: 'Extreme', level: 0, want: { at: T0 + 5 * MIN, level: 1 } },
    { name: 'Severe at level 0: level 1 after 10 min', severity: 'Severe', level: 0, want: { at: T0 + 10 * MIN, level: 1 } },
    { name: 'Moderate at level 1: level 2 after 30 min', severity: 'Moderate', level: 1, want: { at: T0 + 30 * MIN, level: 2 } },
    { name: 'Minor at the top: a reminder at the top after 60 min', severity: 'Minor', level: 2, want: { at: T0 + 60 * MIN, level: 2 } },
  ] as const)('$name', ({ severity, level, want }) => {
    expect(nextEscalation(record({ severity, escalationLevel: level, lastNotifiedAt: T0 }), all)).toEqual(want);
  });

  it.each(['acknowledged', 'resolved'] as const)('a %s alert is not escalated', (state) => {
    expect(nextEscalation(record({ state }), all)).toBeNull();
  });

  it('counts from the newest notification, so each level gets its full time', () => {
    expect(nextEscalation(record({ severity: 'Severe', escalationLevel: 1, lastNotifiedAt: T0 + 10 * MIN }), all)).toEqual({ at: T0 + 20 * MIN, level: 2 });
  });

  it('tells the first level at once when it was never notified (nobody configured at the raise, a restart)', () => {
    expect(nextEscalation(record({ escalationLevel: -1, lastNotifiedAt: null, escalationSince: T0 }), all)).toEqual({ at: T0, level: 0 });
  });

  it('skips levels without recipients', () => {
    const gaps: EscalationPolicy = { afterMinutes, levels: [0, 2] };
    expect(nextLevel(gaps, 0)).toBe(2);
    expect(nextLevel(gaps, 2)).toBe(2);
    expect(currentLevel(gaps, 1)).toBe(0);
    expect(currentLevel(gaps, -1)).toBe(0);
    expect(nextEscalation(record({ escalationLevel: 0 }), { afterMinutes, levels: [] })).toBeNull();
  });

  it('lists what is due at a given time', () => {
    const alerts = [
      record({ id: 'extreme', severity: 'Extreme', escalationLevel: 0, lastNotifiedAt: T0 }),
      record({ id: 'minor', severity: 'Minor', escalationLevel: 0, lastNotifiedAt: T0 }),
      record({ id: 'acked', state: 'acknowledged', severity: 'Extreme', escalationLevel: 0, lastNotifiedAt: T0 }),
    ];
    expect(dueEscalations(alerts, all, T0 + 6 * MIN).map((d) => [d.alert.id, d.level])).toEqual([['extreme', 1]]);
    expect(dueEscalations(alerts, all, T0 + 61 * MIN).map((d) => [d.alert.id, d.level])).toEqual([['extreme', 1], ['minor', 1]]);
  });
});
