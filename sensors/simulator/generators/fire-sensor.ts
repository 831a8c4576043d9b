import { fireGasReading } from '../fire/fire-gases.ts';
import { smokeExposure } from '../fire/fire-spread.ts';
import { clamp, round, type GeneratorContext, type MetricValues } from './generator-context.ts';

/** Smoke from every fire in the scenario that reaches the sensor, 0–1. */
export function exposureAt({ sensor, atMs, world }: Pick<GeneratorContext, 'sensor' | 'atMs' | 'world'>): number {
  let exposure = 0;
  for (const fire of world.fires) exposure = Math.max(exposure, smokeExposure(fire, sensor, atMs));
  return exposure;
}

/** A tree-mounted forest-fire sensor: gases, smoke flag, and the air under the canopy. */
export function fireSensorReading(ctx: GeneratorContext): MetricValues {
  const { sensor, atMs, world, rng } = ctx;
  const air = world.weather.at(sensor, atMs);
  const exposure = exposureAt(ctx);
  // Pines emit more terpenes when hot: the VOC index drifts up on summer afternoons.
  const terpeneLoad = clamp((air.temperatureC - 24) / 10, 0, 1);
  const gas = fireGasReading(exposure, terpeneLoad, sensor.id, atMs, world.seed, rng);
  return {
    co_ppm: round(gas.coPpm, 1),
    h2_ppm: round(gas.h2Ppm, 1),
    voc_index: Math.round(gas.vocIndex),
    smoke: gas.smoke,
    air_temperature_c: round(air.temperatureC + gas.heatC + rng.normal(0, 0.1), 1),
    relative_humidity_pct: Math.round(clamp(air.humidityPct * (1 - Math.min(0.8, exposure * 2)) + rng.normal(0, 0.7), 1, 100)),
  };
}
