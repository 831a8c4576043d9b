import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Timeline } from '../../../sensors/simulator/timeline/timeline.ts';
import { MS } from '../../../sensors/simulator/time/relative-time.ts';
import { readyWorld } from './fixtures.ts';

describe('timeline', () => {
  it('produces the same stream for the same scenario and seed', async () => {
    const digest = async (seed?: number): Promise<string> => {
      const world = await readyWorld('odra-flood', seed === undefined ? { durationMs: 16 * MS.h } : { seed, durationMs: 16 * MS.h });
      return createHash('sha256').update(JSON.stringify([...new Timeline(world).all()])).digest('hex');
    };
    expect(await digest()).toBe(await digest());
    expect(await digest(7)).not.toBe(await digest());
  });

  it('has every sensor report within two seconds of the start, then at its interval', async () => {
    const world = await readyWorld('quiet-day', { durationMs: 30 * MS.m });
    const events = [...new Timeline(world).all()];
    for (const sensor of world.sensors) {
      const times = events.filter((e) => e.kind === 'reading' && e.sensorId === sensor.id).map((e) => e.atMs);
      expect(times[0], sensor.id).toBeLessThan(world.startMs + 2 * MS.s);
      const gaps = times.slice(2).map((t, i) => t - (times[i + 1] ?? 0));
      for (const gap of gaps) expect(gap).toBe(sensor.expectedIntervalS * MS.s);
    }
  });

  it('advances in order and honours overrides of start, interval and duration', async () => {
    const start = Date.parse('2025-01-01T00:00:00Z');
    const world = await readyWorld('live', { start, intervalS: 3, durationMs: MS.m });
    const timeline = new Timeline(world);
    const firstBatch = timeline.advanceTo(start + 10 * MS.s);
    expect(firstBatch.length).toBeGreaterThan(world.sensors.length * 3 - 1);
    const rest = [...timeline.all()];
    const times = [...firstBatch, ...rest].map((e) => e.atMs);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(Math.max(...times)).toBeLessThanOrEqual(start + MS.m);
    expect(times.length).toBeGreaterThan(world.sensors.length * 19);
  });
});
