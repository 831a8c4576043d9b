import { normaliseDeg } from '../geo/local-geometry.ts';
import { clamp, round, type GeneratorContext, type MetricValues } from './generator-context.ts';

/** A weather station's report: sensors' own resolution, rain as a tipping bucket since the last report. */
export function weatherStationReading({ sensor, atMs, intervalMs, world, rng }: GeneratorContext): MetricValues {
  const air = world.weather.at(sensor, atMs);
  return {
    air_temperature_c: round(air.temperatureC + rng.normal(0, 0.05), 1),
    relative_humidity_pct: Math.round(clamp(air.humidityPct + rng.normal(0, 0.5), 1, 100)),
    wind_speed_kmh: round(Math.max(0, air.windKmh + rng.normal(0, 0.3)), 1),
    wind_gust_kmh: round(Math.max(air.windKmh, air.gustKmh + rng.normal(0, 0.5)), 1),
    wind_direction_deg: Math.round(normaliseDeg(air.windFromDeg + rng.normal(0, 3))) % 360,
    rain_mm: world.weather.rain.gaugeReportMm(sensor, atMs - intervalMs, atMs),
    pressure_hpa: round(air.pressureHpa + rng.normal(0, 0.05), 1),
  };
}
