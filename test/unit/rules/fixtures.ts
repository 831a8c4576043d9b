/** Builders for rule-engine tests: rules from partial input, sensors near Polygyros, readings, a clock. */
import { RuleSchema } from '../../../rules/engine/rule-schema.ts';
import type { Rule, RuleInput } from '../../../rules/engine/rule-schema.ts';
import { createRuleEngine } from '../../../rules/engine/engine.ts';
import type { RuleEngine, RuleEngineOptions } from '../../../rules/engine/engine.ts';
import { createEngineState } from '../../../rules/engine/state.ts';
import type { EngineState } from '../../../rules/engine/state.ts';
import type { AlertTransition, RuleReading, RuleSensor } from '../../../rules/engine/types.ts';

export const T0 = Date.UTC(2024, 6, 15, 8, 0, 0);
export const MIN = 60_000;
export const HOUR = 3_600_000;

export function rule(input: Partial<RuleInput> & Pick<RuleInput, 'condition'>): Rule {
  return RuleSchema.parse({
    id: 'test-rule',
    name: 'Test rule',
    hazard: 'flood',
    severity: 'Moderate',
    urgency: 'Immediate',
    certainty: 'Observed',
    selector: { kinds: ['weather_station', 'water_level_gauge', 'fire_sensor'] },
    ...input,
  });
}

export function sensor(id: string, over: Partial<RuleSensor> = {}): RuleSensor {
  return {
    id,
    kind: 'weather_station',
    lat: 40.381,
    lon: 23.446,
    villageId: 'polygyros',
    gatewayId: 'gw-1',
    expectedIntervalS: 60,
    ...over,
  };
}

export function gauge(id: string, warningLevelCm = 120, alarmLevelCm = 180, over: Partial<RuleSensor> = {}): RuleSensor {
  return sensor(id, { kind: 'water_level_gauge', expectedIntervalS: 300, levels: { warningLevelCm, alarmLevelCm }, ...over });
}

export function reading(sensorId: string, ts: number, metrics: Record<string, number>): RuleReading {
  return { sensorId, ts, metrics };
}

/** An engine and its state, with helpers that feed readings and collect transitions. */
export class Harness {
  readonly engine: RuleEngine;
  state: EngineState = createEngineState();

  constructor(rules: readonly Rule[], options: RuleEngineOptions = {}) {
    this.engine = createRuleEngine(rules, options);
  }

  feed(s: RuleSensor, ts: number, metrics: Record<string, number>, now = ts): readonly AlertTransition[] {
    const r = this.engine.evaluate(this.state, reading(s.id, ts, metrics), s, now);
    this.state = r.state;
    return r.transitions;
  }

  tick(now: number, sensors: readonly RuleSensor[]): readonly AlertTransition[] {
    const r = this.engine.tick(this.state, now, sensors);
    this.state = r.state;
    return r.transitions;
  }
}

/** "raise Moderate", "update Severe", "clear Moderate": a transition in one comparable word pair. */
export function brief(ts: readonly AlertTransition[]): string[] {
  return ts.map((t) => `${t.kind} ${t.severity}`);
}
