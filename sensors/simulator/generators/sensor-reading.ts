import type { Sensor } from '../../../server/contracts/registry.ts';
import { normalBatteryPct } from '../devices/battery.ts';
import { SeededRandom } from '../random/seeded-random.ts';
import type { World } from '../world/world.ts';
import { fireSensorReading } from './fire-sensor.ts';
import type { GeneratorContext, MetricValues } from './generator-context.ts';
import { waterLevelGaugeReading } from './water-level-gauge.ts';
import { weatherStationReading } from './weather-station.ts';

const BY_KIND: Record<Sensor['kind'], (ctx: GeneratorContext) => MetricValues> = {
  weather_station: weatherStationReading,
  water_level_gauge: waterLevelGaugeReading,
  fire_sensor: fireSensorReading,
};

/**
 * The healthy device's report at an instant, battery included. Pure: the same world, sensor and instant
 * give the same values, whatever was generated before.
 */
export function healthyReading(world: World, sensor: Sensor, atMs: number, intervalMs: number = world.intervalMs(sensor.id)): MetricValues {
  const rng = SeededRandom.fromKey(world.seed, 'reading', sensor.id, atMs);
  const metrics = BY_KIND[sensor.kind]({ sensor, atMs, intervalMs, world, rng });
  metrics.battery_pct = normalBatteryPct(sensor, atMs, world.seed, world.startMs);
  return metrics;
}
