import { describe, expect, it } from 'vitest';
import { healthState, SensorHealthTracker } from '../../../server/telemetry/sensor-health.ts';
import type { Sensor } from '../../../server/contracts/registry.ts';

describe('healthState', () => {
  const T = 1_000_000_000;
  it.each([
    [null, T, false, 'unknown'],
    [T - 60_000, T, false, 'online'],
    [T - 180_000, T, false, 'online'],
    [T - 180_001, T, false, 'stale'],
    [T - 600_001, T, false, 'offline'],
    [T - 1000, T, true, 'offline'],
  ] as const)('last seen %s at %s, gateway offline %s → %s', (lastSeen, now, gatewayOffline, state) => {
    expect(healthState(lastSeen, now, 60, gatewayOffline)).toBe(state);
  });
});

describe('SensorHealthTracker', () => {
  const sensor = (id: string, gatewayId: string): Sensor => ({
    id, kind: 'fire_sensor', name: id, lat: 40, lon: 23, villageId: 'v', gatewayId, expectedIntervalS: 60,
  });
  const reading = (sensorId: string, at: number, metrics: Record<string, number> = { co_ppm: 1 }) =>
    ({ sensorId, ts: at, receivedAt: at, metrics, source: 'native' }) as const;

  it('tracks battery, signal and rate, and goes stale through silence alone', () => {
    const t = new SensorHealthTracker([sensor('a', 'g')]);
    expect(t.observe(reading('a', 0, { co_ppm: 1, battery_pct: 80, rssi_dbm: -97 }))).toBe(true);
    t.observe(reading('a', 60_000));
    expect(t.health('a', 60_000)).toMatchObject({ state: 'online', batteryPct: 80, rssiDbm: -97, ratePerMin: 0.4, lastSeen: 60_000 });
    expect(t.sweep(200_000)).toEqual([]);
    expect(t.sweep(240_001)).toEqual(['a']);
    expect(t.health('a', 240_001).state).toBe('stale');
  });

  it("marks only the gateway's sensors offline on its last will, and back on its next message", () => {
    const t = new SensorHealthTracker([sensor('a', 'g1'), sensor('b', 'g1'), sensor('c', 'g2')]);
    for (const id of ['a', 'b', 'c']) t.observe(reading(id, 0));
    expect(t.setGatewayOnline('g1', false, 1000).sort()).toEqual(['a', 'b']);
    expect(t.health('c', 1000).state).toBe('online');
    t.observe(reading('a', 2000));
    expect(t.health('a', 2000).state).toBe('online');
  });
});
