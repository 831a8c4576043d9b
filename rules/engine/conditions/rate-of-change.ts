/**
 * Rate of change over a window, e.g. water rising faster than 20 cm/h. The slope is a least-squares fit
 * over the window's samples and is trusted only once the samples span `minSpan`, so two noisy readings a
 * minute apart cannot fake a rapid rise.
 */
import { z } from 'zod';
import { DurationSchema, PositiveDurationSchema } from '../duration.ts';
import { LabelSchema, MetricNameSchema, UnitSchema } from '../metric-name.ts';
import { PlausibilitySchema, SampleSchema } from '../plausibility.ts';
import { createSampleWindow, pushScreenedSample, slopePerHour, windowSpanMs } from '../sample-window.ts';
import type { SampleWindow } from '../sample-window.ts';
import { setVerdict } from '../verdict.ts';
import { formatNumber, sensorLabel } from './sensor-condition.ts';
import type { BindContext, SensorCondition } from './sensor-condition.ts';

export const RateOfChangeConditionSchema = z
  .strictObject({
    kind: z.literal('rate_of_change'),
    metric: MetricNameSchema,
    direction: z.enum(['rising', 'falling']),
    /** Raise when the value moves this fast or faster in `direction`, units per hour. */
    ratePerHour: z.number().positive(),
    /** Clear when it moves slower than this; defaults to `ratePerHour`. */
    clearRatePerHour: z.number().min(0).optional(),
    window: PositiveDurationSchema,
    /** The samples must span at least this long; defaults to half the window. */
    minSpan: DurationSchema.optional(),
    /** Bound on samples kept per sensor. */
    maxSamples: z.number().int().min(2).max(1000).default(60),
    /**
     * Hold back a reading that jumps further than physically possible from the previous one until the
     * next reading confirms it (plausibility.ts): a single spike never enters the window. Off when absent.
     */
    plausibility: PlausibilitySchema.optional(),
    unit: UnitSchema.default(''),
    label: LabelSchema.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.clearRatePerHour !== undefined && c.clearRatePerHour > c.ratePerHour) {
      ctx.addIssue({ code: 'custom', path: ['clearRatePerHour'], message: 'must be at or below ratePerHour' });
    }
    if (c.minSpan !== undefined && c.minSpan > c.window) {
      ctx.addIssue({ code: 'custom', path: ['minSpan'], message: 'must not be longer than the window' });
    }
  });
export type RateOfChangeCondition = z.infer<typeof RateOfChangeConditionSchema>;

export const SampleWindowSchema: z.ZodType<SampleWindow> = z
  .strictObject({ t: z.array(z.number()), v: z.array(z.number()), suspect: SampleSchema.optional() })
  .refine((w) => w.t.length === w.v.length, 'times and values differ in length');

export function bindRateOfChange(c: RateOfChangeCondition, ctx: BindContext): SensorCondition<SampleWindow> {
  const windowMs = c.window * 1000;
  const minSpanMs = (c.minSpan ?? c.window / 2) * 1000;
  const clearRate = c.clearRatePerHour ?? c.ratePerHour;
  const sign = c.direction === 'rising' ? 1 : -1;
  const label = c.label ?? c.metric;
  const unit = `${c.unit === '' ? 'units' : c.unit}/h`;
  return {
    unit,
    peakMode: 'max',
    stateless: false,
    dataSchema: SampleWindowSchema,
    initData: createSampleWindow,
    evaluate(reading, _sensor, t, data, out) {
      const v = reading.metrics[c.metric];
      if (v === undefined || data === null) return false;
      if (pushScreenedSample(data, c.plausibility, t, v, windowMs, c.maxSamples) === 'suspect') return false;
      if (windowSpanMs(data) < minSpanMs) return false;
      const rate = sign * slopePerHour(data);
      if (Number.isNaN(rate)) return false;
      if (rate >= c.ratePerHour) setVerdict(out, 'fire', ctx.severity, rate, c.ratePerHour, rate);
      else if (rate < clearRate) setVerdict(out, 'clear', ctx.severity, rate, clearRate, rate);
      else setVerdict(out, 'hold', ctx.severity, rate, c.ratePerHour, rate);
      return true;
    },
    describe({ kind, sensor, verdict }) {
      const where = `${label} at ${sensorLabel(sensor)}`;
      const minutes = Math.round(c.window / 60);
      if (kind === 'clear') {
        return `${where} is ${c.direction} ${formatNumber(Math.max(0, verdict.value))} ${unit} over the last ${minutes} min, below ${formatNumber(clearRate)} ${unit}.`;
      }
      return `${where} is ${c.direction} ${formatNumber(verdict.value)} ${unit} over the last ${minutes} min (limit ${formatNumber(c.ratePerHour)} ${unit}).`;
    },
  };
}
