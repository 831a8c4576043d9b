/**
 * The rule engine: pure functions of (state, input, time). No I/O, no clock; time is passed in.
 *
 * - evaluate(state, reading, sensor, now): per reading, for the rules that select the sensor;
 * - tick(state, now, sensors): periodically (every 10–30 s), for conditions about time passing: silent
 *   sensors and gateways, expiring fire detections.
 *
 * Both update `state` in place and return it with the transitions they caused: copying the state of
 * 10,000 sensors per reading would cost more than the rules. The state stays plain JSON (see state.ts),
 * so persisting it is JSON.stringify, and restore() checks it back in.
 */
import { compileRule } from './compile-rule.ts';
import type { CompiledRule, CompiledCorrelationRule, CompiledNoDataRule } from './compile-rule.ts';
import { correlationOnReading, tickCorrelation } from './correlation-rule.ts';
import { UTC } from './local-time.ts';
import type { LocalTime } from './local-time.ts';
import type { MoistureCodes } from '../hazards/fwi.ts';
import { gatewayOnReading, noDataOnReading, tickNoData } from './no-data-rule.ts';
import { RuleIndex } from './rule-index.ts';
import type { Rule } from './rule-schema.ts';
import { evaluateSensorRule } from './sensor-rule.ts';
import type { EngineState } from './state.ts';
import { restoreEngineState } from './restore-state.ts';
import type { RestoredState } from './restore-state.ts';
import { NO_TRANSITIONS } from './transition.ts';
import type { AlertTransition, EngineResult, RuleReading, RuleSensor } from './types.ts';

export interface RuleEngineOptions {
  /** Local time of the municipality, for daily conditions (FWI at local noon). UTC when absent. */
  readonly localTime?: LocalTime;
  /**
   * Current FWI moisture codes (FFMC, DMC, DC) per weather station id, for a deployment that starts mid
   * season: real FWI operations carry the codes from the season's start in spring, and from the
   * start-of-season codes (85/6/15) a station needs weeks of dry days to reach the danger it really has.
   * A station with codes in the engine state (restored) keeps those; one without starts from these, else
   * from its rule's `startCodes` (which a rule file may also set, for every station of the rule). The
   * server can fill this from the region's `fwiStartCodes` at start-up.
   */
  readonly fwiStartCodes?: Readonly<Record<string, MoistureCodes>>;
}

export interface RuleEngine {
  /** The enabled rules the engine runs, as validated. */
  readonly rules: readonly Rule[];
  evaluate(state: EngineState, reading: RuleReading, sensor: RuleSensor, now: number): EngineResult<EngineState>;
  tick(state: EngineState, now: number, sensors: readonly RuleSensor[]): EngineResult<EngineState>;
  /**
   * Checks persisted state (parsed JSON) against this rule set: state of rules no longer in the set and
   * slots that do not fit their condition are dropped and listed in `problems`; a wrong version starts fresh.
   */
  restore(persisted: unknown): RestoredState;
}

export function createRuleEngine(rules: readonly Rule[], options: RuleEngineOptions = {}): RuleEngine {
  const enabled = rules.filter((r) => r.enabled);
  const compiled: CompiledRule[] = enabled.map((r) => compileRule(r, options.localTime ?? UTC, options.fwiStartCodes));
  const noDataRules = compiled.filter((r): r is CompiledNoDataRule => r.family === 'no_data');
  const correlationRules = compiled.filter((r): r is CompiledCorrelationRule => r.family === 'fire_correlation');
  const index = new RuleIndex(compiled);

  return {
    rules: enabled,

    evaluate(state, reading, sensor, now) {
      state.lastSeen[sensor.id] = now;
      state.gatewayLastSeen[sensor.gatewayId] = now;
      let out: AlertTransition[] | null = null;
      for (const rule of noDataRules) out = gatewayOnReading(state, rule, sensor, now, out);
      for (const rule of index.rulesFor(sensor)) {
        switch (rule.family) {
          case 'sensor':
            out = evaluateSensorRule(state, rule, reading, sensor, now, out);
            break;
          case 'no_data':
            out = noDataOnReading(state, rule, sensor, now, out);
            break;
          case 'fire_correlation':
            out = correlationOnReading(state, rule, reading, sensor, now, out);
            break;
        }
      }
      return { state, transitions: out ?? NO_TRANSITIONS };
    },

    tick(state, now, sensors) {
      state.since ??= now;
      let out: AlertTransition[] | null = null;
      for (const rule of noDataRules) out = tickNoData(state, rule, now, sensors, out);
      for (const rule of correlationRules) out = tickCorrelation(state, rule, now, out);
      return { state, transitions: out ?? NO_TRANSITIONS };
    },

    restore(persisted) {
      return restoreEngineState(persisted, compiled);
    },
  };
}
