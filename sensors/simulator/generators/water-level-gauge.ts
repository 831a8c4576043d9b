import { round, type GeneratorContext, type MetricValues } from './generator-context.ts';

/** A water-level gauge: level in whole cm above the gauge zero (ripples included), flow where it reports one. */
export function waterLevelGaugeReading({ sensor, atMs, world, rng }: GeneratorContext): MetricValues {
  const rivers = world.rivers;
  const level = rivers.levelCm(sensor.id, atMs) + rng.normal(0, rivers.noiseCm(sensor.id) / 2);
  const metrics: MetricValues = { water_level_cm: Math.round(level) };
  if (rivers.reportsFlow(sensor.id)) {
    const flow = rivers.flowM3s(sensor.id, atMs);
    metrics.flow_m3s = flow >= 100 ? Math.round(flow) : round(flow, 1);
  }
  return metrics;
}
