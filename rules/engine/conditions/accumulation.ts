/**
 * Accumulation over a window: the sum of a per-report increment, e.g. rain_mm (rain since last report)
 * summed over one hour for heavy rain in mm/h.
 */
import { z } from 'zod';
import { PositiveDurationSchema } from '../duration.ts';
import { LabelSchema, MetricNameSchema, UnitSchema } from '../metric-name.ts';
import { createSampleWindow, pushSample, sumSince } from '../sample-window.ts';
import type { SampleWindow } from '../sample-window.ts';
import { setVerdict } from '../verdict.ts';
import { SampleWindowSchema } from './rate-of-change.ts';
import { formatNumber, sensorLabel } from './sensor-condition.ts';
import type { BindContext, SensorCondition } from './sensor-condition.ts';

export const AccumulationConditionSchema = z
  .strictObject({
    kind: z.literal('accumulation'),
    metric: MetricNameSchema,
    window: PositiveDurationSchema,
    /** Raise when the window's total reaches this. */
    raise: z.number().positive(),
    /** Clear when the total drops below this; defaults to `raise`. */
    clear: z.number().min(0).optional(),
    maxSamples: z.number().int().min(2).max(1000).default(60),
    unit: UnitSchema.default(''),
    label: LabelSchema.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.clear !== undefined && c.clear > c.raise) {
      ctx.addIssue({ code: 'custom', path: ['clear'], message: 'must be at or below raise' });
    }
  });
export type AccumulationCondition = z.infer<typeof AccumulationConditionSchema>;

export function bindAccumulation(c: AccumulationCondition, ctx: BindContext): SensorCondition<SampleWindow> {
  const windowMs = c.window * 1000;
  const clearAt = c.clear ?? c.raise;
  const label = c.label ?? c.metric;
  const unit = c.unit === '' ? '' : ` ${c.unit}`;
  const minutes = Math.round(c.window / 60);
  return {
    unit: c.unit,
    peakMode: 'max',
    stateless: false,
    dataSchema: SampleWindowSchema,
    initData: createSampleWindow,
    evaluate(reading, _sensor, t, data, out) {
      const v = reading.metrics[c.metric];
      if (v === undefined || data === null) return false;
      pushSample(data, t, Math.max(0, v), windowMs, c.maxSamples, 'add');
      const total = sumSince(data, t - windowMs);
      if (total >= c.raise) setVerdict(out, 'fire', ctx.severity, total, c.raise);
      else if (total < clearAt) setVerdict(out, 'clear', ctx.severity, total, clearAt);
      else setVerdict(out, 'hold', ctx.severity, total, c.raise);
      return true;
    },
    describe({ kind, sensor, verdict }) {
      const where = `${label} at ${sensorLabel(sensor)}`;
      if (kind === 'clear') {
        return `${where} totals ${formatNumber(verdict.value)}${unit} over the last ${minutes} min, below ${formatNumber(clearAt)}${unit}.`;
      }
      return `${where} totals ${formatNumber(verdict.value)}${unit} over the last ${minutes} min (limit ${formatNumber(c.raise)}${unit}).`;
    },
  };
}
