import type { Sensor } from '../../../server/contracts/registry.ts';
import { normalBatteryPct } from '../devices/battery.ts';
import { activeStuck, faultyBatteryPct, type Fault } from '../devices/faults.ts';
import type { MetricValues } from '../generators/generator-context.ts';
import { healthyReading } from '../generators/sensor-reading.ts';
import type { World } from '../world/world.ts';

type Spike = Extract<Fault, { kind: 'spike' }>;

/** A reading with the device's faults applied, and which one-shot spikes it used up. */
export interface FaultyReading {
  readonly metrics: MetricValues;
  readonly usedSpikes: readonly number[];
}

/**
 * What the device reports, faults included: stuck metrics repeat the value they froze at, spikes
 * overwrite values, a failing battery drains. `consumedSpikes` are one-shot spikes already reported.
 */
export function faultyReading(world: World, sensor: Sensor, atMs: number, sinceLastMs: number, consumedSpikes: ReadonlySet<number>): FaultyReading {
  const metrics = healthyReading(world, sensor, atMs, sinceLastMs);

  const stuck = activeStuck(world.faults, sensor.id, atMs);
  if (stuck !== null) {
    const frozen = healthyReading(world, sensor, stuck.fromMs, sinceLastMs);
    for (const name of stuck.metrics ?? Object.keys(frozen)) {
      const value = frozen[name];
      if (value !== undefined) metrics[name] = value;
    }
  }

  const battery = faultyBatteryPct(world.faults, sensor.id, atMs, (t) => normalBatteryPct(sensor, t, world.seed, world.startMs));
  if (battery !== null) metrics.battery_pct = battery;

  const usedSpikes: number[] = [];
  for (const fault of world.faults) {
    if (fault.kind !== 'spike' || fault.sensorId !== sensor.id || !spikeApplies(fault, atMs, consumedSpikes)) continue;
    Object.assign(metrics, fault.metrics);
    if (fault.toMs === null) usedSpikes.push(fault.id);
  }
  return { metrics, usedSpikes };
}

function spikeApplies(spike: Spike, atMs: number, consumed: ReadonlySet<number>): boolean {
  if (atMs < spike.fromMs) return false;
  if (spike.toMs === null) return !consumed.has(spike.id);
  return atMs < spike.toMs;
}
