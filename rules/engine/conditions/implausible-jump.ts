/**
 * A sensor fault: a reading that jumped further from the previous one than the quantity can physically
 * change and was contradicted by the next reading (a spike: an echo, a bit error). It uses the same
 * plausibility test as the guard of gauge_levels and rate_of_change (plausibility.ts), so the reading a
 * flood rule ignores is the one this rule reports. Raises on the reading that exposes the spike; clears
 * on plausible readings (after the rule's clear dwell).
 */
import { z } from 'zod';
import { LabelSchema, MetricNameSchema, UnitSchema } from '../metric-name.ts';
import { PlausibilitySchema, SampleSchema, screenReading } from '../plausibility.ts';
import type { Sample } from '../plausibility.ts';
import { setVerdict } from '../verdict.ts';
import { formatNumber, sensorLabel } from './sensor-condition.ts';
import type { BindContext, SensorCondition } from './sensor-condition.ts';

export const ImplausibleJumpConditionSchema = z.strictObject({
  kind: z.literal('implausible_jump'),
  metric: MetricNameSchema,
  ...PlausibilitySchema.shape,
  unit: UnitSchema.default(''),
  label: LabelSchema.optional(),
});
export type ImplausibleJumpCondition = z.infer<typeof ImplausibleJumpConditionSchema>;

const SpikeSchema = z.strictObject({ t: z.number(), v: z.number(), before: z.number(), after: z.number() });

export const JumpMemorySchema = z.strictObject({
  /** The newest accepted reading. */
  last: SampleSchema.nullable(),
  /** A reading held back until the next one decides it. */
  suspect: SampleSchema.nullable(),
  /** The newest spike found, for the message. */
  spike: SpikeSchema.nullable(),
});
export type JumpMemory = z.infer<typeof JumpMemorySchema>;

export function bindImplausibleJump(c: ImplausibleJumpCondition, ctx: BindContext): SensorCondition<JumpMemory> {
  const label = c.label ?? c.metric;
  const unit = c.unit === '' ? '' : ` ${c.unit}`;
  const accept = (data: JumpMemory, t: number, v: number): void => {
    if (data.last === null) data.last = { t, v };
    else {
      data.last.t = t;
      data.last.v = v;
    }
  };
  return {
    unit: c.unit,
    peakMode: 'none',
    stateless: false,
    dataSchema: JumpMemorySchema,
    initData: () => ({ last: null, suspect: null, spike: null }),
    evaluate(reading, _sensor, t, data, out) {
      const v = reading.metrics[c.metric];
      if (v === undefined || data === null) return false;
      const suspect: Sample | null = data.suspect;
      const screening = screenReading(c, data.last, suspect, t, v);
      if (screening === 'suspect') {
        data.suspect = { t, v };
        return false;
      }
      data.suspect = null;
      if (screening === 'spike' && suspect !== null) {
        const before = data.last?.v ?? v;
        data.spike = { t: suspect.t, v: suspect.v, before, after: v };
        accept(data, t, v);
        setVerdict(out, 'fire', ctx.severity, suspect.v, before);
        return true;
      }
      accept(data, t, v);
      setVerdict(out, 'clear', ctx.severity, v);
      return true;
    },
    describe({ kind, sensor, data }) {
      const where = `${label} at ${sensorLabel(sensor)}`;
      const s = data?.spike;
      if (kind === 'clear' || s == null) return `${where} reads plausibly again.`;
      const at = new Date(s.t).toISOString().slice(11, 16);
      return (
        `${where}: implausible jump to ${formatNumber(s.v)}${unit} at ${at} UTC between ${formatNumber(s.before)}${unit} and ` +
        `${formatNumber(s.after)}${unit}; treated as a sensor fault and ignored by the rules that guard against it. Check the sensor.`
      );
    },
  };
}
