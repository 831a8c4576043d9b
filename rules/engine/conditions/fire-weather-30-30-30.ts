/** The same-day 30-30-30 fire-weather rule (DOMAIN.md §3), with the Angström index in the message. */
import { z } from 'zod';
import { setVerdict } from '../verdict.ts';
import { angstromIndex, isThirtyThirtyThirty } from '../../hazards/fire-weather.ts';
import { formatNumber, sensorLabel } from './sensor-condition.ts';
import type { BindContext, SensorCondition } from './sensor-condition.ts';

export const FireWeather303030ConditionSchema = z.strictObject({
  kind: z.literal('fire_weather_30_30_30'),
  minTemperatureC: z.number().default(30),
  maxHumidityPct: z.number().min(0).max(100).default(30),
  minWindKmh: z.number().min(0).default(30),
});
export type FireWeather303030Condition = z.infer<typeof FireWeather303030ConditionSchema>;

export function bindFireWeather303030(c: FireWeather303030Condition, ctx: BindContext): SensorCondition<null> {
  const observation = { temperatureC: 0, humidityPct: 0, windKmh: 0 };
  // Last values seen, for the message; only read right after the evaluate that set them.
  const last = { temperatureC: NaN, humidityPct: NaN, windKmh: NaN };
  return {
    // The value is the Angström index: lower is drier, hence the minimum as peak.
    unit: '',
    peakMode: 'min',
    stateless: true,
    dataSchema: null,
    initData: () => null,
    evaluate(reading, _sensor, _t, _data, out) {
      const t = reading.metrics.air_temperature_c;
      const h = reading.metrics.relative_humidity_pct;
      const w = reading.metrics.wind_speed_kmh;
      if (t === undefined || h === undefined || w === undefined) return false;
      observation.temperatureC = last.temperatureC = t;
      observation.humidityPct = last.humidityPct = h;
      observation.windKmh = last.windKmh = w;
      setVerdict(out, isThirtyThirtyThirty(observation, c) ? 'fire' : 'clear', ctx.severity, angstromIndex(t, h));
      return true;
    },
    describe({ kind, sensor, verdict }) {
      const values = `${formatNumber(last.temperatureC)} °C, ${formatNumber(last.humidityPct)} % RH, wind ${formatNumber(last.windKmh)} km/h, Angström index ${formatNumber(verdict.value)}`;
      if (kind === 'clear') return `Fire weather at ${sensorLabel(sensor)} is off the 30-30-30 line: ${values}.`;
      return `Fire weather at ${sensorLabel(sensor)} meets 30-30-30 (≥ ${c.minTemperatureC} °C, ≤ ${c.maxHumidityPct} % RH, ≥ ${c.minWindKmh} km/h): ${values}.`;
    },
  };
}
