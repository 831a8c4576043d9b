/** Turns validated rules into what the engine runs: bound conditions, timings in ms, the dispatch hint. */
import type { CapCertainty, CapSeverity, CapUrgency } from './cap-vocabulary.ts';
import type { LifecycleTimings } from './lifecycle.ts';
import type { LocalTime } from './local-time.ts';
import type { Rule } from './rule-schema.ts';
import type { Selector } from './selector.ts';
import type { FireCorrelationCondition } from './conditions/fire-correlation.ts';
import type { NoDataCondition } from './conditions/no-data.ts';
import type { BindContext, SensorCondition } from './conditions/sensor-condition.ts';
import { bindAccumulation } from './conditions/accumulation.ts';
import { bindFireDetection } from './conditions/fire-detection.ts';
import { bindFireWeather303030 } from './conditions/fire-weather-30-30-30.ts';
import { bindFireWeatherIndex } from './conditions/fire-weather-index.ts';
import { bindGaugeLevels } from './conditions/gauge-levels.ts';
import { bindImplausibleJump } from './conditions/implausible-jump.ts';
import { bindStuck } from './conditions/stuck.ts';
import { bindRateOfChange } from './conditions/rate-of-change.ts';
import { bindThreshold } from './conditions/threshold.ts';
import { machineTypesFor } from '../hazards/machine-types.ts';
import type { Hazard, MachineType } from '../hazards/machine-types.ts';
import type { MoistureCodes } from '../hazards/fwi.ts';

interface CompiledRuleBase {
  readonly id: string;
  readonly name: string;
  readonly hazard: Hazard;
  readonly public: boolean;
  readonly severity: CapSeverity;
  readonly urgency: CapUrgency;
  readonly certainty: CapCertainty;
  readonly selector: Selector;
  readonly timings: LifecycleTimings;
  readonly machineTypes: readonly MachineType[];
}

/** A condition evaluated per reading of one sensor (threshold, rate, levels, FWI, ...). */
export interface CompiledSensorRule extends CompiledRuleBase {
  readonly family: 'sensor';
  readonly condition: SensorCondition<unknown>;
  /** Alerts on water-level gauges for flood rules are about the gauge, others about the sensor. */
  readonly gaugeSubject: boolean;
}

export interface CompiledNoDataRule extends CompiledRuleBase {
  readonly family: 'no_data';
  readonly condition: NoDataCondition;
}

export interface CompiledCorrelationRule extends CompiledRuleBase {
  readonly family: 'fire_correlation';
  readonly condition: FireCorrelationCondition;
}

export type CompiledRule = CompiledSensorRule | CompiledNoDataRule | CompiledCorrelationRule;

function bindSensorCondition(rule: Rule, ctx: BindContext): SensorCondition<unknown> | null {
  const c = rule.condition;
  switch (c.kind) {
    case 'threshold':
      return bindThreshold(c, ctx);
    case 'rate_of_change':
      return bindRateOfChange(c, ctx);
    case 'accumulation':
      return bindAccumulation(c, ctx);
    case 'gauge_levels':
      return bindGaugeLevels(c, ctx);
    case 'fire_weather_index':
      return bindFireWeatherIndex(c, ctx);
    case 'fire_weather_30_30_30':
      return bindFireWeather303030(c, ctx);
    case 'fire_detection':
      return bindFireDetection(c, ctx);
    case 'implausible_jump':
      return bindImplausibleJump(c, ctx);
    case 'stuck':
      return bindStuck(c, ctx);
    case 'no_data':
    case 'fire_correlation':
      return null;
  }
}

export function compileRule(
  rule: Rule,
  localTime: LocalTime,
  fwiStartCodes: Readonly<Record<string, MoistureCodes>> | undefined = undefined,
): CompiledRule {
  const base: CompiledRuleBase = {
    id: rule.id,
    name: rule.name,
    hazard: rule.hazard,
    public: rule.public,
    severity: rule.severity,
    urgency: rule.urgency,
    certainty: rule.certainty,
    selector: rule.selector,
    timings: {
      forMs: rule.lifecycle.for * 1000,
      clearDwellMs: rule.lifecycle.clearDwell * 1000,
      deescalateDwellMs: rule.lifecycle.deescalateDwell * 1000,
      peakStep: rule.lifecycle.peakStep,
    },
    machineTypes: machineTypesFor(rule.hazard),
  };
  const c = rule.condition;
  if (c.kind === 'no_data') return { ...base, family: 'no_data', condition: c };
  if (c.kind === 'fire_correlation') return { ...base, family: 'fire_correlation', condition: c };
  const condition = bindSensorCondition(rule, { severity: rule.severity, certainty: rule.certainty, localTime, fwiStartCodes });
  if (condition === null) throw new Error(`condition kind ${c.kind} has no per-reading evaluator`);
  return { ...base, family: 'sensor', condition, gaugeSubject: rule.hazard === 'flood' };
}
