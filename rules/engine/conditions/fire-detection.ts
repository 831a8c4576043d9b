/**
 * One forest-fire sensor reporting smoke or gas. On its own this is a possible false alarm (a barbecue,
 * a passing truck), so the default rule gives it certainty Possible; corroboration is fire_correlation's job.
 */
import { z } from 'zod';
import { setVerdict } from '../verdict.ts';
import { describeFireSignals, fireSignalOf, FireSignalSchema } from './fire-signal.ts';
import { sensorLabel } from './sensor-condition.ts';
import type { BindContext, SensorCondition } from './sensor-condition.ts';

export const FireDetectionConditionSchema = z.strictObject({
  kind: z.literal('fire_detection'),
  signal: FireSignalSchema,
});
export type FireDetectionCondition = z.infer<typeof FireDetectionConditionSchema>;

export function bindFireDetection(c: FireDetectionCondition, ctx: BindContext): SensorCondition<null> {
  return {
    // The value is the bit set of tripped signals; the message spells it out.
    unit: '',
    peakMode: 'none',
    stateless: true,
    dataSchema: null,
    initData: () => null,
    evaluate(reading, _sensor, _t, _data, out) {
      const bits = fireSignalOf(reading.metrics, c.signal);
      if (bits < 0) return false;
      setVerdict(out, bits > 0 ? 'fire' : 'clear', ctx.severity, bits);
      return true;
    },
    describe({ kind, sensor, verdict }) {
      if (kind === 'clear') return `Fire sensor ${sensorLabel(sensor)} no longer detects smoke or gas.`;
      return `Fire sensor ${sensorLabel(sensor)} detects ${describeFireSignals(verdict.value, c.signal)}; one sensor alone may be a false alarm.`;
    },
  };
}
