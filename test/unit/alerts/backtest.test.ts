import { describe, expect, it } from 'vitest';
import { mergeIntoReadings, replay } from '../../../server/alerts/backtest.ts';
import { UTC } from '../../../rules/index.ts';
import { rule, sensor } from '../rules/fixtures.ts';
import { MIN, T0 } from './fixtures.ts';

describe('backtest replay', () => {
  it('merges metrics stored apart back into readings, in time order across sensors', () => {
    const readings = mergeIntoReadings([
      { sensorId: 'b', metric: 'x', points: [{ ts: 2, value: 1 }] },
      { sensorId: 'a', metric: 'x', points: [{ ts: 1, value: 10 }, { ts: 3, value: 11 }] },
      { sensorId: 'a', metric: 'y', points: [{ ts: 1, value: 20 }] },
    ]);
    expect(readings).toEqual([
      { sensorId: 'a', ts: 1, metrics: { x: 10, y: 20 } },
      { sensorId: 'b', ts: 2, metrics: { x: 1 } },
      { sensorId: 'a', ts: 3, metrics: { x: 11 } },
    ]);
  });

  it('summarises what a draft raises as episodes: raised, worst severity, peak, cleared', () => {
    const rules = [rule({ id: 'gust', condition: { kind: 'threshold', metric: 'g', direction: 'above', raise: 75, clear: 60 } })];
    const s = sensor('ws-1');
    const feed = [[0, 80], [1, 95], [2, 50], [10, 90]].map(([m, g]) => ({ sensorId: 'ws-1', ts: T0 + (m ?? 0) * MIN, metrics: { g: g ?? 0 } }));
    const r = replay(rules, feed, [s], { localTime: UTC, tickMs: 30_000, from: T0, to: T0 + 20 * MIN });
    expect(r.readings).toBe(4);
    expect(r.episodes.map((e) => [e.raisedAt, e.peak, e.clearedAt])).toEqual([
      [T0, 95, T0 + 2 * MIN],
      [T0 + 10 * MIN, 90, null],
    ]);
  });
});
