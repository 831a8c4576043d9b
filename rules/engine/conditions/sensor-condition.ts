/**
 * The contract of a condition evaluated per sensor reading. Each condition module binds its validated
 * config to one of these; the engine owns slots, lifecycle and transitions.
 */
import type { z } from 'zod';
import type { CapCertainty, CapSeverity } from '../cap-vocabulary.ts';
import type { LocalTime } from '../local-time.ts';
import type { MoistureCodes } from '../../hazards/fwi.ts';
import type { PeakMode } from '../lifecycle.ts';
import type { RuleReading, RuleSensor, TransitionKind } from '../types.ts';
import type { Verdict } from '../verdict.ts';

/** What a condition may need from its rule and the engine when it is bound. */
export interface BindContext {
  readonly severity: CapSeverity;
  readonly certainty: CapCertainty;
  readonly localTime: LocalTime;
  /** Current FWI moisture codes per weather station, to seed a station the engine has no codes for yet. */
  readonly fwiStartCodes?: Readonly<Record<string, MoistureCodes>> | undefined;
}

export interface DescribeContext<D> {
  readonly kind: TransitionKind;
  readonly sensor: RuleSensor;
  readonly verdict: Readonly<Verdict>;
  readonly data: D | null;
}

export interface SensorCondition<D> {
  /** Unit of the verdict value, for transitions. */
  readonly unit: string;
  readonly peakMode: PeakMode;
  /**
   * A stateless condition keeps no data per subject: the engine then creates a slot only when the
   * condition fires, so quiet sensors cost no memory.
   */
  readonly stateless: boolean;
  /** Validates restored data; null for stateless conditions. */
  readonly dataSchema: z.ZodType<D> | null;
  initData(): D | null;
  /** Writes the verdict for this reading into `out`; false when the reading says nothing to this condition. */
  evaluate(reading: RuleReading, sensor: RuleSensor, t: number, data: D | null, out: Verdict): boolean;
  /** A sentence on why: values, levels, trend. */
  describe(ctx: DescribeContext<D>): string;
}

export function sensorLabel(sensor: RuleSensor): string {
  return sensor.name ?? sensor.id;
}

/** Numbers in messages: at most one decimal, no trailing ".0". */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return String(Math.round(v * 10) / 10);
}
