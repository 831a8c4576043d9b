/**
 * Threshold with hysteresis: raise at `raise`, clear only past `clear` (which defaults to `raise`), so a
 * value hovering at the line does not flap. The `for` duration lives in the rule's lifecycle.
 */
import { z } from 'zod';
import { LabelSchema, MetricNameSchema, UnitSchema } from '../metric-name.ts';
import { setVerdict } from '../verdict.ts';
import { formatNumber, sensorLabel } from './sensor-condition.ts';
import type { BindContext, SensorCondition } from './sensor-condition.ts';

export const ThresholdConditionSchema = z
  .strictObject({
    kind: z.literal('threshold'),
    metric: MetricNameSchema,
    direction: z.enum(['above', 'below']),
    /** Raise at or beyond this value. */
    raise: z.number(),
    /** Clear only strictly beyond this value on the other side; defaults to `raise` (no hysteresis). */
    clear: z.number().optional(),
    unit: UnitSchema.default(''),
    label: LabelSchema.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.clear === undefined) return;
    if (c.direction === 'above' && c.clear > c.raise) {
      ctx.addIssue({ code: 'custom', path: ['clear'], message: 'for "above", the clear level must be at or below the raise level' });
    }
    if (c.direction === 'below' && c.clear < c.raise) {
      ctx.addIssue({ code: 'custom', path: ['clear'], message: 'for "below", the clear level must be at or above the raise level' });
    }
  });
export type ThresholdCondition = z.infer<typeof ThresholdConditionSchema>;

export function bindThreshold(c: ThresholdCondition, ctx: BindContext): SensorCondition<null> {
  const above = c.direction === 'above';
  const clearAt = c.clear ?? c.raise;
  const label = c.label ?? c.metric;
  const unit = c.unit === '' ? '' : ` ${c.unit}`;
  return {
    unit: c.unit,
    peakMode: above ? 'max' : 'min',
    stateless: true,
    dataSchema: null,
    initData: () => null,
    evaluate(reading, _sensor, _t, _data, out) {
      const v = reading.metrics[c.metric];
      if (v === undefined) return false;
      if (above ? v >= c.raise : v <= c.raise) setVerdict(out, 'fire', ctx.severity, v, c.raise);
      else if (above ? v < clearAt : v > clearAt) setVerdict(out, 'clear', ctx.severity, v, clearAt);
      else setVerdict(out, 'hold', ctx.severity, v, c.raise);
      return true;
    },
    describe({ kind, sensor, verdict }) {
      const where = `${label} at ${sensorLabel(sensor)}`;
      const value = `${formatNumber(verdict.value)}${unit}`;
      if (kind === 'clear') {
        return `${where} is back to ${value}, ${above ? 'below' : 'above'} the clear level ${formatNumber(clearAt)}${unit}.`;
      }
      return `${where} is ${value}, ${above ? 'at or above' : 'at or below'} ${formatNumber(c.raise)}${unit}.`;
    },
  };
}
