/**
 * A sensor fault: a stuck (frozen) sensor repeats the same values of metrics that normally vary (air
 * temperature, humidity) for hours. Raises while every listed metric the reading carries has kept exactly
 * the same value for at least `minDuration`; clears as soon as one of them changes. A metric the reading
 * does not carry neither raises nor clears.
 */
import { z } from 'zod';
import { PositiveDurationSchema } from '../duration.ts';
import { MetricNameSchema } from '../metric-name.ts';
import { setVerdict } from '../verdict.ts';
import { formatNumber, sensorLabel } from './sensor-condition.ts';
import type { BindContext, SensorCondition } from './sensor-condition.ts';

export const StuckConditionSchema = z.strictObject({
  kind: z.literal('stuck'),
  /** Metrics that normally vary from reading to reading; all of them must be frozen. */
  metrics: z.array(MetricNameSchema).min(1).max(16).default(['air_temperature_c', 'relative_humidity_pct']),
  /** How long the values must stay identical. */
  minDuration: PositiveDurationSchema.default(2 * 3600),
});
export type StuckCondition = z.infer<typeof StuckConditionSchema>;

/** Per metric: its value and since when it has had exactly that value. */
export const StuckMemorySchema = z.record(z.string(), z.strictObject({ v: z.number(), since: z.number() }));
export type StuckMemory = z.infer<typeof StuckMemorySchema>;

export function bindStuck(c: StuckCondition, ctx: BindContext): SensorCondition<StuckMemory> {
  const minMs = c.minDuration * 1000;
  return {
    unit: 'min',
    peakMode: 'none',
    stateless: false,
    dataSchema: StuckMemorySchema,
    initData: () => Object.create(null) as StuckMemory,
    evaluate(reading, _sensor, t, data, out) {
      if (data === null) return false;
      let seen = 0;
      let frozenSince = -Infinity;
      for (const metric of c.metrics) {
        const v = reading.metrics[metric];
        if (v === undefined) continue;
        seen++;
        let m = data[metric];
        if (m === undefined) data[metric] = m = { v, since: t };
        else if (m.v !== v) {
          // In place: a varying metric changes with nearly every reading.
          m.v = v;
          m.since = t;
        }
        frozenSince = Math.max(frozenSince, m.since);
      }
      if (seen === 0) return false;
      const frozenMs = t - frozenSince;
      const minutes = Math.round(frozenMs / 60_000);
      setVerdict(out, frozenMs >= minMs ? 'fire' : 'clear', ctx.severity, minutes, Math.round(minMs / 60_000));
      return true;
    },
    describe({ kind, sensor, verdict, data }) {
      if (kind === 'clear') return `Sensor ${sensorLabel(sensor)} values change again: no longer stuck.`;
      const values = c.metrics
        .flatMap((m) => (data?.[m] === undefined ? [] : [`${m} ${formatNumber(data[m].v)}`]))
        .join(', ');
      return `Sensor ${sensorLabel(sensor)} looks stuck: the same values (${values}) for ${formatNumber(verdict.value)} min. Check the sensor.`;
    },
  };
}
