/**
 * Flood levels from the gauge's own registry record (DOMAIN.md §2), IMGW style: above the warning level
 * and rising raises the warning severity, above the alarm level and rising the alarm severity, and an
 * optional rapid rise on its own a lower one. Water that stands high but no longer rises keeps an
 * alert (hold) without raising a new one; it clears once below the warning level minus the hysteresis.
 */
import { z } from 'zod';
import { CAP_SEVERITIES } from '../cap-vocabulary.ts';
import { DurationSchema, PositiveDurationSchema } from '../duration.ts';
import { MetricNameSchema } from '../metric-name.ts';
import { PlausibilitySchema } from '../plausibility.ts';
import { createSampleWindow, pushScreenedSample, slopePerHour, windowSpanMs } from '../sample-window.ts';
import type { SampleWindow } from '../sample-window.ts';
import { setVerdict } from '../verdict.ts';
import { imgwWarningDegree, levelBand } from '../../hazards/flood-levels.ts';
import { SampleWindowSchema } from './rate-of-change.ts';
import { formatNumber, sensorLabel } from './sensor-condition.ts';
import type { BindContext, SensorCondition } from './sensor-condition.ts';

const SeveritySchema = z.enum(CAP_SEVERITIES);

export const GaugeLevelsConditionSchema = z
  .strictObject({
    kind: z.literal('gauge_levels'),
    metric: MetricNameSchema.default('water_level_cm'),
    warningSeverity: SeveritySchema.default('Moderate'),
    alarmSeverity: SeveritySchema.default('Severe'),
    /** IMGW degree 1: a rise at least this fast, below the warning level. Off when absent. */
    rapidRise: z.strictObject({ cmPerHour: z.number().positive(), severity: SeveritySchema.default('Minor') }).optional(),
    /** IMGW raises degrees 2 and 3 only while the water rises; false raises on the level alone. */
    requireRising: z.boolean().default(true),
    /** The smallest rise that counts as rising, so gauge noise does not. */
    minRiseCmPerHour: z.number().min(0).default(1),
    trendWindow: PositiveDurationSchema.default(3600),
    /** The trend is trusted once the samples span this long; before that it counts as rising. */
    minTrendSpan: DurationSchema.default(900),
    /** Clear only below the warning level minus this, so water at the line does not flap. */
    hysteresisCm: z.number().min(0).default(5),
    maxSamples: z.number().int().min(2).max(1000).default(60),
    /**
     * Hold back a level that jumps further than physically possible from the previous reading until the
     * next reading confirms it (plausibility.ts): one echo of 612 cm raises no flood alert, while a real
     * rise, even a flash flood's few cm per minute, passes at once. Off when absent.
     */
    plausibility: PlausibilitySchema.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.minTrendSpan > c.trendWindow) {
      ctx.addIssue({ code: 'custom', path: ['minTrendSpan'], message: 'must not be longer than trendWindow' });
    }
  });
export type GaugeLevelsCondition = z.infer<typeof GaugeLevelsConditionSchema>;

export function bindGaugeLevels(c: GaugeLevelsCondition, _ctx: BindContext): SensorCondition<SampleWindow> {
  const windowMs = c.trendWindow * 1000;
  const minSpanMs = c.minTrendSpan * 1000;
  const imgw = { rapidRiseCmPerHour: c.rapidRise?.cmPerHour ?? Infinity, minRiseCmPerHour: c.minRiseCmPerHour };
  const observation = { levelCm: 0, rateCmPerHour: NaN };
  return {
    unit: 'cm',
    peakMode: 'max',
    stateless: false,
    dataSchema: SampleWindowSchema,
    initData: createSampleWindow,
    evaluate(reading, sensor, t, data, out) {
      const level = reading.metrics[c.metric];
      const levels = sensor.levels;
      if (level === undefined || levels === undefined || data === null) return false;
      if (pushScreenedSample(data, c.plausibility, t, level, windowMs, c.maxSamples) === 'suspect') return false;
      const rate = windowSpanMs(data) >= minSpanMs ? slopePerHour(data) : NaN;
      observation.levelCm = level;
      observation.rateCmPerHour = rate;
      let degree = imgwWarningDegree(observation, levels, imgw);
      if (!c.requireRising && degree < 2) {
        const band = levelBand(level, levels);
        if (band !== 'below_warning') degree = band === 'alarm' ? 3 : 2;
      }
      if (degree === 3) setVerdict(out, 'fire', c.alarmSeverity, level, levels.alarmLevelCm, rate);
      else if (degree === 2) setVerdict(out, 'fire', c.warningSeverity, level, levels.warningLevelCm, rate);
      else if (degree === 1 && c.rapidRise !== undefined) setVerdict(out, 'fire', c.rapidRise.severity, level, NaN, rate);
      else {
        const band = levelBand(level, levels);
        if (band === 'alarm') setVerdict(out, 'hold', c.alarmSeverity, level, levels.alarmLevelCm, rate);
        else if (level >= levels.warningLevelCm - c.hysteresisCm) setVerdict(out, 'hold', c.warningSeverity, level, levels.warningLevelCm, rate);
        else setVerdict(out, 'clear', c.warningSeverity, level, levels.warningLevelCm - c.hysteresisCm, rate);
      }
      return true;
    },
    describe({ kind, sensor, verdict }) {
      const where = `Water level at ${sensorLabel(sensor)} is ${formatNumber(verdict.value)} cm`;
      const trend = Number.isNaN(verdict.ratePerHour)
        ? 'trend not known yet'
        : verdict.ratePerHour >= 0
          ? `rising ${formatNumber(verdict.ratePerHour)} cm/h`
          : `falling ${formatNumber(-verdict.ratePerHour)} cm/h`;
      const levels = sensor.levels;
      if (kind === 'clear') return `${where}, back below ${formatNumber(verdict.limit)} cm (${trend}).`;
      if (levels === undefined) return `${where} (${trend}).`;
      const band = levelBand(verdict.value, levels);
      if (band === 'alarm') return `${where}, above the alarm level ${formatNumber(levels.alarmLevelCm)} cm (${trend}).`;
      if (band === 'warning') {
        return `${where}, above the warning level ${formatNumber(levels.warningLevelCm)} cm, alarm at ${formatNumber(levels.alarmLevelCm)} cm (${trend}).`;
      }
      return `${where}, below the warning level ${formatNumber(levels.warningLevelCm)} cm (${trend}).`;
    },
  };
}
