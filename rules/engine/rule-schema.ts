/**
 * A rule as data (rules/sets/*.json), validated by zod at load. Severity, urgency and certainty use the
 * CAP vocabulary; a condition may pick a severity per level (gauge levels, FWI classes).
 *
 * Sensor faults versus hazards: a single physically impossible reading (a gauge echoing 612 cm once) must
 * not raise a flood alert. gauge_levels and rate_of_change take an optional `plausibility` guard
 * ({ maxStep, maxRatePerHour }): a reading that changes by more than maxStep + maxRatePerHour × elapsed
 * since the previous reading is held back until the next reading confirms it (then both count, one
 * reading late) or contradicts it (then it is dropped). A physical limit rather than "confirm every
 * raise over N readings", so a real rise, even a flash flood's, alerts with no delay. The
 * `implausible_jump` condition applies the same test and raises a sensor_fault alert for the spike.
 * `stuck` raises a sensor_fault alert for a frozen sensor (the same values for hours).
 */
import { z } from 'zod';
import { CAP_CERTAINTIES, CAP_SEVERITIES, CAP_URGENCIES } from './cap-vocabulary.ts';
import { DurationSchema } from './duration.ts';
import { SelectorSchema } from './selector.ts';
import { AccumulationConditionSchema } from './conditions/accumulation.ts';
import { FireCorrelationConditionSchema } from './conditions/fire-correlation.ts';
import { FireDetectionConditionSchema } from './conditions/fire-detection.ts';
import { FireWeather303030ConditionSchema } from './conditions/fire-weather-30-30-30.ts';
import { FireWeatherIndexConditionSchema } from './conditions/fire-weather-index.ts';
import { GaugeLevelsConditionSchema } from './conditions/gauge-levels.ts';
import { ImplausibleJumpConditionSchema } from './conditions/implausible-jump.ts';
import { StuckConditionSchema } from './conditions/stuck.ts';
import { NoDataConditionSchema } from './conditions/no-data.ts';
import { RateOfChangeConditionSchema } from './conditions/rate-of-change.ts';
import { ThresholdConditionSchema } from './conditions/threshold.ts';
import { HAZARDS } from '../hazards/machine-types.ts';

export const RULE_ID = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

export const ConditionSchema = z.discriminatedUnion('kind', [
  ThresholdConditionSchema,
  RateOfChangeConditionSchema,
  AccumulationConditionSchema,
  GaugeLevelsConditionSchema,
  NoDataConditionSchema,
  FireWeatherIndexConditionSchema,
  FireWeather303030ConditionSchema,
  FireDetectionConditionSchema,
  FireCorrelationConditionSchema,
  ImplausibleJumpConditionSchema,
  StuckConditionSchema,
]);
export type Condition = z.infer<typeof ConditionSchema>;
export type ConditionKind = Condition['kind'];

export const LifecycleSchema = z.strictObject({
  /** The raise condition must hold this long before the alert is raised. */
  for: DurationSchema.default(0),
  /** The clear condition must hold this long before the alert resolves by itself. */
  clearDwell: DurationSchema.default(0),
  /** A lower severity must hold this long before the alert goes down to it; going up is immediate. */
  deescalateDwell: DurationSchema.default(0),
  /** Report a new peak only once it has moved this far (in the condition's unit) past the last one reported. */
  peakStep: z.number().min(0).default(0),
});
export type Lifecycle = z.infer<typeof LifecycleSchema>;

export const RuleSchema = z.strictObject({
  id: z.string().regex(RULE_ID, 'lower-case letters, digits, "_", "." or "-", at most 64 characters'),
  name: z.string().min(1).max(200),
  description: z.string().max(2000).default(''),
  enabled: z.boolean().default(true),
  hazard: z.enum(HAZARDS),
  /** Publish this rule's alerts in the public CAP feed. */
  public: z.boolean().default(false),
  severity: z.enum(CAP_SEVERITIES),
  urgency: z.enum(CAP_URGENCIES),
  certainty: z.enum(CAP_CERTAINTIES),
  selector: SelectorSchema,
  condition: ConditionSchema,
  lifecycle: LifecycleSchema.default({ for: 0, clearDwell: 0, deescalateDwell: 0, peakStep: 0 }),
}).superRefine((rule, ctx) => {
  // Corroboration is already the delay, and a cluster is re-evaluated only on detections.
  if (rule.condition.kind === 'fire_correlation' && rule.lifecycle.for > 0) {
    ctx.addIssue({ code: 'custom', path: ['lifecycle', 'for'], message: 'fire_correlation rules raise on corroboration; "for" must be 0' });
  }
});
export type Rule = z.infer<typeof RuleSchema>;
/** A rule as written in a file, before defaults. */
export type RuleInput = z.input<typeof RuleSchema>;

export const RuleSetSchema = z
  .strictObject({
    /** The format version of rule files. */
    version: z.literal(1),
    rules: z.array(RuleSchema),
  })
  .superRefine((set, ctx) => {
    const seen = new Map<string, number>();
    set.rules.forEach((r, i) => {
      const first = seen.get(r.id);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id "${r.id}" (first at rules[${first}])` });
      } else {
        seen.set(r.id, i);
      }
    });
  });
export type RuleSet = z.infer<typeof RuleSetSchema>;
